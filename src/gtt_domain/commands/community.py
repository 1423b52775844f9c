"""Commands on communities (groups, 教共体, 医共体, learning teams, home–school and
school–enterprise communities). People are referred to by id only."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from pydantic import Field

from gtt_domain.commands.base import Command
from gtt_domain.domain.community_parts import (
    ActivityKind,
    ApprovalStepKind,
    CommunityKind,
    MemberRole,
)

RoleSlug = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,48}$",
                                description="a slug such as council_chair")]
Grade = Annotated[str, Field(min_length=1, max_length=40, description="e.g. grade-10")]


class EstablishCommunity(Command):
    """Establish a community around its core member (the head from that day); with an
    external id, re-establishing returns the same id and records nothing."""

    group = "community"
    verb = "establish"
    example = ("gtt community establish --kind education_group --name 'Anxi No.1 Group' "
               "--region Anxi --core-institution-id IID --established-on 2024-09-01")

    kind: CommunityKind
    name: str = Field(min_length=1, max_length=200)
    region: str = Field(min_length=1, max_length=100)
    core_institution_id: UUID
    established_on: date
    external_id: str | None = Field(None, min_length=1, max_length=100)


class JoinCommunity(Command):
    """Record an institution joining a community (optionally with the branch plaque, P1-S2)."""

    group = "community"
    verb = "join"
    example = ("gtt community join --community-id CID --institution-id IID --on 2024-09-01 "
               "--role branch --plaque-on 2024-09-10")

    community_id: UUID
    institution_id: UUID
    on: date
    role: MemberRole = MemberRole.MEMBER
    plaque_on: date | None = None


class LeaveCommunity(Command):
    """Record a member institution leaving a community."""

    group = "community"
    verb = "leave"
    example = "gtt community leave --community-id CID --institution-id IID --on 2025-07-01"

    community_id: UUID
    institution_id: UUID
    on: date


class HangPlaque(Command):
    """Record that a member hung the community's (head school's) plaque (P1-S2, P4-S1)."""

    group = "community"
    verb = "hang-plaque"
    example = "gtt community hang-plaque --community-id CID --institution-id IID --on 2024-09-10"

    community_id: UUID
    institution_id: UUID
    on: date


class AssignCommunityRole(Command):
    """Record a person taking a role in the community (council_chair, team_leader…; P1-S3)."""

    group = "community"
    verb = "assign-role"
    example = ("gtt community assign-role --community-id CID --person-id PID "
               "--role council_chair --since 2024-09-01")

    community_id: UUID
    person_id: UUID
    role: RoleSlug
    since: date


class EndCommunityRole(Command):
    """Record a person leaving a community role."""

    group = "community"
    verb = "end-role"
    example = ("gtt community end-role --community-id CID --person-id PID "
               "--role council_chair --on 2025-08-31")

    community_id: UUID
    person_id: UUID
    role: RoleSlug
    on: date


class AdoptCharter(Command):
    """Record the adoption of the community's charter (P1-R1), optionally as an agreement."""

    group = "community"
    verb = "adopt-charter"
    example = "gtt community adopt-charter --community-id CID --adopted-on 2024-09-01"

    community_id: UUID
    agreement_id: UUID | None = None
    adopted_on: date


class DefineTeam(Command):
    """Set a learning team's grade, subject and topic (P5-R1, P5-R3)."""

    group = "community"
    verb = "define-team"
    example = ("gtt community define-team --community-id CID --subject mathematics "
               "--grade grade-10 --topic 'Questioning strategies'")

    community_id: UUID
    subject: str = Field(min_length=1, max_length=100)
    grade: Grade
    topic: str | None = Field(None, max_length=300)
    on: date | None = Field(None, description="when it took effect (default: today)")


class AddTeamMember(Command):
    """Add a teacher to a learning team."""

    group = "community"
    verb = "add-team-member"
    example = "gtt community add-team-member --community-id CID --person-id PID --on 2025-09-01"

    community_id: UUID
    person_id: UUID
    on: date


class RemoveTeamMember(Command):
    """Record a teacher leaving a learning team."""

    group = "community"
    verb = "remove-team-member"
    example = "gtt community remove-team-member --community-id CID --person-id PID --on 2026-01-31"

    community_id: UUID
    person_id: UUID
    on: date


