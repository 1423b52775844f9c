"""Internships with attendance days, leave, pay, evaluations, documents and majors.

Declared apart from the projection that fills them (``gtt_projections.models.internships``),
so a query imports SQLAlchemy Core and these tables, not the domain's event classes.
"""

from __future__ import annotations

from gtt_projections.schema import UtcDateTime, metadata
from sqlalchemy import Boolean, Column, Date, Index, Integer, Numeric, String, Table

NAME = "internships"
#: the definition version of these tables and of the handlers that fill them: a
#: change to either bumps it, and the projection is rebuilt
VERSION = 2

Hours = Numeric(10, 2)

Money = Numeric(14, 2)

Score = Numeric(5, 2)

internships = Table(
    "internships",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("student_id", String(36), nullable=False),
    Column("school_id", String(36), nullable=False),
    Column("host_id", String(36), nullable=False),
    Column("agreement_id", String(36)),
    Column("kind", String(20), nullable=False),
    Column("programme", String(30), nullable=False),
    Column("post", String(200), nullable=False),
    Column("post_category", String(30), nullable=False),
    Column("external_id", String(100)),
    Column("planned_start", Date, nullable=False),
    Column("planned_end", Date, nullable=False),
    Column("status", String(20), nullable=False),
    Column("started_on", Date),
    Column("ended_on", Date),
    Column("termination_reason", String(500)),
    Column("plan_agreed_on", Date),
    Column("accompanying_teacher_id", String(36)),
    Column("mentor_id", String(36)),
    Column("attendance_days", Integer, nullable=False),
    Column("attendance_hours", Hours, nullable=False),
    Column("overtime_hours", Hours, nullable=False),
    Column("night_shifts", Integer, nullable=False),
    Column("holiday_days", Integer, nullable=False),
    Column("attested_days", Integer, nullable=False),
    Column("absence_days", Integer, nullable=False),
    Column("leave_requests", Integer, nullable=False),
    Column("pay_periods", Integer, nullable=False),
    Column("pay_total", Money, nullable=False),
    Column("fees_total", Money, nullable=False),
    Column("incidents", Integer, nullable=False),
    Column("returned_by_host_on", Date),
    Column("host_score", Score),
    Column("school_score", Score),
    Column("evaluated_on", Date),
    Column("certification_exam", String(200)),
    Column("certification_passed", Boolean),
    Column("certified_on", Date),
    Column("job_offered_on", Date),
    Column("hired_on", Date),
    Column("placed_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    # lists order by (planned_start, id): the indexes deliver rows in that order
    Index("ix_internships_host", "host_id", "planned_start", "id"),
    Index("ix_internships_school", "school_id", "planned_start", "id"),
    Index("ix_internships_student", "student_id"),
    Index("ix_internships_agreement", "agreement_id"),
    Index("ix_internships_status", "status", "planned_start", "id"),
)

internship_attendance = Table(
    "internship_attendance",
    metadata,
    Column("internship_id", String(36), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("hours", Hours, nullable=False),
    Column("overtime_hours", Hours, nullable=False),
    Column("night_shift", Boolean, nullable=False),
    Column("statutory_holiday", Boolean, nullable=False),
    Column("channel", String(20), nullable=False),
    Column("attested_by_host", Boolean, nullable=False),
    Column("location", String(200)),
    Column("device", String(200)),
    Column("claimed_by", String(36)),
    Column("corrections", Integer, nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
)

internship_leave = Table(
    "internship_leave",
    metadata,
    Column("internship_id", String(36), primary_key=True),
    Column("request", Integer, primary_key=True),
    Column("asked_on", Date, nullable=False),
    Column("first_day", Date, nullable=False),
    Column("last_day", Date, nullable=False),
    Column("written", Boolean, nullable=False),
    Column("approved", Boolean),
    Column("decided_on", Date),
)

internship_pay = Table(
    "internship_pay",
    metadata,
    Column("internship_id", String(36), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("amount", Money, nullable=False),
    Column("regular_wage", Money, nullable=False),
    Column("ratio", Numeric(8, 4)),
    Column("paid_directly", Boolean, nullable=False),
    Column("in_kind", Boolean, nullable=False),
    Column("paid_on", Date, nullable=False),
)

internship_evaluations = Table(
    "internship_evaluations",
    metadata,
    Column("internship_id", String(36), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("by", String(20), nullable=False),
    Column("score", Score, nullable=False),
    Column("on", Date, nullable=False),
    Column("comment", String(2000)),
)

internship_documents = Table(
    "internship_documents",
    metadata,
    Column("internship_id", String(36), primary_key=True),
    Column("doc", String(40), primary_key=True),
    Column("n", Integer, primary_key=True),
    Column("provided_on", Date, nullable=False),
    Column("cover_from", Date),
    Column("cover_to", Date),
    Column("reference", String(200)),
    Column("withdrawn_on", Date),
)

internship_student_majors = Table(
    "internship_student_majors",
    metadata,
    Column("student_id", String(36), primary_key=True),
    Column("institution_id", String(36), nullable=False),
    Column("major_code", String(40), nullable=False),
    Column("department", String(100)),
    Index("ix_internship_student_majors_code", "major_code"),
)

TABLES = (internships, internship_attendance, internship_leave, internship_pay,
              internship_evaluations, internship_documents, internship_student_majors)
