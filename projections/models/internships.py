"""Internships (one row each) with attendance days, leave, pay, evaluations and documents.

Attendance is the hot path (hundreds of thousands of events): its handler inserts one
row and increments counters on the internship row, which the writer merges per batch, so
it never reads the database. Only rare events (corrections, leave, documents) read a
row back with ``rows.get``. The students' majors come from ``Person.EnrolledInMajor``
(no personal field) so ``--major`` can filter without reading another projection.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from gtt_projections.projection import GttProjection
from gtt_projections.tables.internships import (
    NAME,
    TABLES,
    VERSION,
    internship_attendance,
    internship_documents,
    internship_evaluations,
    internship_leave,
    internship_pay,
    internship_student_majors,
    internships,
)
from gtt_projections.writer import Inc, RowWriter

from gtt_domain.domain.internship import Internship as I  # noqa: E741
from gtt_domain.domain.person import Person

ZERO = Decimal(0)
RATIO = Decimal("0.0001")


def _key(e: Any) -> dict[str, str]:
    return {"id": str(e.originator_id)}


def _touch(rows: RowWriter, e: Any, **values: Any) -> None:
    """Update the internship row and its bookkeeping columns."""
    rows.update(internships, _key(e), updated_at=e.meta.recorded_at, version=e.originator_version,
                **values)


def _ratio(amount: Decimal, wage: Decimal) -> Decimal | None:
    return (amount / wage).quantize(RATIO) if wage > 0 else None


DAY_FIELDS = ("hours", "overtime_hours", "night_shift", "statutory_holiday", "attested_by_host")


def _attendance_counts(day: Mapping[str, Any], sign: int) -> dict[str, Inc]:
    """Counter increments one attendance day contributes (``sign`` -1 takes them back)."""
    return {
        "attendance_hours": Inc(sign * Decimal(day["hours"])),
        "overtime_hours": Inc(sign * Decimal(day["overtime_hours"])),
        "night_shifts": Inc(sign * int(bool(day["night_shift"]))),
        "holiday_days": Inc(sign * int(bool(day["statutory_holiday"]))),
        "attested_days": Inc(sign * int(bool(day["attested_by_host"]))),
    }


def _next_document(rows: RowWriter, iid: str, doc: str) -> int:
    n = 0
    while rows.get(internship_documents, {"internship_id": iid, "doc": doc, "n": n}) is not None:
        n += 1
    return n


class Internships(GttProjection):
    name = NAME
    defer_indexes = True  # handlers read rows by primary key only
    version = VERSION
    tables = TABLES

    @singledispatchmethod
    def apply(self, event: Any, rows: RowWriter) -> None:
        """Events of other aggregates."""

    @apply.register
    def _(self, e: I.Placed, rows: RowWriter) -> None:
        rows.insert(internships, {
            "id": str(e.originator_id), "student_id": e.student_id, "school_id": e.school_id,
            "host_id": e.host_id, "agreement_id": e.agreement_id, "kind": e.kind,
            "programme": e.programme, "post": e.post, "post_category": e.post_category,
            "external_id": e.external_id, "planned_start": e.planned_start,
            "planned_end": e.planned_end, "status": "placed", "started_on": None,
            "ended_on": None, "termination_reason": None, "plan_agreed_on": None,
            "accompanying_teacher_id": None, "mentor_id": None, "attendance_days": 0,
            "attendance_hours": ZERO, "overtime_hours": ZERO, "night_shifts": 0,
            "holiday_days": 0, "attested_days": 0, "absence_days": 0, "leave_requests": 0,
            "pay_periods": 0, "pay_total": ZERO, "fees_total": ZERO, "incidents": 0,
            "returned_by_host_on": None, "host_score": None, "school_score": None,
            "evaluated_on": None, "certification_exam": None, "certification_passed": None,
            "certified_on": None, "job_offered_on": None, "hired_on": None,
            "placed_at": e.meta.effective, "updated_at": e.meta.recorded_at,
            "version": e.originator_version,
        })

    @apply.register
    def _(self, e: I.PlanAgreedWithHost, rows: RowWriter) -> None:
        row = rows.get(internships, _key(e))
        first = row["plan_agreed_on"] if row else None
        _touch(rows, e, plan_agreed_on=min(first, e.agreed_on) if first else e.agreed_on)

    @apply.register
    def _(self, e: I.DocumentProvided, rows: RowWriter) -> None:
        iid = str(e.originator_id)
        _touch(rows, e)
        rows.insert(internship_documents, {
            "internship_id": iid, "doc": e.doc, "n": _next_document(rows, iid, e.doc),
            "provided_on": e.provided_on, "cover_from": e.cover_from, "cover_to": e.cover_to,
            "reference": e.reference, "withdrawn_on": None,
        })

    @apply.register
    def _(self, e: I.DocumentWithdrawn, rows: RowWriter) -> None:
        """The latest document of that kind not yet withdrawn (as the aggregate does)."""
        iid = str(e.originator_id)
        _touch(rows, e)
        for n in reversed(range(_next_document(rows, iid, e.doc))):
            key = {"internship_id": iid, "doc": e.doc, "n": n}
            found = rows.get(internship_documents, key)
            if found is not None and found["withdrawn_on"] is None:
                rows.update(internship_documents, key, withdrawn_on=e.withdrawn_on)
                return

    @apply.register
    def _(self, e: I.AccompanyingTeacherAssigned, rows: RowWriter) -> None:
        _touch(rows, e, accompanying_teacher_id=e.teacher_id)

    @apply.register
    def _(self, e: I.MentorAssigned, rows: RowWriter) -> None:
        _touch(rows, e, mentor_id=e.mentor_id)

    @apply.register
    def _(self, e: I.Started, rows: RowWriter) -> None:
        _touch(rows, e, status="started", started_on=e.on)

    @apply.register
    def _(self, e: I.AttendanceRecorded, rows: RowWriter) -> None:
        """The hot path: one insert and merged increments, no reads."""
        iid = str(e.originator_id)
        _touch(rows, e, attendance_days=Inc(1),
               **_attendance_counts({c: getattr(e, c) for c in DAY_FIELDS}, 1))
        rows.insert(internship_attendance, {
            "internship_id": iid, "day": e.day, "hours": e.hours,
            "overtime_hours": e.overtime_hours, "night_shift": e.night_shift,
            "statutory_holiday": e.statutory_holiday, "channel": e.channel,
            "attested_by_host": e.attested_by_host, "location": e.location, "device": e.device,
            "claimed_by": e.claimed_by, "corrections": 0, "recorded_at": e.meta.recorded_at,
        })

    @apply.register
    def _(self, e: I.AttendanceCorrected, rows: RowWriter) -> None:
        key = {"internship_id": str(e.originator_id), "day": e.day}
        old = rows.get(internship_attendance, key)
        if old is None:
            _touch(rows, e)
            return
        changes = {c: getattr(e, c) for c in DAY_FIELDS if getattr(e, c) is not None}
        new = {**old, **changes}
        counts = {c: Inc(a.by + b.by) for (c, a), b in zip(
            _attendance_counts(new, 1).items(), _attendance_counts(old, -1).values(), strict=True)}
        _touch(rows, e, **counts)
        rows.update(internship_attendance, key, corrections=Inc(1), **changes)

    @apply.register
    def _(self, e: I.AbsenceRecorded, rows: RowWriter) -> None:
        _touch(rows, e, absence_days=Inc(1))

    @apply.register
    def _(self, e: I.LeaveRequested, rows: RowWriter) -> None:
        row = rows.get(internships, _key(e))
        if row is None:
            return
        _touch(rows, e, leave_requests=Inc(1))
        rows.insert(internship_leave, {
            "internship_id": str(e.originator_id), "request": row["leave_requests"],
            "asked_on": e.asked_on, "first_day": e.first_day, "last_day": e.last_day,
            "written": e.written, "approved": None, "decided_on": None,
        })

    @apply.register
    def _(self, e: I.LeaveDecided, rows: RowWriter) -> None:
        _touch(rows, e)
        rows.update(internship_leave, {"internship_id": str(e.originator_id), "request": e.request},
                    approved=e.approved, decided_on=e.decided_on)

    @apply.register
    def _(self, e: I.PayRecorded, rows: RowWriter) -> None:
        _touch(rows, e, pay_periods=Inc(1), pay_total=Inc(e.amount))
        rows.insert(internship_pay, {
            "internship_id": str(e.originator_id), "version": e.originator_version,
            "period_start": e.period_start, "period_end": e.period_end, "amount": e.amount,
            "regular_wage": e.regular_wage, "ratio": _ratio(e.amount, e.regular_wage),
            "paid_directly": e.paid_directly, "in_kind": e.in_kind, "paid_on": e.paid_on,
        })

    @apply.register
    def _(self, e: I.FeeCharged, rows: RowWriter) -> None:
        _touch(rows, e, fees_total=Inc(e.amount))

    @apply.register
    def _(self, e: I.IncidentReported, rows: RowWriter) -> None:
        _touch(rows, e, incidents=Inc(1))

    @apply.register
    def _(self, e: I.StudentReturnedByHost, rows: RowWriter) -> None:
        _touch(rows, e, returned_by_host_on=e.on)

    @apply.register
    def _(self, e: I.Evaluated, rows: RowWriter) -> None:
        _touch(rows, e, evaluated_on=e.on, **{f"{e.by}_score": e.score})
        rows.insert(internship_evaluations, {
            "internship_id": str(e.originator_id), "version": e.originator_version,
            "by": e.by, "score": e.score, "on": e.on, "comment": e.comment,
        })

    @apply.register
    def _(self, e: I.CertificationResultRecorded, rows: RowWriter) -> None:
        _touch(rows, e, certification_exam=e.exam, certification_passed=e.passed, certified_on=e.on)

    @apply.register
    def _(self, e: I.Completed, rows: RowWriter) -> None:
        _touch(rows, e, status="completed", ended_on=e.on)

    @apply.register
    def _(self, e: I.TerminatedEarly, rows: RowWriter) -> None:
        _touch(rows, e, status="terminated", ended_on=e.on, termination_reason=e.reason)

    @apply.register
    def _(self, e: I.JobOffered, rows: RowWriter) -> None:
        _touch(rows, e, job_offered_on=e.on)

    @apply.register
    def _(self, e: I.Hired, rows: RowWriter) -> None:
        _touch(rows, e, hired_on=e.on)

    @apply.register
    def _(self, e: I.DocumentHeldByHost, rows: RowWriter) -> None:
        _touch(rows, e)

    @apply.register
    def _(self, e: I.DocumentReturnedByHost, rows: RowWriter) -> None:
        _touch(rows, e)

    @apply.register
    def _(self, e: Person.EnrolledInMajor, rows: RowWriter) -> None:
        rows.put(internship_student_majors, {
            "student_id": str(e.originator_id), "institution_id": e.institution_id,
            "major_code": e.major_code, "department": e.department,
        })
