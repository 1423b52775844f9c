"""Community: a standing body of member institutions (education group, 教共体, 医共体,
teacher learning team, home–school or school–enterprise community).

Life: the body exists from ``established_on`` through ``dissolved_on`` (both inclusive).
Facts *of the body* dated outside that life (a member joining, an activity held, funding
received) cannot be true and are refused. Facts that precede a body by nature (bureau
approvals, P3-R3, and the charter it is founded on, P1-R1) may be dated before
establishment, never after dissolution. Recording a fact late is always possible while its
date lies inside the life, and a dissolution cannot be dated before a fact already on
record. Memberships are half-open spells ``[joined_on, left_on)``; the core member is the
``head`` from establishment. People appear by id only (personal data lives in Person).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from eventsourcing.domain import event

from gtt_domain.domain.base import GttAggregate, by_version, check_period
from gtt_domain.domain.community_parts import (
    MONTH,
    Activity,
    ActivityKind,
    ApprovalStep,
    ApprovalStepKind,
    BranchStanding,
    Charter,
    CommunityKind,
    Entrustment,
    Funding,
    MemberRole,
    MemberSpell,
    Pairing,
    PersonSpell,
    ScoredResult,
    TeacherPair,
    Team,
    values_of,
)
from gtt_domain.domain.errors import DomainError
from gtt_domain.domain.meta import EventMeta
from gtt_domain.domain.person import check_role_slug

TEAM_MEMBER = "team_member"


class Community(GttAggregate):
    KIND = "community"

    class Established(GttAggregate.Created):
        kind: str
        name: str
        region: str
        core_institution_id: str
        established_on: date
        external_id: str | None
        meta: EventMeta

    class MemberJoined(GttAggregate.Event):
        institution_id: str
        on: date
        role: str
        plaque_on: date | None
        meta: EventMeta

    class MemberLeft(GttAggregate.Event):
        institution_id: str
        on: date
        meta: EventMeta

    class PlaqueHung(GttAggregate.Event):
        institution_id: str
        on: date
        meta: EventMeta

    class RoleAssigned(GttAggregate.Event):
        person_id: str
        role: str
        since: date
        meta: EventMeta

    class RoleEnded(GttAggregate.Event):
        person_id: str
        role: str
        on: date
        meta: EventMeta

    class CharterAdopted(GttAggregate.Event):
        agreement_id: str | None
        adopted_on: date
        meta: EventMeta

    class TeamDefined(GttAggregate.Event):
        """A learning team's grade, subject and topic (P5-R1, P5-R3)."""

        subject: str
        grade: str
        topic: str | None
        meta: EventMeta

    class TeamMemberAdded(GttAggregate.Event):
        person_id: str
        on: date
        meta: EventMeta

    class TeamMemberRemoved(GttAggregate.Event):
        person_id: str
        on: date
        meta: EventMeta

    class TeamReported(GttAggregate.Event):
        reported_on: date
        meta: EventMeta

    class ActivityHeld(GttAggregate.Event):
        activity_id: str
        kind: str
        held_on: date
        participants: list[str]
        grade: str | None
        record: str
        approved_by: str | None
        meta: EventMeta

    class ResultsScored(GttAggregate.Event):
        month: str
        grade: str
        score: Decimal
        scorer: str
        meta: EventMeta

    class FundingReceived(GttAggregate.Event):
        amount: Decimal
        received_on: date
        source: str
        meta: EventMeta

    class ApprovalStepRecorded(GttAggregate.Event):
        step: str
        by: str
        on: date
        institution_id: str | None
        meta: EventMeta

    class OnlinePairingRecorded(GttAggregate.Event):
        school_id: str
        partner_id: str
        on: date
        meta: EventMeta

    class BranchEntrusted(GttAggregate.Event):
        """The bureau entrusted a branch school to a renowned member school to run it
        (名校办分校, P3-R1 counts the new ones per district and year)."""

        branch_id: str
        run_by_id: str
        on: date
        decided_by: str
        meta: EventMeta

    class BranchStandingRecorded(GttAggregate.Event):
        """A branch was assessed weak (薄弱分校) or no longer weak from ``on`` (P1-R5 sends
        cadres and backbone teachers to the weak branches)."""

        institution_id: str
        weak: bool
        on: date
        basis: str
        meta: EventMeta

    class ActivityCorrected(GttAggregate.Event):
        """Activity ``activity_id`` restated (or, ``retracted``, withdrawn as recorded in
        error); the original stays in the log (issue 19)."""

        activity_id: str
        kind: str
        held_on: date
        participants: list[str]
        grade: str | None
        record: str
        approved_by: str | None
        retracted: bool
        reason: str
        meta: EventMeta

    class FundingCorrected(GttAggregate.Event):
        """The funding recorded by event version ``corrects`` restated or retracted."""

        corrects: int
        amount: Decimal
        received_on: date
        source: str
        retracted: bool
        reason: str
        meta: EventMeta

    class ResultsScoreCorrected(GttAggregate.Event):
        """A grade's score for a month (P5-R5) restated or retracted."""

        month: str
        grade: str
        score: Decimal
        retracted: bool
        reason: str
        meta: EventMeta

    class TeachersPaired(GttAggregate.Event):
        """A backbone teacher paired one to one with a teacher whose results rank lowest (P1-R13)."""

        mentor_id: str
        mentee_id: str
        on: date
        meta: EventMeta

    class TeacherPairEnded(GttAggregate.Event):
        mentor_id: str
        mentee_id: str
        on: date
        meta: EventMeta

    class Dissolved(GttAggregate.Event):
        on: date
        reason: str
        meta: EventMeta

    @event(Established)
    def __init__(
        self,
        id: UUID,  # noqa: A002
        kind: str,
        name: str,
        region: str,
        core_institution_id: str,
        established_on: date,
        external_id: str | None,
        meta: EventMeta,
    ) -> None:
        self.kind = kind
        self.name = name
        self.region = region
        self.core_institution_id = core_institution_id
        self.established_on = established_on
        self.external_id = external_id
        self.dissolved_on: date | None = None
        self.dissolution_reason: str | None = None
        self.members = [MemberSpell(core_institution_id, MemberRole.HEAD.value, established_on)]
        self.roles: list[PersonSpell] = []
        self.team: Team | None = None
        self.team_members: list[PersonSpell] = []
        self.team_reports: list[date] = []
        self.charters: list[Charter] = []
        self.activities: dict[str, Activity] = {}  # record text stays in the events
        self.results: list[ScoredResult] = []
        self.funding: list[Funding] = []
        self.approvals: list[ApprovalStep] = []
        self.pairings: list[Pairing] = []
        self.entrustments: list[Entrustment] = []
        self.last_fact_on: date = established_on  # latest dated fact: bounds dissolution

    #: added after the first release (older snapshots lack it)
    standings: tuple[BranchStanding, ...] | list[BranchStanding] = ()
    teacher_pairs: tuple[TeacherPair, ...] | list[TeacherPair] = ()

    @classmethod
    def establish(
        cls, id: UUID, kind: str, name: str, region: str,  # noqa: A002
        core_institution_id: str, established_on: date, external_id: str | None, meta: EventMeta,
    ) -> Community:
        """Guarded creation: the kind must be known."""
        if kind not in values_of(CommunityKind):
            raise DomainError("community", "establish", f"unknown community kind {kind!r}")
        return cls(id=id, kind=kind, name=name, region=region,
                   core_institution_id=core_institution_id, established_on=established_on,
                   external_id=external_id, meta=meta.effective_on(established_on))

    # --- queries ---------------------------------------------------------------------

    def alive_on(self, day: date) -> bool:
        return self.established_on <= day and (self.dissolved_on is None or day <= self.dissolved_on)

    def is_member_on(self, institution_id: str | UUID, day: date) -> bool:
        key = str(institution_id)
        return self.alive_on(day) and any(
            s.institution_id == key and s.covers(day) for s in self.members)

    def members_on(self, day: date) -> set[str]:
        if not self.alive_on(day):
            return set()
        return {s.institution_id for s in self.members if s.covers(day)}

    def member_role_on(self, institution_id: str | UUID, day: date) -> str | None:
        key = str(institution_id)
        for s in self.members:
            if s.institution_id == key and s.covers(day) and self.alive_on(day):
                return s.role
        return None

    def role_holders_on(self, role: str, day: date) -> set[str]:
        if not self.alive_on(day):
            return set()
        return {r.person_id for r in self.roles if r.role == role and r.covers(day)}

    def team_on(self, day: date) -> set[str]:
        if not self.alive_on(day):
            return set()
        return {t.person_id for t in self.team_members if t.covers(day)}

    def charter_adopted_by(self, day: date) -> bool:
        return any(c.adopted_on <= day for c in self.charters)

    def funding_received(self, start: date, end: date) -> Decimal:
        """Funding received in ``[start, end]`` (P1-R12 compares a year's sum)."""
        return sum((f.amount for f in self.funding if start <= f.received_on <= end), Decimal(0))

    # --- commands: membership --------------------------------------------------------

    def join(self, institution_id: str, on: date, role: str, plaque_on: date | None,
             meta: EventMeta) -> None:
        cmd = "join"
        if role not in values_of(MemberRole):
            self.refuse(cmd, f"unknown member role {role!r}")
        self._require_alive(cmd, on)
        spells = self._spells(institution_id)
        if spells and spells[-1].left_on is None:
            self.refuse(cmd, f"institution {institution_id} is already a member since "
                             f"{spells[-1].joined_on}")
        if spells and spells[-1].left_on is not None and on < spells[-1].left_on:
            self.refuse(cmd, f"rejoins on {on}, before it left on {spells[-1].left_on}")
        if plaque_on is not None:
            if plaque_on < on:
                self.refuse(cmd, f"plaque hung on {plaque_on}, before joining on {on}")
            self._require_alive(cmd, plaque_on)
        self._member_joined(institution_id=institution_id, on=on, role=role, plaque_on=plaque_on,
                            meta=meta.effective_on(on))

    def leave(self, institution_id: str, on: date, meta: EventMeta) -> None:
        spells = self._spells(institution_id)
        if not spells or spells[-1].left_on is not None:
            self.refuse("leave", f"institution {institution_id} is not a member")
        check_period(self.KIND, "leave", spells[-1].joined_on, on)
        self._require_alive("leave", on)
        self._member_left(institution_id=institution_id, on=on, meta=meta.effective_on(on))

    def hang_plaque(self, institution_id: str, on: date, meta: EventMeta) -> None:
        self._require_alive("hang_plaque", on)
        spell = next((s for s in self._spells(institution_id) if s.covers(on)), None)
        if spell is None:
            self.refuse("hang_plaque", f"institution {institution_id} is not a member on {on}")
        if spell.plaque_on is not None:
            self.refuse("hang_plaque", f"the plaque was already hung on {spell.plaque_on}")
        self._plaque_hung(institution_id=institution_id, on=on, meta=meta.effective_on(on))

    def _spells(self, institution_id: str) -> list[MemberSpell]:
        return [s for s in self.members if s.institution_id == institution_id]

    # --- commands: people ------------------------------------------------------------

    def assign_role(self, person_id: str, role: str, since: date, meta: EventMeta) -> None:
        check_role_slug(self.KIND, "assign_role", role)
        self._require_alive("assign_role", since)
        if self._open(self.roles, person_id, role) is not None:
            self.refuse("assign_role", f"person {person_id} already holds role {role!r}")
        self._role_assigned(person_id=person_id, role=role, since=since, meta=meta.effective_on(since))

    def end_role(self, person_id: str, role: str, on: date, meta: EventMeta) -> None:
        spell = self._open(self.roles, person_id, role)
        if spell is None:
            self.refuse("end_role", f"person {person_id} does not hold role {role!r}")
        check_period(self.KIND, "end_role", spell.since, on)
        self._require_alive("end_role", on)
        self._role_ended(person_id=person_id, role=role, on=on, meta=meta.effective_on(on))

    def define_team(self, subject: str, grade: str, topic: str | None, meta: EventMeta) -> None:
        self._require_team("define_team")
        if self.dissolved_on is not None:
            self.refuse("define_team", f"the community was dissolved on {self.dissolved_on}")
        if self.team == Team(subject, grade, topic):
            self.refuse("define_team", "the team is already defined so")
        self._team_defined(subject=subject, grade=grade, topic=topic, meta=meta)

    def add_team_member(self, person_id: str, on: date, meta: EventMeta) -> None:
        self._require_team("add_team_member")
        self._require_alive("add_team_member", on)
        if self._open(self.team_members, person_id, TEAM_MEMBER) is not None:
            self.refuse("add_team_member", f"person {person_id} is already on the team")
        self._team_member_added(person_id=person_id, on=on, meta=meta.effective_on(on))

    def remove_team_member(self, person_id: str, on: date, meta: EventMeta) -> None:
        self._require_team("remove_team_member")
        spell = self._open(self.team_members, person_id, TEAM_MEMBER)
        if spell is None:
            self.refuse("remove_team_member", f"person {person_id} is not on the team")
        check_period(self.KIND, "remove_team_member", spell.since, on)
        self._require_alive("remove_team_member", on)
        self._team_member_removed(person_id=person_id, on=on, meta=meta.effective_on(on))

    def report_team(self, reported_on: date, meta: EventMeta) -> None:
        self._require_team("report_team")
        self._require_alive("report_team", reported_on)
        self._team_reported(reported_on=reported_on, meta=meta.effective_on(reported_on))

    @staticmethod
    def _open(spells: list[PersonSpell], person_id: str, role: str) -> PersonSpell | None:
        return next((s for s in spells if s.person_id == person_id and s.role == role
                     and s.until is None), None)

    def _require_team(self, command: str) -> None:
        if self.kind != CommunityKind.LEARNING_TEAM:
            self.refuse(command, f"only a learning team has team members, not a {self.kind}")

    # --- commands: the body's record -------------------------------------------------

    def adopt_charter(self, agreement_id: str | None, adopted_on: date, meta: EventMeta) -> None:
        self._require_alive("adopt_charter", adopted_on, before_ok=True)
        if Charter(agreement_id, adopted_on) in self.charters:
            self.refuse("adopt_charter", f"this charter was already adopted on {adopted_on}")
        self._charter_adopted(agreement_id=agreement_id, adopted_on=adopted_on,
                              meta=meta.effective_on(adopted_on))

    def hold_activity(
        self, activity_id: str, kind: str, held_on: date, participants: list[str],
        grade: str | None, record: str, approved_by: str | None, meta: EventMeta,
    ) -> None:
        cmd = "hold_activity"
        if kind not in values_of(ActivityKind):
            self.refuse(cmd, f"unknown activity kind {kind!r}")
        if activity_id in self.activities:
            self.refuse(cmd, f"activity {activity_id!r} is already recorded")
        if len(set(participants)) != len(participants):
            self.refuse(cmd, "a participant is listed twice")
        self._require_alive(cmd, held_on)
        self._activity_held(activity_id=activity_id, kind=kind, held_on=held_on,
                            participants=list(participants), grade=grade, record=record,
                            approved_by=approved_by, meta=meta.effective_on(held_on))

    def score_results(self, month: str, grade: str, score: Decimal, scorer: str,
                      meta: EventMeta) -> None:
        if not MONTH.match(month):
            self.refuse("score_results", f"month {month!r} is not YYYY-MM")
        if not score.is_finite() or score < 0:
            self.refuse("score_results", f"score {score} is not a non-negative number")
        first = date.fromisoformat(f"{month}-01")
        if self.dissolved_on is not None and first > self.dissolved_on:
            self.refuse("score_results", f"the community was dissolved on {self.dissolved_on}")
        if month < self.established_on.isoformat()[:7]:
            self.refuse("score_results", f"{month} is before establishment on {self.established_on}")
        self._results_scored(month=month, grade=grade, score=score, scorer=scorer, meta=meta)

    def record_funding(self, amount: Decimal, received_on: date, source: str,
                       meta: EventMeta) -> None:
        if not amount.is_finite() or amount <= 0:
            self.refuse("record_funding", f"amount {amount} is not positive")
        self._require_alive("record_funding", received_on)
        self._funding_received(amount=amount, received_on=received_on, source=source,
                               meta=meta.effective_on(received_on))

    def record_approval_step(self, step: str, by: str, on: date, institution_id: str | None,
                             meta: EventMeta) -> None:
        if step not in values_of(ApprovalStepKind):
            self.refuse("record_approval_step", f"unknown approval step {step!r}")
        self._require_alive("record_approval_step", on, before_ok=True)
        self._approval_step_recorded(step=step, by=by, on=on, institution_id=institution_id,
                                     meta=meta.effective_on(on))

    def record_online_pairing(self, school_id: str, partner_id: str, on: date,
                              meta: EventMeta) -> None:
        if school_id == partner_id:
            self.refuse("record_online_pairing", "a school cannot pair with itself")
        self._require_alive("record_online_pairing", on)
        self._online_pairing_recorded(school_id=school_id, partner_id=partner_id, on=on,
                                      meta=meta.effective_on(on))

    def entrust_branch(self, branch_id: str, run_by_id: str, on: date, decided_by: str,
                       meta: EventMeta) -> None:
        """The running school acts inside this community, so it must be a member that day;
        the branch may join later (it often joins because of the decision)."""
        cmd = "entrust_branch"
        if branch_id == run_by_id:
            self.refuse(cmd, "a school cannot be entrusted to run itself")
        self._require_alive(cmd, on)
        if not self.is_member_on(run_by_id, on):
            self.refuse(cmd, f"institution {run_by_id} is not a member on {on}")
        known = next((e for e in self.entrustments if e.branch_id == branch_id and e.run_by_id == run_by_id), None)
        if known is not None:
            self.refuse(cmd, f"branch {branch_id} was already entrusted to {run_by_id} on {known.on}")
        self._branch_entrusted(branch_id=branch_id, run_by_id=run_by_id, on=on, decided_by=decided_by,
                               meta=meta.effective_on(on))

    def record_branch_standing(self, institution_id: str, weak: bool, on: date, basis: str,
                               meta: EventMeta) -> None:
        cmd = "record_branch_standing"
        self._require_alive(cmd, on)
        if self.member_role_on(institution_id, on) != MemberRole.BRANCH.value:
            self.refuse(cmd, f"institution {institution_id} is not a branch on {on}")
        self._branch_standing_recorded(institution_id=institution_id, weak=weak, on=on, basis=basis,
                                       meta=meta.effective_on(on))

    def weak_branches_on(self, day: date) -> set[str] | None:
        """Branches assessed weak on ``day``; None when no branch was ever assessed."""
        if not self.standings:
            return None
        latest: dict[str, bool] = {}
        for s in sorted(self.standings, key=lambda s: s.on):
            if s.on <= day:
                latest[s.institution_id] = s.weak
        return {i for i, weak in latest.items() if weak}

    def correct_activity(self, activity_id: str, meta: EventMeta, *, reason: str, retracted: bool = False,
                         kind: str | None = None, held_on: date | None = None,
                         participants: list[str] | None = None, grade: str | None = None,
                         record: str | None = None, approved_by: str | None = None) -> None:
        cmd = "correct_activity"
        old = self.activities.get(activity_id)
        if old is None:
            self.refuse(cmd, f"no activity {activity_id!r}")
        new_kind = kind or old.kind
        if new_kind not in values_of(ActivityKind):
            self.refuse(cmd, f"unknown activity kind {new_kind!r}")
        people = list(old.participants if participants is None else participants)
        if len(set(people)) != len(people):
            self.refuse(cmd, "a participant is listed twice")
        day = held_on or old.held_on
        self._require_alive(cmd, day)
        self._activity_corrected(activity_id=activity_id, kind=new_kind, held_on=day, participants=people,
                                 grade=old.grade if grade is None else grade, record=record or "",
                                 approved_by=old.approved_by if approved_by is None else approved_by,
                                 retracted=retracted, reason=reason, meta=meta)

    def correct_funding(self, item: int, meta: EventMeta, *, reason: str, retracted: bool = False,
                        amount: Decimal | None = None, received_on: date | None = None,
                        source: str | None = None) -> None:
        cmd = "correct_funding"
        if not 1 <= item <= len(self.funding):
            self.refuse(cmd, f"no funding record {item} (there are {len(self.funding)})")
        old = self.funding[item - 1]
        if old.version == 0:
            self.refuse(cmd, "the funding record predates corrections")
        new_amount = old.amount if amount is None else amount
        if not new_amount.is_finite() or new_amount <= 0:
            self.refuse(cmd, f"amount {new_amount} is not positive")
        day = received_on or old.received_on
        self._require_alive(cmd, day)
        self._funding_corrected(corrects=old.version, amount=new_amount, received_on=day,
                                source=source or old.source, retracted=retracted, reason=reason, meta=meta)

    def correct_score(self, month: str, grade: str, meta: EventMeta, *, reason: str, retracted: bool = False,
                      score: Decimal | None = None) -> None:
        cmd = "correct_score"
        if not any(r.month == month and r.grade == grade for r in self.results):
            self.refuse(cmd, f"no score for {grade} in {month}")
        if score is not None and (not score.is_finite() or score < 0):
            self.refuse(cmd, f"score {score} is not a non-negative number")
        if score is None and not retracted:
            self.refuse(cmd, "give the corrected score or retract it")
        self._results_score_corrected(month=month, grade=grade, score=score if score is not None else Decimal(0),
                                      retracted=retracted, reason=reason, meta=meta)

    def pair_teachers(self, mentor_id: str, mentee_id: str, on: date, meta: EventMeta) -> None:
        cmd = "pair_teachers"
        if mentor_id == mentee_id:
            self.refuse(cmd, "a teacher cannot be paired with themself")
        self._require_alive(cmd, on)
        if self._open_pair(mentor_id, mentee_id) is not None:
            self.refuse(cmd, f"{mentor_id} and {mentee_id} are already paired")
        self._teachers_paired(mentor_id=mentor_id, mentee_id=mentee_id, on=on, meta=meta.effective_on(on))

    def end_pair(self, mentor_id: str, mentee_id: str, on: date, meta: EventMeta) -> None:
        cmd = "end_pair"
        pair = self._open_pair(mentor_id, mentee_id)
        if pair is None:
            self.refuse(cmd, f"{mentor_id} and {mentee_id} are not paired")
        check_period(self.KIND, cmd, pair.since, on)
        self._require_alive(cmd, on)
        self._teacher_pair_ended(mentor_id=mentor_id, mentee_id=mentee_id, on=on, meta=meta.effective_on(on))

    def _open_pair(self, mentor_id: str, mentee_id: str) -> TeacherPair | None:
        return next((p for p in self.teacher_pairs if p.mentor_id == mentor_id and p.mentee_id == mentee_id
                     and p.until is None), None)

    def dissolve(self, on: date, reason: str, meta: EventMeta) -> None:
        if self.dissolved_on is not None:
            self.refuse("dissolve", f"already dissolved on {self.dissolved_on}")
        check_period(self.KIND, "dissolve", self.established_on, on)
        if on < self.last_fact_on:
            self.refuse("dissolve", f"a fact is recorded on {self.last_fact_on}, after {on}")
        self._dissolved(on=on, reason=reason, meta=meta.effective_on(on))

    def _require_alive(self, command: str, day: date, *, before_ok: bool = False) -> None:
        if self.dissolved_on is not None and day > self.dissolved_on:
            self.refuse(command, f"{day} is after the community was dissolved on {self.dissolved_on}")
        if not before_ok and day < self.established_on:
            self.refuse(command, f"{day} is before the community was established on "
                                 f"{self.established_on}")

    # --- mutators (no guards: replay never re-judges history) -------------------------

    def _saw(self, day: date) -> None:
        self.last_fact_on = max(self.last_fact_on, day)

    @event(MemberJoined)
    def _member_joined(self, institution_id: str, on: date, role: str, plaque_on: date | None,
                       meta: EventMeta) -> None:
        self.members.append(MemberSpell(institution_id, role, on, None, plaque_on))
        self._saw(plaque_on or on)

    @event(MemberLeft)
    def _member_left(self, institution_id: str, on: date, meta: EventMeta) -> None:
        for s in self._spells(institution_id):
            if s.left_on is None:
                s.left_on = on
        self._saw(on)

    @event(PlaqueHung)
    def _plaque_hung(self, institution_id: str, on: date, meta: EventMeta) -> None:
        for s in self._spells(institution_id):
            if s.covers(on):
                s.plaque_on = on
        self._saw(on)

    @event(RoleAssigned)
    def _role_assigned(self, person_id: str, role: str, since: date, meta: EventMeta) -> None:
        self.roles.append(PersonSpell(person_id, role, since))
        self._saw(since)

    @event(RoleEnded)
    def _role_ended(self, person_id: str, role: str, on: date, meta: EventMeta) -> None:
        spell = self._open(self.roles, person_id, role)
        if spell is not None:
            spell.until = on
        self._saw(on)

    @event(CharterAdopted)
    def _charter_adopted(self, agreement_id: str | None, adopted_on: date, meta: EventMeta) -> None:
        self.charters.append(Charter(agreement_id, adopted_on))
        self._saw(adopted_on)

    @event(TeamDefined)
    def _team_defined(self, subject: str, grade: str, topic: str | None, meta: EventMeta) -> None:
        self.team = Team(subject, grade, topic)

    @event(TeamMemberAdded)
    def _team_member_added(self, person_id: str, on: date, meta: EventMeta) -> None:
        self.team_members.append(PersonSpell(person_id, TEAM_MEMBER, on))
        self._saw(on)

    @event(TeamMemberRemoved)
    def _team_member_removed(self, person_id: str, on: date, meta: EventMeta) -> None:
        spell = self._open(self.team_members, person_id, TEAM_MEMBER)
        if spell is not None:
            spell.until = on
        self._saw(on)

    @event(TeamReported)
    def _team_reported(self, reported_on: date, meta: EventMeta) -> None:
        self.team_reports.append(reported_on)
        self._saw(reported_on)

    @event(ActivityHeld)
    def _activity_held(self, activity_id: str, kind: str, held_on: date, participants: list[str],
                       grade: str | None, record: str, approved_by: str | None,
                       meta: EventMeta) -> None:
        self.activities[activity_id] = Activity(kind, held_on, list(participants), grade, approved_by)
        self._saw(held_on)

    @event(ResultsScored)
    def _results_scored(self, month: str, grade: str, score: Decimal, scorer: str,
                        meta: EventMeta) -> None:
        self.results.append(ScoredResult(month, grade, score, scorer))
        self._saw(date.fromisoformat(f"{month}-01"))

    @event(FundingReceived)
    def _funding_received(self, amount: Decimal, received_on: date, source: str,
                          meta: EventMeta) -> None:
        self.funding.append(Funding(amount, received_on, source, self.version + 1))
        self._saw(received_on)

    @event(ActivityCorrected)
    def _activity_corrected(self, activity_id: str, kind: str, held_on: date, participants: list[str],
                            grade: str | None, record: str, approved_by: str | None, retracted: bool,
                            reason: str, meta: EventMeta) -> None:
        if activity_id not in self.activities:
            raise KeyError(activity_id)  # the bounds left the activity out: skipped
        if retracted:
            self.activities = {k: v for k, v in self.activities.items() if k != activity_id}
        else:
            self.activities[activity_id] = Activity(kind, held_on, list(participants), grade, approved_by)

    @event(FundingCorrected)
    def _funding_corrected(self, corrects: int, amount: Decimal, received_on: date, source: str,
                           retracted: bool, reason: str, meta: EventMeta) -> None:
        i = by_version(self.funding, corrects)
        if retracted:
            self.funding = [x for j, x in enumerate(self.funding) if j != i]
        else:
            self.funding[i] = Funding(amount, received_on, source, corrects)
            self._saw(received_on)

    @event(ResultsScoreCorrected)
    def _results_score_corrected(self, month: str, grade: str, score: Decimal, retracted: bool,
                                 reason: str, meta: EventMeta) -> None:
        mine = [i for i, r in enumerate(self.results) if r.month == month and r.grade == grade]
        if not mine:
            raise KeyError((month, grade))
        i = mine[-1]
        if retracted:
            self.results = [r for j, r in enumerate(self.results) if j != i]
        else:
            old = self.results[i]
            self.results[i] = ScoredResult(month, grade, score, old.scorer)

    @event(ApprovalStepRecorded)
    def _approval_step_recorded(self, step: str, by: str, on: date, institution_id: str | None,
                                meta: EventMeta) -> None:
        self.approvals.append(ApprovalStep(step, by, on, institution_id))
        self._saw(on)

    @event(OnlinePairingRecorded)
    def _online_pairing_recorded(self, school_id: str, partner_id: str, on: date,
                                 meta: EventMeta) -> None:
        self.pairings.append(Pairing(school_id, partner_id, on))
        self._saw(on)

    @event(BranchEntrusted)
    def _branch_entrusted(self, branch_id: str, run_by_id: str, on: date, decided_by: str,
                          meta: EventMeta) -> None:
        self.entrustments.append(Entrustment(branch_id, run_by_id, on, decided_by))
        self._saw(on)

    @event(BranchStandingRecorded)
    def _branch_standing_recorded(self, institution_id: str, weak: bool, on: date, basis: str,
                                  meta: EventMeta) -> None:
        self.standings = [*self.standings, BranchStanding(institution_id, weak, on, basis)]
        self._saw(on)

    @event(TeachersPaired)
    def _teachers_paired(self, mentor_id: str, mentee_id: str, on: date, meta: EventMeta) -> None:
        self.teacher_pairs = [*self.teacher_pairs, TeacherPair(mentor_id, mentee_id, on)]
        self._saw(on)

    @event(TeacherPairEnded)
    def _teacher_pair_ended(self, mentor_id: str, mentee_id: str, on: date, meta: EventMeta) -> None:
        self.teacher_pairs = [TeacherPair(p.mentor_id, p.mentee_id, p.since, on)
                              if p.mentor_id == mentor_id and p.mentee_id == mentee_id and p.until is None else p
                              for p in self.teacher_pairs]
        self._saw(on)

    @event(Dissolved)
    def _dissolved(self, on: date, reason: str, meta: EventMeta) -> None:
        self.dissolved_on = on
        self.dissolution_reason = reason
