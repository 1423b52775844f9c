"""The kinds, forms, categories and statuses of an internship: plain enums.

Enum values are stored in events: never rename one. Kept apart from the state records of
:mod:`gtt_domain.domain.internship_state` (which re-exports them) so that a CLI query's
choices load no eventsourcing (start-up, issue 18).
"""

from __future__ import annotations

from enum import StrEnum


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
