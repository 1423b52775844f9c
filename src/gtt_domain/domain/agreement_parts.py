"""Values and state records of the Agreement aggregate (kept apart to keep modules short).

Enum values are stored in events: never rename one. The ``@state_type`` records are
snapshot-able; their module path names their transcoding, so do not move them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # mypy sees the plain dataclass that ``state_type`` makes
    from dataclasses import dataclass as state_type
else:
    from gtt_domain.domain.base import state_type


class AgreementKind(StrEnum):
    """Cooperation models (P6, P7, P8, P10, P13, P14, N-COOP-1) and charters (P1-R1)."""

    ORDER_TRAINING = "order_training"
    DIRECTED_CLASS = "directed_class"
    NAMED_CLASS = "named_class"
    POST_INTERNSHIP_BASE = "post_internship_base"
    WORK_STUDY = "work_study"
    OBSERVATION = "observation"
    STAFF_TRAINING = "staff_training"
    RND = "rnd"
    PRODUCTION_OPERATION = "production_operation"
    CO_DEVELOPED_COURSE = "co_developed_course"
    CO_DEVELOPED_TEXTBOOK = "co_developed_textbook"
    STEERING_COMMITTEE = "steering_committee"
    TRAINING_BASE = "training_base"
    DEMONSTRATION_BASE = "demonstration_base"
    CHARTER = "charter"
    TRIPARTITE_INTERNSHIP = "tripartite_internship"
    MUTUAL_PLAQUE = "mutual_plaque"


class PartyKind(StrEnum):
    INSTITUTION = "institution"
    PERSON = "person"


class PartyRole(StrEnum):
    SCHOOL = "school"
    ENTERPRISE = "enterprise"
    CORE = "core"
    MEMBER = "member"
    STUDENT = "student"
    GUARDIAN = "guardian"


class Cadence(StrEnum):
    """How often an obligation falls due; audits count fulfilments per period."""

    ONCE = "once"
    PER_MONTH = "per_month"
    PER_QUARTER = "per_quarter"  # P13-R2
    PER_SEMESTER = "per_semester"  # P6-R3
    PER_YEAR = "per_year"  # P12-R5 (twice a year = quantity 2)
    BEFORE_EACH_INTERNSHIP = "before_each_internship"  # P10-R3 (with lead_days)


class AgreementStatus(StrEnum):
    DRAFTED = "drafted"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    EXPIRED = "expired"
    TERMINATED = "terminated"


#: statuses after which nothing more can happen to the agreement's standing
ENDED = frozenset({AgreementStatus.EXPIRED.value, AgreementStatus.TERMINATED.value})


@state_type
class Party:
    party_id: str
    party_kind: str
    role: str


@state_type
class StatusChange:
    """The agreement holds ``status`` from ``from_date`` until the next change."""

    status: str
    from_date: date


@state_type
class Obligation:
    """A term of the agreement: who owes what, how much, how often.

    ``since_version`` is the terms version that introduced (or last restated) it;
    ``dropped_in_version`` the amendment that removed it (the record keeps it).
    """

    obligation_id: str
    description: str
    obligor: str
    quantity: Decimal | None = None
    unit: str | None = None
    cadence: str = Cadence.ONCE.value
    lead_days: int | None = None
    amount: Decimal | None = None
    since_version: int = 1
    dropped_in_version: int | None = None


@state_type
class Renewal:
    on: date
    new_end: date


@state_type
class Amendment:
    version: int
    on: date
    summary: str


@state_type
class Plaque:
    on: date
    party_id: str
    text: str


@state_type
class Fulfilment:
    obligation_id: str
    on: date
    quantity: Decimal | None = None
    amount: Decimal | None = None
    note: str | None = None
    evidence_ref: str | None = None
    version: int = 0  # the event that recorded it (issue 19: corrections name it so)
