"""Handlers for internship commands, and the cross-aggregate checks the write side owns.

Placing needs an existing school, host and student; an internship that runs under an
agreement needs that agreement to name both institutions, and to be active on the day
the internship starts (issue 2, "Application").
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID, uuid4

from gtt_domain.application.corrections import effective_as_original
from gtt_domain.application.effective import dated
from gtt_domain.application.errors import BatchError
from gtt_domain.application.existence import require_existing
from gtt_domain.application.handlers import Handler
from gtt_domain.application.unit_of_work import UnitOfWork
from gtt_domain.commands import internship as c
from gtt_domain.commands.base import Command
from gtt_domain.domain.base import natural_id
from gtt_domain.domain.errors import DomainError, GttError
from gtt_domain.domain.institution import Institution
from gtt_domain.domain.internship import Internship
from gtt_domain.domain.meta import EventMeta
from gtt_domain.domain.person import Person
from gtt_domain.domain.values import InstitutionKind

if TYPE_CHECKING:
    from gtt_domain.domain.agreement import Agreement


def _refuse(command: str, reason: str, iid: UUID | None = None) -> DomainError:
    return DomainError(Internship.KIND, command, reason, iid)


def _agreement(uow: UnitOfWork, agreement_id: str) -> Agreement:
    # imported here so the internship use cases load even where agreements are not built yet
    from gtt_domain.domain.agreement import Agreement

    return uow.get(UUID(agreement_id), Agreement)


def _check_agreement_names(uow: UnitOfWork, command: str, agreement_id: str, school_id: str,
                           host_id: str, iid: UUID | None) -> Agreement:
    agreement = _agreement(uow, agreement_id)
    for role, party in (("school", school_id), ("host", host_id)):
        if not agreement.has_party(party):
            raise _refuse(command, f"agreement {agreement_id} does not name the {role} {party}", iid)
    return agreement


def place(uow: UnitOfWork, cmd: c.PlaceIntern, meta: EventMeta) -> UUID:
    if cmd.external_id is not None:
        iid = natural_id("internship", cmd.external_id)
        if uow.find(iid, Internship) is not None:
            return iid  # idempotent: this import row was placed before
    else:
        iid = uuid4()
    school = uow.get(cmd.school_id, Institution)
    if school.kind != InstitutionKind.SCHOOL:
        raise _refuse("place", f"institution {cmd.school_id} is a {school.kind}, not a school")
    require_existing(uow, [cmd.host_id], Institution)
    student = uow.get(cmd.student_id, Person)
    if student.kind != "student":
        raise _refuse("place", f"person {cmd.student_id} is a {student.kind}, not a student")
    agreement_id = str(cmd.agreement_id) if cmd.agreement_id else None
    if agreement_id is not None:
        _check_agreement_names(uow, "place", agreement_id, str(cmd.school_id), str(cmd.host_id), None)
    uow.add(Internship.place(
        id=iid, student_id=str(cmd.student_id), school_id=str(cmd.school_id),
        host_id=str(cmd.host_id), agreement_id=agreement_id, kind=cmd.kind.value,
        programme=cmd.programme.value, post=cmd.post, post_category=cmd.post_category.value,
        planned_start=cmd.planned_start, planned_end=cmd.planned_end,
        external_id=cmd.external_id, meta=dated(meta, cmd.placed_on),
    ))
    return iid


def _get(uow: UnitOfWork, cmd: c.InternshipCommand) -> Internship:
    return uow.get(cmd.internship_id, Internship)


def agree_plan(uow: UnitOfWork, cmd: c.AgreePlan, meta: EventMeta) -> UUID:
    _get(uow, cmd).agree_plan(cmd.agreed_on, meta)
    return cmd.internship_id


def provide_document(uow: UnitOfWork, cmd: c.ProvideDocument, meta: EventMeta) -> UUID:
    _get(uow, cmd).provide_document(cmd.doc.value, cmd.provided_on, meta, cover_from=cmd.cover_from,
                                    cover_to=cmd.cover_to, reference=cmd.reference)
    return cmd.internship_id


def withdraw_document(uow: UnitOfWork, cmd: c.WithdrawDocument, meta: EventMeta) -> UUID:
    _get(uow, cmd).withdraw_document(cmd.doc.value, cmd.withdrawn_on, meta)
    return cmd.internship_id


def assign_teacher(uow: UnitOfWork, cmd: c.AssignAccompanyingTeacher, meta: EventMeta) -> UUID:
    require_existing(uow, [cmd.teacher_id], Person)
    _get(uow, cmd).assign_accompanying_teacher(str(cmd.teacher_id), cmd.on, meta)
    return cmd.internship_id


def assign_mentor(uow: UnitOfWork, cmd: c.AssignMentor, meta: EventMeta) -> UUID:
    require_existing(uow, [cmd.mentor_id], Person)
    _get(uow, cmd).assign_mentor(str(cmd.mentor_id), cmd.on, meta)
    return cmd.internship_id


def start(uow: UnitOfWork, cmd: c.StartInternship, meta: EventMeta) -> UUID:
    internship = _get(uow, cmd)
    if internship.agreement_id is not None:
        _check_active_agreement(uow, internship, internship.agreement_id, cmd.on)
    internship.start(cmd.on, meta)
    return cmd.internship_id


def _check_active_agreement(uow: UnitOfWork, internship: Internship, agreement_id: str,
                            on: date) -> None:
    agreement = _check_agreement_names(uow, "start", agreement_id, internship.school_id,
                                       internship.host_id, internship.id)
    if not agreement.is_active_on(on):
        raise _refuse("start", f"agreement {agreement_id} is not active on {on}", internship.id)


def _attend(uow: UnitOfWork, iid: UUID, row: c.AttendanceRow, meta: EventMeta) -> None:
    uow.get(iid, Internship).record_attendance(
        row.day, row.hours, meta, night_shift=row.night_shift,
        statutory_holiday=row.statutory_holiday, overtime_hours=row.overtime_hours,
        channel=row.channel.value, location=row.location, device=row.device,
        attested_by_host=row.attested_by_host,
        claimed_by=str(row.claimed_by) if row.claimed_by else None,
    )


def record_attendance(uow: UnitOfWork, cmd: c.RecordAttendance, meta: EventMeta) -> UUID:
    _attend(uow, cmd.internship_id, cmd, meta)
    return cmd.internship_id


def record_attendance_batch(uow: UnitOfWork, cmd: c.RecordAttendanceBatch, meta: EventMeta) -> UUID:
    """All rows in the caller's one unit of work; returns the first row's internship id."""
    on_day: dict[date, EventMeta] = {}  # the aggregate dates the meta the same way: once a day
    for i, row in enumerate(cmd.rows):
        day_meta = on_day.get(row.day)
        if day_meta is None:
            day_meta = on_day[row.day] = meta.effective_on(row.day)
        try:
            _attend(uow, row.internship_id, row, day_meta)
        except GttError as e:
            raise BatchError(i, e) from e
    return cmd.rows[0].internship_id


def correct_attendance(uow: UnitOfWork, cmd: c.CorrectAttendance, meta: EventMeta) -> UUID:
    _get(uow, cmd).correct_attendance(
        cmd.day, meta, hours=cmd.hours, overtime_hours=cmd.overtime_hours,
        night_shift=cmd.night_shift, statutory_holiday=cmd.statutory_holiday,
        attested_by_host=cmd.attested_by_host)
    return cmd.internship_id


def record_absence(uow: UnitOfWork, cmd: c.RecordAbsence, meta: EventMeta) -> UUID:
    _get(uow, cmd).record_absence(cmd.day, cmd.reason, meta)
    return cmd.internship_id


def request_leave(uow: UnitOfWork, cmd: c.RequestLeave, meta: EventMeta) -> UUID:
    _get(uow, cmd).request_leave(cmd.asked_on, cmd.first_day, cmd.last_day, cmd.written, meta)
    return cmd.internship_id


def decide_leave(uow: UnitOfWork, cmd: c.DecideLeave, meta: EventMeta) -> UUID:
    _get(uow, cmd).decide_leave(cmd.request, cmd.approved, cmd.decided_on, meta)
    return cmd.internship_id


def record_pay(uow: UnitOfWork, cmd: c.RecordPay, meta: EventMeta) -> UUID:
    _get(uow, cmd).record_pay(cmd.period_start, cmd.period_end, cmd.amount, cmd.regular_wage,
                              cmd.paid_on, meta, paid_directly=cmd.paid_directly, in_kind=cmd.in_kind)
    return cmd.internship_id


def charge_fee(uow: UnitOfWork, cmd: c.ChargeFee, meta: EventMeta) -> UUID:
    _get(uow, cmd).charge_fee(cmd.amount, cmd.charged_on, cmd.description, meta)
    return cmd.internship_id


def hold_document(uow: UnitOfWork, cmd: c.HoldDocument, meta: EventMeta) -> UUID:
    _get(uow, cmd).hold_document(cmd.doc, cmd.since, meta)
    return cmd.internship_id


def return_document(uow: UnitOfWork, cmd: c.ReturnHeldDocument, meta: EventMeta) -> UUID:
    _get(uow, cmd).return_held_document(cmd.doc, cmd.on, meta)
    return cmd.internship_id


def report_incident(uow: UnitOfWork, cmd: c.ReportIncident, meta: EventMeta) -> UUID:
    _get(uow, cmd).report_incident(cmd.on, cmd.description, cmd.severity.value, meta)
    return cmd.internship_id


def return_student(uow: UnitOfWork, cmd: c.ReturnStudent, meta: EventMeta) -> UUID:
    _get(uow, cmd).return_student(cmd.on, cmd.reason, meta)
    return cmd.internship_id


def evaluate(uow: UnitOfWork, cmd: c.EvaluateInternship, meta: EventMeta) -> UUID:
    _get(uow, cmd).evaluate(cmd.by.value, cmd.score, cmd.on, cmd.comment, meta)
    return cmd.internship_id


def record_certification(uow: UnitOfWork, cmd: c.RecordCertification, meta: EventMeta) -> UUID:
    _get(uow, cmd).record_certification(cmd.exam, cmd.passed, cmd.on, meta)
    return cmd.internship_id


def complete(uow: UnitOfWork, cmd: c.CompleteInternship, meta: EventMeta) -> UUID:
    _get(uow, cmd).complete(cmd.on, meta)
    return cmd.internship_id


def terminate(uow: UnitOfWork, cmd: c.TerminateInternship, meta: EventMeta) -> UUID:
    _get(uow, cmd).terminate(cmd.on, cmd.reason, meta)
    return cmd.internship_id


def request_quit(uow: UnitOfWork, cmd: c.RequestQuit, meta: EventMeta) -> UUID:
    _get(uow, cmd).request_quit(cmd.asked_on, cmd.last_day, cmd.written, cmd.reason, meta)
    return cmd.internship_id


def decide_quit(uow: UnitOfWork, cmd: c.DecideQuit, meta: EventMeta) -> UUID:
    _get(uow, cmd).decide_quit(cmd.approved, cmd.decided_on, meta)
    return cmd.internship_id


def quit_placement(uow: UnitOfWork, cmd: c.Quit, meta: EventMeta) -> UUID:
    _get(uow, cmd).quit(cmd.on, cmd.reason, meta)
    return cmd.internship_id


def offer_job(uow: UnitOfWork, cmd: c.OfferJob, meta: EventMeta) -> UUID:
    _get(uow, cmd).offer_job(cmd.on, cmd.post, meta)
    return cmd.internship_id


def hire(uow: UnitOfWork, cmd: c.Hire, meta: EventMeta) -> UUID:
    _get(uow, cmd).hire(cmd.on, meta)
    return cmd.internship_id


def correct_pay(uow: UnitOfWork, cmd: c.CorrectPay, meta: EventMeta) -> UUID:
    a = _get(uow, cmd)
    if 1 <= cmd.item <= len(a.pay):
        meta = effective_as_original(uow.app, cmd.internship_id, a.pay[cmd.item - 1].version, meta)
    a.correct_pay(cmd.item, meta, reason=cmd.reason, retracted=cmd.retract, period_start=cmd.period_start,
                  period_end=cmd.period_end, amount=cmd.amount, regular_wage=cmd.regular_wage,
                  paid_directly=cmd.paid_directly, in_kind=cmd.in_kind, paid_on=cmd.paid_on)
    return cmd.internship_id


def correct_leave(uow: UnitOfWork, cmd: c.CorrectLeave, meta: EventMeta) -> UUID:
    _get(uow, cmd).correct_leave(cmd.request, meta, reason=cmd.reason, retracted=cmd.retract,
                                 first_day=cmd.first_day, last_day=cmd.last_day, written=cmd.written)
    return cmd.internship_id


def correct_evaluation(uow: UnitOfWork, cmd: c.CorrectEvaluation, meta: EventMeta) -> UUID:
    a = _get(uow, cmd)
    if 1 <= cmd.item <= len(a.evaluations):
        meta = effective_as_original(uow.app, cmd.internship_id, a.evaluations[cmd.item - 1].version, meta)
    a.correct_evaluation(cmd.item, meta, reason=cmd.reason, retracted=cmd.retract,
                         by=cmd.by.value if cmd.by else None, score=cmd.score, on=cmd.on, comment=cmd.comment)
    return cmd.internship_id


#: command model -> its handler (the application's table is built from these)
HANDLERS: dict[type[Command], Handler] = {
    c.PlaceIntern: place,
    c.AgreePlan: agree_plan,
    c.ProvideDocument: provide_document,
    c.WithdrawDocument: withdraw_document,
    c.AssignAccompanyingTeacher: assign_teacher,
    c.AssignMentor: assign_mentor,
    c.StartInternship: start,
    c.RecordAttendance: record_attendance,
    c.RecordAttendanceBatch: record_attendance_batch,
    c.CorrectAttendance: correct_attendance,
    c.RecordAbsence: record_absence,
    c.RequestLeave: request_leave,
    c.DecideLeave: decide_leave,
    c.RecordPay: record_pay,
    c.ChargeFee: charge_fee,
    c.HoldDocument: hold_document,
    c.ReturnHeldDocument: return_document,
    c.ReportIncident: report_incident,
    c.ReturnStudent: return_student,
    c.EvaluateInternship: evaluate,
    c.RecordCertification: record_certification,
    c.CompleteInternship: complete,
    c.TerminateInternship: terminate,
    c.RequestQuit: request_quit,
    c.DecideQuit: decide_quit,
    c.Quit: quit_placement,
    c.OfferJob: offer_job,
    c.Hire: hire,
    c.CorrectPay: correct_pay,
    c.CorrectLeave: correct_leave,
    c.CorrectEvaluation: correct_evaluation,
}