class ReportTeam(Command):
    """Record the grade reporting its learning team (due by 25 September, P5-R2)."""

    group = "community"
    verb = "report-team"
    example = "gtt community report-team --community-id CID --reported-on 2025-09-20"

    community_id: UUID
    reported_on: date


class RecordActivity(Command):
    """Record an activity the community held, with its participants and record (P1-R3,
    P2-R1..R3, P5-R4). The record text must refer to people by id, not by name."""

    group = "community"
    verb = "record-activity"
    example = ("gtt community record-activity --community-id CID --kind research_activity "
               "--held-on 2025-03-12 --participants PID1 --participants PID2 --record 'Open class'")

    community_id: UUID
    activity_id: str | None = Field(None, min_length=1, max_length=100,
                                    description="natural key; makes re-recording refused, not doubled")
    kind: ActivityKind
    held_on: date
    participants: list[UUID] = Field(default_factory=list, max_length=5000)
    grade: Grade | None = None
    record: str = Field("", max_length=20000)
    approved_by: UUID | None = Field(None, description="person who approved (P2-R3)")


class ScoreResults(Command):
    """Record an expert panel's score for a grade's results in a month (P5-R5)."""

    group = "community"
    verb = "score-results"
    example = ("gtt community score-results --community-id CID --month 2025-10 "
               "--grade grade-10 --score 88.5 --scorer 'Expert panel'")

    community_id: UUID
    month: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="YYYY-MM")
    grade: Grade
    score: Decimal = Field(ge=0, le=1000)
    scorer: str = Field(min_length=1, max_length=200)
    scored_on: date | None = Field(None, description="when it took effect (default: today)")


class RecordFunding(Command):
    """Record earmarked funding the community received (P1-R12)."""

    group = "community"
    verb = "record-funding"
    example = ("gtt community record-funding --community-id CID --amount 300000 "
               "--received-on 2025-04-01 --source 'County finance bureau'")

    community_id: UUID
    amount: Decimal = Field(gt=0, max_digits=14, decimal_places=2)
    received_on: date
    source: str = Field(min_length=1, max_length=200)


class RecordApprovalStep(Command):
    """Record a step of a cross-region group's approval (P3-R3)."""

    group = "community"
    verb = "record-approval"
    example = ("gtt community record-approval --community-id CID --step member_bureau_consent "
               "--by 'Dehua County Education Bureau' --on 2024-06-01 --institution-id IID")

    community_id: UUID
    step: ApprovalStepKind
    by: str = Field(min_length=1, max_length=200, description="the authority")
    on: date
    institution_id: UUID | None = Field(None, description="the member the step concerns")


class RecordOnlinePairing(Command):
    """Record an online pairing of a (rural) school with a partner school (P3-R4)."""

    group = "community"
    verb = "record-pairing"
    example = ("gtt community record-pairing --community-id CID --school-id IID "
               "--partner-id IID2 --on 2025-03-01")

    community_id: UUID
    school_id: UUID
    partner_id: UUID
    on: date


class EntrustBranch(Command):
    """Record the bureau's decision entrusting a branch school to a renowned member school
    to run it (名校办分校; P3-R1 wants at least one new one per district and year)."""

    group = "community"
    verb = "entrust-branch"
    example = ("gtt community entrust-branch --community-id CID --branch-id IID "
               "--run-by-id HEAD_IID --on 2025-09-01 --decided-by 'Anxi County Education Bureau'")

    community_id: UUID
    branch_id: UUID
    run_by_id: UUID = Field(description="the renowned school that runs the branch")
    on: date
    decided_by: str = Field(min_length=1, max_length=200, description="the authority that decided")


class RecordBranchStanding(Command):
    """Record that a branch is assessed weak (薄弱分校), or no longer weak, from a date;
    P1-R5 counts the cadres and backbone teachers sent to weak branches."""

    group = "community"
    verb = "rate-branch"
    example = ("gtt community rate-branch --community-id CID --institution-id IID --weak "
               "--on 2024-09-01 --basis '2024 county quality ranking: bottom third'")

    community_id: UUID
    institution_id: UUID
    weak: bool
    on: date
    basis: str = Field(min_length=1, max_length=500, description="what the assessment rests on")


