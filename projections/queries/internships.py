"""Internships with their attendance days, leave, pay, evaluations and documents."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from uuid import UUID

from gtt_projections.queries.base import ReadRow, fetch, fresh
from gtt_projections.tables.internships import (
    internship_attendance,
    internship_documents,
    internship_evaluations,
    internship_leave,
    internship_pay,
    internship_student_majors,
    internships,
)
from sqlalchemy import Table, func, select

from gtt_domain.domain.errors import NotFoundError

if TYPE_CHECKING:
    from gtt_projections.readmodel import ReadModel

NAMES = ["internships"]


class InternshipSummary(ReadRow):
    id: UUID
    student_id: UUID
    school_id: UUID
    host_id: UUID
    agreement_id: UUID | None
    kind: str
    programme: str
    post: str
    post_category: str
    external_id: str | None
    planned_start: date
    planned_end: date
    status: str
    started_on: date | None
    ended_on: date | None
    termination_reason: str | None
    plan_agreed_on: date | None
    accompanying_teacher_id: UUID | None
    mentor_id: UUID | None
    attendance_days: int
    attendance_hours: Decimal
    overtime_hours: Decimal
    night_shifts: int
    holiday_days: int
    attested_days: int
    absence_days: int
    leave_requests: int
    pay_periods: int
    pay_total: Decimal
    fees_total: Decimal
    incidents: int
    returned_by_host_on: date | None
    host_score: Decimal | None
    school_score: Decimal | None
    evaluated_on: date | None
    certification_exam: str | None
    certification_passed: bool | None
    certified_on: date | None
    job_offered_on: date | None
    hired_on: date | None
    placed_at: datetime
    updated_at: datetime
    version: int


class AttendanceDay(ReadRow):
    internship_id: UUID
    day: date
    hours: Decimal
    overtime_hours: Decimal
    night_shift: bool
    statutory_holiday: bool
    channel: str
    attested_by_host: bool
    location: str | None
    device: str | None
    claimed_by: UUID | None
    corrections: int
    recorded_at: datetime


class LeaveRequest(ReadRow):
    request: int
    asked_on: date
    first_day: date
    last_day: date
    written: bool
    approved: bool | None
    decided_on: date | None


class PayPeriod(ReadRow):
    version: int
    period_start: date
    period_end: date
    amount: Decimal
    regular_wage: Decimal
    ratio: Decimal | None
    paid_directly: bool
    in_kind: bool
    paid_on: date


class InternshipEvaluation(ReadRow):
    version: int
    by: str
    score: Decimal
    on: date
    comment: str | None


class InternshipDocument(ReadRow):
    doc: str
    n: int
    provided_on: date
    cover_from: date | None
    cover_to: date | None
    reference: str | None
    withdrawn_on: date | None


class InternshipDetail(InternshipSummary):
    leave: list[LeaveRequest]
    pay: list[PayPeriod]
    evaluations: list[InternshipEvaluation]
    documents: list[InternshipDocument]


def list_internships(
    rm: ReadModel, *, host_id: UUID | str | None = None, school_id: UUID | str | None = None,
    student_id: UUID | str | None = None, agreement_id: UUID | str | None = None,
    kind: str | None = None, programme: str | None = None, status: str | None = None,
    period_from: date | None = None, period_to: date | None = None, major: str | None = None,
    catch_up: bool = True,
) -> list[InternshipSummary]:
    """Internships by planned start, filtered; the period is the actual one where known
    (started/ended), else the planned one, and matches when it overlaps from..to."""
    fresh(rm, NAMES, catch_up)
    t = internships
    stmt = select(t).order_by(t.c.planned_start, t.c.id)
    for col, value in ((t.c.host_id, host_id), (t.c.school_id, school_id),
                       (t.c.student_id, student_id), (t.c.agreement_id, agreement_id)):
        if value is not None:
            stmt = stmt.where(col == str(value))
    for col, text in ((t.c.kind, kind), (t.c.programme, programme), (t.c.status, status)):
        if text:
            stmt = stmt.where(col == text)
    if period_to is not None:
        stmt = stmt.where(func.coalesce(t.c.started_on, t.c.planned_start) <= period_to)
    if period_from is not None:
        stmt = stmt.where(func.coalesce(t.c.ended_on, t.c.planned_end) >= period_from)
    if major:
        m = internship_student_majors
        stmt = stmt.where(t.c.student_id.in_(select(m.c.student_id).where(m.c.major_code == major)))
    return [InternshipSummary(**r) for r in fetch(rm, stmt)]


def get_internship(rm: ReadModel, internship_id: UUID | str, *, catch_up: bool = True) -> InternshipDetail:
    """One internship with its leave, pay, evaluations and documents; NotFoundError if absent."""
    fresh(rm, NAMES, catch_up)
    iid = str(internship_id)
    found = fetch(rm, select(internships).where(internships.c.id == iid))
    if not found:
        raise NotFoundError("internship", iid)

    def children(table: Table, *order: Any) -> list[dict[str, Any]]:
        return fetch(rm, select(table).where(table.c.internship_id == iid).order_by(*order))

    lv, pay, ev, docs = internship_leave, internship_pay, internship_evaluations, internship_documents
    return InternshipDetail(
        **found[0],
        leave=[LeaveRequest(**r) for r in children(lv, lv.c.request)],
        pay=[PayPeriod(**r) for r in children(pay, pay.c.version)],
        evaluations=[InternshipEvaluation(**r) for r in children(ev, ev.c.version)],
        documents=[InternshipDocument(**r) for r in children(docs, docs.c.doc, docs.c.n)],
    )


def list_attendance(
    rm: ReadModel, internship_id: UUID | str, *, day_from: date | None = None,
    day_to: date | None = None, catch_up: bool = True,
) -> list[AttendanceDay]:
    """An internship's attendance days in order; NotFoundError if the internship is absent."""
    fresh(rm, NAMES, catch_up)
    iid = str(internship_id)
    if not fetch(rm, select(internships.c.id).where(internships.c.id == iid)):
        raise NotFoundError("internship", iid)
    a = internship_attendance
    stmt = select(a).where(a.c.internship_id == iid).order_by(a.c.day)
    if day_from is not None:
        stmt = stmt.where(a.c.day >= day_from)
    if day_to is not None:
        stmt = stmt.where(a.c.day <= day_to)
    return [AttendanceDay(**r) for r in fetch(rm, stmt)]
