"""Values and state records of the Community aggregate (kept apart to keep modules short).

The state dataclasses are snapshot-able (``@state_type``); their module path names their
transcoding, so do not move them.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from enum import StrEnum

from gtt_domain.domain.base import state_type


class CommunityKind(StrEnum):
    EDUCATION_GROUP = "education_group"
    FUSION = "fusion"
    CO_CONSTRUCTION = "co_construction"
    COLLABORATION = "collaboration"
    MEDICAL_COMMUNITY = "medical_community"
    LEARNING_TEAM = "learning_team"
    HOME_SCHOOL = "home_school"
    SCHOOL_ENTERPRISE = "school_enterprise"


class MemberRole(StrEnum):
    HEAD = "head"
    BRANCH = "branch"
    MEMBER = "member"


class ActivityKind(StrEnum):
    RESEARCH_ACTIVITY = "research_activity"  # P1-R3
    PARENT_MEETING = "parent_meeting"  # P2-R1
    PARENT_COUNCIL_MEETING = "parent_council_meeting"  # P2-R1
    TEAM_ACTIVITY = "team_activity"  # P5-R4
    GALA = "gala"
    COMMITTEE_MEETING = "committee_meeting"
    SHADOW_DAY = "shadow_day"  # P1-R9
    PARENT_ACADEMY = "parent_academy"  # P2-R2
    COUNSELLING = "counselling"  # P2-R3
    JOINT_STUDENT_ACTIVITY = "joint_student_activity"  # P1-R10
    SEMESTER_SUMMARY = "semester_summary"  # P2-R4
    COMMENDATION = "commendation"  # P2-R4, P5-R6
    # issue 19
    ENTREPRENEUR_LECTURE = "entrepreneur_lecture"  # P9-R5
    SKILLS_EXAM = "skills_exam"  # P10-R10
    SCHOLARSHIP_AWARD = "scholarship_award"  # P10-R10


class ApprovalStepKind(StrEnum):
    """P3-R3, in the order the rule expects them."""

    MEMBER_BUREAU_CONSENT = "member_bureau_consent"
    CORE_BUREAU_APPROVAL = "core_bureau_approval"
    CITY_FILING = "city_filing"


MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def values_of(enum: type[StrEnum]) -> set[str]:
    return {m.value for m in enum}


@state_type
class MemberSpell:
    institution_id: str
    role: str
    joined_on: date
    left_on: date | None = None
    plaque_on: date | None = None

    def covers(self, day: date) -> bool:
        return self.joined_on <= day and (self.left_on is None or day < self.left_on)


@state_type
class PersonSpell:
    """A person's role (or team membership) from ``since`` until ``until`` (exclusive)."""

    person_id: str
    role: str
    since: date
    until: date | None = None

    def covers(self, day: date) -> bool:
        return self.since <= day and (self.until is None or day < self.until)


@state_type
class TeacherPair:
    """A backbone teacher paired one to one with a teacher to help (P1-R13), from ``since``
    until ``until`` (exclusive)."""

    mentor_id: str
    mentee_id: str
    since: date
    until: date | None = None


@state_type
class Charter:
    agreement_id: str | None
    adopted_on: date


@state_type
class Team:
    subject: str
    grade: str
    topic: str | None = None


@state_type
class Activity:
    kind: str
    held_on: date
    participants: list[str]
    grade: str | None = None
    approved_by: str | None = None


@state_type
class ScoredResult:
    month: str
    grade: str
    score: Decimal
    scorer: str


@state_type
class Funding:
    amount: Decimal
    received_on: date
    source: str
    version: int = 0  # the event that recorded it (issue 19: corrections name it so)


@state_type
class ApprovalStep:
    step: str
    by: str
    on: date
    institution_id: str | None = None


@state_type
class Pairing:
    school_id: str
    partner_id: str
    on: date


@state_type
class Entrustment:
    """A branch school entrusted to a renowned member school to run (P3-R1)."""

    branch_id: str
    run_by_id: str
    on: date
    decided_by: str


@state_type
class BranchStanding:
    """Whether a branch counts as weak (薄弱) from a date, and on what basis (P1-R5)."""

    institution_id: str
    weak: bool
    on: date
    basis: str
