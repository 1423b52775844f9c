"""Values and state records of an internship.

Enum values are stored in events: never rename one. The ``@state_type`` records are what
an ``Internship`` holds, so audits and projections read plain attributes, and snapshots
can store them (string dict keys, dataclasses registered for transcoding).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from gtt_domain.domain.base import state_type


class InternshipKind(StrEnum):
    """N-INT-1: observation (认识实习) or post internship (岗位实习)."""

    OBSERVATION = "observation"
    POST = "post"


class ProgrammeForm(StrEnum):
    """The programme an internship belongs to (P7, P9-R3, P13-R3, P13-R5)."""

    NONE = "none"
    WORK_STUDY = "work_study"
    ORDER_CLASS = "order_class"
    TWO_PLUS_ONE = "two_plus_one"  # 2+1
    ONE_HALF_HALF_ONE = "one_half_half_one"  # 1.5+0.5+1
    ONE_PLUS_ONE = "one_plus_one"  # 1+1


class PostCategory(StrEnum):
    """What kind of post the student holds; audits of N-INT-5/N-INT-6 read it."""

    ORDINARY = "ordinary"
    NIGHT_WORK = "night_work"
    HIGH_RISK = "high_risk"
    HEAVY_LABOUR = "heavy_labour"
    ENTERTAINMENT_VENUE = "entertainment_venue"
    BANNED_FOR_MINORS = "banned_for_minors"


class DocumentKind(StrEnum):
    """Documents a placement needs (P10-R7, N-INT-2, N-INT-3, N-INT-10)."""

    RECOMMENDATION_FORM = "recommendation_form"
    STUDENT_STATUS_RECORD = "student_status_record"
    ID_COPY = "id_copy"
    GUARDIAN_CONSENT = "guardian_consent"
    STUDENT_CONSENT = "student_consent"
    TRIPARTITE_AGREEMENT = "tripartite_agreement"
    INSURANCE_POLICY = "insurance_policy"
    EMPLOYMENT_AGREEMENT = "employment_agreement"  # P7-R1 (issue 19)


class AttendanceChannel(StrEnum):
    """How an attendance claim reached us (N-EVD-*: claims carry their provenance)."""

    APP = "app"
    PAPER = "paper"
    HOST_SYSTEM = "host_system"
    MAKEUP = "makeup"


class Evaluator(StrEnum):
    HOST = "host"
    SCHOOL = "school"


class Severity(StrEnum):
    MINOR = "minor"
    SERIOUS = "serious"
    CRITICAL = "critical"


class Status(StrEnum):
    PLACED = "placed"
    STARTED = "started"
    COMPLETED = "completed"
    TERMINATED = "terminated"


@state_type
class Document:
    kind: str
    provided_on: date
    cover_from: date | None = None
    cover_to: date | None = None
    reference: str | None = None
    withdrawn_on: date | None = None

    def in_force_on(self, day: date) -> bool:
        """Provided by ``day``, not withdrawn by then, and (for a policy) covering it."""
        if self.provided_on > day or (self.withdrawn_on is not None and self.withdrawn_on <= day):
            return False
        if self.cover_from is not None and day < self.cover_from:
            return False
        return self.cover_to is None or day <= self.cover_to


@state_type
class Attendance:
    day: date
    hours: Decimal
    night_shift: bool
    statutory_holiday: bool
    overtime_hours: Decimal
    channel: str
    location: str | None
    device: str | None
    attested_by_host: bool
    claimed_by: str | None
    recorded_at: datetime
    recorded_by: str
    corrections: int = 0


@state_type
class Absence:
    day: date
    reason: str | None


@state_type
class Leave:
    asked_on: date
    first_day: date
    last_day: date
    written: bool
    approved: bool | None = None
    decided_on: date | None = None
    decided_by: str | None = None
    #: withdrawn as recorded in error (kept, so later requests keep their place; issue 19)
    retracted: bool = False


@state_type
class QuitRequest:
    """A request to leave the placement for good (離職, P10-R9), as asked."""

    asked_on: date
    last_day: date
    written: bool
    reason: str | None = None
    approved: bool | None = None
    decided_on: date | None = None


@state_type
class Pay:
    period_start: date
    period_end: date
    amount: Decimal
    regular_wage: Decimal
    paid_directly: bool
    in_kind: bool
    paid_on: date
    #: the version of the event that recorded it (0: a state stored before corrections
    #: existed) and of the correction that last restated it (0: none); issue 19
    version: int = 0
    corrected_by: int = 0


@state_type
class Fee:
    amount: Decimal
    charged_on: date
    description: str


@state_type
class HeldDocument:
    doc: str
    since: date
    returned_on: date | None = None


@state_type
class Incident:
    on: date
    description: str
    severity: str


@state_type
class Evaluation:
    by: str
    score: Decimal
    on: date
    comment: str | None
    version: int = 0  # as Pay (issue 19)
    corrected_by: int = 0


@state_type
class CertificationResult:
    exam: str
    passed: bool
    on: date


@state_type
class JobOffer:
    on: date
    post: str | None