Reason = Field(min_length=1, max_length=500, description="why the record was wrong")


class CorrectActivity(Command):
    """Correct (or, with --retract, withdraw) a recorded activity: the original stays on
    record; the correction says who changed what and why."""

    group = "community"
    verb = "correct-activity"
    example = ("gtt community correct-activity --community-id CID --activity-id A1 "
               "--held-on 2025-03-13 --reason 'minutes dated the 13th'")

    community_id: UUID
    activity_id: str = Field(min_length=1, max_length=100)
    kind: ActivityKind | None = None
    held_on: date | None = None
    participants: list[UUID] | None = Field(None, max_length=5000)
    grade: Grade | None = None
    record: str | None = Field(None, max_length=20000, description="the record text (default: none)")
    approved_by: UUID | None = None
    retract: bool = Field(False, description="withdraw the activity as recorded in error")
    reason: str = Reason


class CorrectFunding(Command):
    """Correct (or withdraw) a funding record; the original stays on record."""

    group = "community"
    verb = "correct-funding"
    example = ("gtt community correct-funding --community-id CID --item 1 --amount 250000 "
               "--reason 'the transfer was 250,000'")

    community_id: UUID
    item: int = Field(ge=1, description="the funding record's number, from 1, in the order recorded")
    amount: Decimal | None = Field(None, gt=0, max_digits=14, decimal_places=2)
    received_on: date | None = None
    source: str | None = Field(None, min_length=1, max_length=200)
    retract: bool = Field(False, description="withdraw the record as made in error")
    reason: str = Reason


class CorrectScore(Command):
    """Correct (or withdraw) a grade's score for a month (P5-R5); the original stays on record."""

    group = "community"
    verb = "correct-score"
    example = ("gtt community correct-score --community-id CID --month 2025-10 --grade grade-10 "
               "--score 91 --reason 'panel sheet re-added'")

    community_id: UUID
    month: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="YYYY-MM")
    grade: Grade
    score: Decimal | None = Field(None, ge=0, le=1000)
    retract: bool = Field(False, description="withdraw the score as recorded in error")
    reason: str = Reason


class PairTeachers(Command):
    """Record a backbone teacher paired one to one with a teacher whose results rank
    lowest (P1-R13)."""

    group = "community"
    verb = "pair-teachers"
    example = ("gtt community pair-teachers --community-id CID --mentor-id PID "
               "--mentee-id PID2 --on 2025-09-01")

    community_id: UUID
    mentor_id: UUID = Field(description="the backbone teacher")
    mentee_id: UUID = Field(description="the teacher helped")
    on: date


class EndTeacherPair(Command):
    """Record the end of a one-to-one teacher pairing (P1-R13)."""

    group = "community"
    verb = "end-pair"
    example = ("gtt community end-pair --community-id CID --mentor-id PID "
               "--mentee-id PID2 --on 2026-07-01")

    community_id: UUID
    mentor_id: UUID
    mentee_id: UUID
    on: date


class DissolveCommunity(Command):
    """Record that a community was dissolved."""

    group = "community"
    verb = "dissolve"
    example = "gtt community dissolve --community-id CID --on 2027-08-31 --reason 'merged'"

    community_id: UUID
    on: date
    reason: str = Field(min_length=1, max_length=500)


#: the commands of this module, in the order of their help (an explicit list)
COMMANDS: tuple[type[Command], ...] = (
    EstablishCommunity,
    JoinCommunity,
    LeaveCommunity,
    HangPlaque,
    AssignCommunityRole,
    EndCommunityRole,
    AdoptCharter,
    DefineTeam,
    AddTeamMember,
    RemoveTeamMember,
    ReportTeam,
    RecordActivity,
    ScoreResults,
    RecordFunding,
    RecordApprovalStep,
    RecordOnlinePairing,
    EntrustBranch,
    RecordBranchStanding,
    PairTeachers,
    EndTeacherPair,
    CorrectActivity,
    CorrectFunding,
    CorrectScore,
    DissolveCommunity,
)
