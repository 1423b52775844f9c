"""Internship: a student's placement at a host, from placement to completion or termination.

Refused are only facts that cannot be true (attendance before the start, completing twice,
a period that ends before it starts). Policy breaches — a plan agreed 10 days ahead
(P10-R3), starting without documents (P10-R7), leave asked 2 days ahead (P10-R9), pay at
half the regular wage (P10-R5, N-INT-7), night shifts (N-INT-6), fees (N-INT-8) — are
recorded as they happened; audits flag them. People appear only by id.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from gtt_domain.domain.base import GttAggregate, by_version
from gtt_domain.domain.errors import DomainError
from gtt_domain.domain.internship_state import (
    ABSENCE_WIDTH,
    ATTENDANCE_WIDTH,
    Absence,
    Attendance,
    CertificationResult,
    DayBook,
    DayValues,
    Document,
    DocumentKind,
    Evaluation,
    Fee,
    HeldDocument,
    Incident,
    JobOffer,
    Leave,
    Pay,
    QuitRequest,
    Status,
)
from gtt_domain.domain.meta import EventMeta

ZERO = Decimal(0)
MAX_HOURS = Decimal(24)


class Internship(GttAggregate):
    """The placement as its rules need it.

    Days are kept compactly (issue 17): ``attendance_book`` and ``absence_book`` say which
    days are recorded and, for attendance, the values a correction is checked against, so
    loading and saving cost the same on day 1,000 as on day 10. Every day's full details
    (channel, place, who recorded it) are in the events; :meth:`keep_details` makes an
    aggregate that a reading fold (audits, time travel) builds keep them as ``attendance``
    and ``absences`` too.
    """

    KIND = "internship"
    #: 2: days in ``attendance_book``/``absence_book`` instead of ``attendance``/``absences``
    class_version = 2

    class Placed(GttAggregate.Created):
        student_id: str
        school_id: str
        host_id: str
        agreement_id: str | None
        kind: str
        programme: str
        post: str
        post_category: str
        planned_start: date
        planned_end: date
        external_id: str | None
        meta: EventMeta

    class PlanAgreedWithHost(GttAggregate.Event):
        agreed_on: date
        meta: EventMeta

    class DocumentProvided(GttAggregate.Event):
        doc: str
        provided_on: date
        cover_from: date | None
        cover_to: date | None
        reference: str | None
        meta: EventMeta

    class DocumentWithdrawn(GttAggregate.Event):
        doc: str
        withdrawn_on: date
        meta: EventMeta

    class AccompanyingTeacherAssigned(GttAggregate.Event):
        teacher_id: str
        on: date
        meta: EventMeta

    class MentorAssigned(GttAggregate.Event):
        mentor_id: str
        on: date
        meta: EventMeta

    class Started(GttAggregate.Event):
        on: date
        meta: EventMeta

    class AttendanceRecorded(GttAggregate.Event):
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
        meta: EventMeta

    class AttendanceCorrected(GttAggregate.Event):
        """Changes named fields of a day's attendance; ``None`` leaves a field as it was."""

        day: date
        hours: Decimal | None
        overtime_hours: Decimal | None
        night_shift: bool | None
        statutory_holiday: bool | None
        attested_by_host: bool | None
        meta: EventMeta

    class AbsenceRecorded(GttAggregate.Event):
        day: date
        reason: str | None
        meta: EventMeta

    class LeaveRequested(GttAggregate.Event):
        asked_on: date
        first_day: date
        last_day: date
        written: bool
        meta: EventMeta

    class LeaveDecided(GttAggregate.Event):
        request: int
        approved: bool
        decided_on: date
        meta: EventMeta

    class PayRecorded(GttAggregate.Event):
        period_start: date
        period_end: date
        amount: Decimal
        regular_wage: Decimal
        paid_directly: bool
        in_kind: bool
        paid_on: date
        meta: EventMeta

    class PayCorrected(GttAggregate.Event):
        """The pay record of event version ``corrects`` restated (or, ``retracted``, withdrawn
        as recorded in error); the original stays in the log. Issue 19."""

        corrects: int
        period_start: date
        period_end: date
        amount: Decimal
        regular_wage: Decimal
        paid_directly: bool
        in_kind: bool
        paid_on: date
        retracted: bool
        reason: str
        meta: EventMeta

    class LeaveCorrected(GttAggregate.Event):
        """Leave request number ``request`` (from 0, as decisions name it) restated or retracted."""

        request: int
        first_day: date
        last_day: date
        written: bool
        retracted: bool
        reason: str
        meta: EventMeta

    class FeeCharged(GttAggregate.Event):
        amount: Decimal
        charged_on: date
        description: str
        meta: EventMeta

    class DocumentHeldByHost(GttAggregate.Event):
        doc: str
        since: date
        meta: EventMeta

    class DocumentReturnedByHost(GttAggregate.Event):
        doc: str
        on: date
        meta: EventMeta

    class IncidentReported(GttAggregate.Event):
        on: date
        description: str
        severity: str
        meta: EventMeta

    class StudentReturnedByHost(GttAggregate.Event):
        on: date
        reason: str
        meta: EventMeta

    class Evaluated(GttAggregate.Event):
        by: str
        score: Decimal
        on: date
        comment: str | None
        meta: EventMeta

    class EvaluationCorrected(GttAggregate.Event):
        """The evaluation of event version ``corrects`` restated or retracted (issue 19)."""

        corrects: int
        by: str
        score: Decimal
        on: date
        comment: str | None
        retracted: bool
        reason: str
        meta: EventMeta

    class CertificationResultRecorded(GttAggregate.Event):
        exam: str
        passed: bool
        on: date
        meta: EventMeta

    class Completed(GttAggregate.Event):
        on: date
        meta: EventMeta

    class TerminatedEarly(GttAggregate.Event):
        on: date
        reason: str
        meta: EventMeta

    class QuitRequested(GttAggregate.Event):
        """The student asked to leave the placement for good (離職), not a day's leave."""

        asked_on: date
        last_day: date
        written: bool
        reason: str | None
        meta: EventMeta

    class QuitDecided(GttAggregate.Event):
        """The host approved or refused the latest request to quit."""

        approved: bool
        decided_on: date
        meta: EventMeta

    class StudentQuit(GttAggregate.Event):
        """The student left the placement before its end, at the student's initiative."""

        on: date
        reason: str | None
        meta: EventMeta

    class JobOffered(GttAggregate.Event):
        on: date
        post: str | None
        meta: EventMeta

    class Hired(GttAggregate.Event):
        on: date
        meta: EventMeta

    #: added after the first release: snapshots taken before it lack them (read the defaults)
    quit_requests: tuple[QuitRequest, ...] | list[QuitRequest] = ()
    quit_on: date | None = None
    #: every day's details, kept only by an aggregate told to :meth:`keep_details`
    attendance: dict[str, Attendance] | None = None  # keyed by day.isoformat()
    absences: dict[str, Absence] | None = None  # keyed by day.isoformat()

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """A version 1 snapshot kept every day's details; keep what the rules need."""
        attendance = DayBook(ATTENDANCE_WIDTH)
        for a in sorted(state.pop("attendance", {}).values(), key=lambda a: a.day):
            attendance.add(a.day, DayValues(a.hours, a.overtime_hours, a.night_shift,
                                            a.statutory_holiday, a.attested_by_host))
        absences = DayBook(ABSENCE_WIDTH)
        for x in sorted(state.pop("absences", {}).values(), key=lambda x: x.day):
            absences.add(x.day)
        state["attendance_book"], state["absence_book"] = attendance, absences

    def keep_details(self) -> None:
        """Keep every attendance and absence day's details from now on (reading folds call
        this on the aggregate just created from ``Placed``; the command side never does)."""
        if self.attendance is None:
            self.attendance, self.absences = {}, {}

    @classmethod
    def place(
        cls, *, id: UUID, student_id: str, school_id: str, host_id: str,  # noqa: A002
        agreement_id: str | None, kind: str, programme: str, post: str, post_category: str,
        planned_start: date, planned_end: date, external_id: str | None, meta: EventMeta,
    ) -> Internship:
        """Place a student; a planned period that ends before it starts is refused."""
        if planned_end < planned_start:
            raise DomainError(cls.KIND, "place", f"period ends ({planned_end}) before it starts ({planned_start})", id)
        if school_id == host_id:
            raise DomainError(cls.KIND, "place", "the school cannot also be the host", id)
        return cls(
            id=id, student_id=student_id, school_id=school_id, host_id=host_id,
            agreement_id=agreement_id, kind=kind, programme=programme, post=post,
            post_category=post_category, planned_start=planned_start, planned_end=planned_end,
            external_id=external_id, meta=meta,
        )

    @event(Placed)
    def __init__(
        self, id: UUID, student_id: str, school_id: str, host_id: str,  # noqa: A002
        agreement_id: str | None, kind: str, programme: str, post: str, post_category: str,
        planned_start: date, planned_end: date, external_id: str | None, meta: EventMeta,
    ) -> None:
        self.student_id = student_id
        self.school_id = school_id
        self.host_id = host_id
        self.agreement_id = agreement_id
        self.kind = kind
        self.programme = programme
        self.post = post
        self.post_category = post_category
        self.planned_start = planned_start
        self.planned_end = planned_end
        self.external_id = external_id
        self.placed_by = meta.actor
        self.status: str = Status.PLACED.value
        self.plan_agreements: list[date] = []
        self.documents: dict[str, list[Document]] = {}
        self.accompanying_teacher_id: str | None = None
        self.accompanying_teacher_since: date | None = None
        self.mentor_id: str | None = None
        self.mentor_since: date | None = None
        self.started_on: date | None = None
        self.ended_on: date | None = None
        self.termination_reason: str | None = None
        self.attendance_book = DayBook(ATTENDANCE_WIDTH)
        self.absence_book = DayBook(ABSENCE_WIDTH)
        self.leaves: list[Leave] = []
        self.pay: list[Pay] = []
        self.fees: list[Fee] = []
        self.held_documents: dict[str, HeldDocument] = {}
        self.incidents: list[Incident] = []
        self.returned_by_host_on: date | None = None
        self.return_reason: str | None = None
        self.evaluations: list[Evaluation] = []
        self.certifications: list[CertificationResult] = []
        self.job_offers: list[JobOffer] = []
        self.hired_on: date | None = None

    # --- reading helpers (pure, for audits and projections) --------------------------

    @property
    def plan_agreed_on(self) -> date | None:
        """The first date a plan was agreed with the host (P10-R3 measures from it)."""
        return min(self.plan_agreements) if self.plan_agreements else None

    def has_document(self, kind: str, on: date) -> bool:
        """Whether a document of ``kind`` was in force on ``on`` (policies: covering it)."""
        return any(d.in_force_on(on) for d in self.documents.get(kind, []))

    def is_insured_on(self, day: date) -> bool:
        return self.has_document(DocumentKind.INSURANCE_POLICY.value, day)

    def has_attendance(self, day: date) -> bool:
        return day in self.attendance_book

    def has_absence(self, day: date) -> bool:
        return day in self.absence_book

    # --- commands --------------------------------------------------------------------

    def agree_plan(self, agreed_on: date, meta: EventMeta) -> None:
        self._plan_agreed(agreed_on=agreed_on, meta=meta.effective_on(agreed_on))

    def provide_document(
        self, doc: str, provided_on: date, meta: EventMeta, *,
        cover_from: date | None = None, cover_to: date | None = None, reference: str | None = None,
    ) -> None:
        if doc == DocumentKind.INSURANCE_POLICY.value and (cover_from is None or cover_to is None):
            self.refuse("provide_document", "an insurance policy has a cover period (cover_from, cover_to)")
        if cover_from is not None and cover_to is not None and cover_to < cover_from:
            self.refuse("provide_document", f"cover ends ({cover_to}) before it starts ({cover_from})")
        self._document_provided(doc=doc, provided_on=provided_on, cover_from=cover_from,
                                cover_to=cover_to, reference=reference,
                                meta=meta.effective_on(provided_on))

    def withdraw_document(self, doc: str, withdrawn_on: date, meta: EventMeta) -> None:
        current = self._current_document(doc)
        if current is None:
            self.refuse("withdraw_document", f"no {doc} is on file")
        if withdrawn_on < current.provided_on:
            self.refuse("withdraw_document",
                        f"{doc} withdrawn ({withdrawn_on}) before it was provided ({current.provided_on})")
        self._document_withdrawn(doc=doc, withdrawn_on=withdrawn_on, meta=meta.effective_on(withdrawn_on))

    def assign_accompanying_teacher(self, teacher_id: str, on: date, meta: EventMeta) -> None:
        if teacher_id == self.accompanying_teacher_id:
            self.refuse("assign_accompanying_teacher", f"{teacher_id} is already the accompanying teacher")
        self._teacher_assigned(teacher_id=teacher_id, on=on, meta=meta.effective_on(on))

    def assign_mentor(self, mentor_id: str, on: date, meta: EventMeta) -> None:
        if mentor_id == self.mentor_id:
            self.refuse("assign_mentor", f"{mentor_id} is already the host mentor")
        self._mentor_assigned(mentor_id=mentor_id, on=on, meta=meta.effective_on(on))

    def start(self, on: date, meta: EventMeta) -> None:
        """Start; before the plan is agreed or without documents is recorded (audited later)."""
        if self.status != Status.PLACED:
            self.refuse("start", f"the internship is already {self.status}")
        self._started(on=on, meta=meta.effective_on(on))

    def record_attendance(
        self, day: date, hours: Decimal, meta: EventMeta, *, night_shift: bool = False,
        statutory_holiday: bool = False, overtime_hours: Decimal = ZERO, channel: str = "app",
        location: str | None = None, device: str | None = None, attested_by_host: bool = False,
        claimed_by: str | None = None,
    ) -> None:
        self._require_day_in_internship("record_attendance", day)
        self._check_hours("record_attendance", hours, overtime_hours)
        if day in self.attendance_book:
            self.refuse("record_attendance",
                        f"attendance for {day} is already recorded; correct it instead")
        self._attendance_recorded(
            day=day, hours=hours, night_shift=night_shift, statutory_holiday=statutory_holiday,
            overtime_hours=overtime_hours, channel=channel, location=location, device=device,
            attested_by_host=attested_by_host, claimed_by=claimed_by, meta=meta.effective_on(day),
        )

    def correct_attendance(
        self, day: date, meta: EventMeta, *, hours: Decimal | None = None,
        overtime_hours: Decimal | None = None, night_shift: bool | None = None,
        statutory_holiday: bool | None = None, attested_by_host: bool | None = None,
    ) -> None:
        current = self.attendance_book.get(day)
        if current is None:
            self.refuse("correct_attendance", f"no attendance recorded for {day}")
        changes: dict[str, object] = {"hours": hours, "overtime_hours": overtime_hours, "night_shift": night_shift,
                   "statutory_holiday": statutory_holiday, "attested_by_host": attested_by_host}
        if all(getattr(current, k) == v or v is None for k, v in changes.items()):
            self.refuse("correct_attendance", f"the correction changes nothing on {day}")
        self._check_hours(
            "correct_attendance",
            current.hours if hours is None else hours,
            current.overtime_hours if overtime_hours is None else overtime_hours,
        )
        self._attendance_corrected(
            day=day, hours=hours, overtime_hours=overtime_hours, night_shift=night_shift,
            statutory_holiday=statutory_holiday, attested_by_host=attested_by_host,
            meta=meta.effective_on(day))

    def record_absence(self, day: date, reason: str | None, meta: EventMeta) -> None:
        self._require_day_in_internship("record_absence", day)
        if day in self.absence_book:
            self.refuse("record_absence", f"an absence on {day} is already recorded")
        self._absence_recorded(day=day, reason=reason, meta=meta.effective_on(day))

    def request_leave(self, asked_on: date, first_day: date, last_day: date, written: bool,
                      meta: EventMeta) -> int:
        """Record a leave request (short notice is a P10-R9 finding, not a refusal); return its index."""
        self._check_period("request_leave", first_day, last_day)
        self._leave_requested(asked_on=asked_on, first_day=first_day, last_day=last_day,
                              written=written, meta=meta.effective_on(asked_on))
        return len(self.leaves) - 1

    def decide_leave(self, request: int, approved: bool, decided_on: date, meta: EventMeta) -> None:
        if not 0 <= request < len(self.leaves):
            self.refuse("decide_leave", f"no leave request {request}")
        leave = self.leaves[request]
        if leave.approved is not None:
            self.refuse("decide_leave", f"leave request {request} was already decided on {leave.decided_on}")
        if decided_on < leave.asked_on:
            self.refuse("decide_leave", f"decided ({decided_on}) before it was asked ({leave.asked_on})")
        self._leave_decided(request=request, approved=approved, decided_on=decided_on,
                            meta=meta.effective_on(decided_on))

    def record_pay(
        self, period_start: date, period_end: date, amount: Decimal, regular_wage: Decimal,
        paid_on: date, meta: EventMeta, *, paid_directly: bool = True, in_kind: bool = False,
    ) -> None:
        """Record pay as paid; below the regular wage is a P10-R5/N-INT-7 finding, not a refusal."""
        self._check_period("record_pay", period_start, period_end)
        if amount < 0 or regular_wage < 0:
            self.refuse("record_pay", "amounts cannot be negative")
        self._pay_recorded(period_start=period_start, period_end=period_end, amount=amount,
                           regular_wage=regular_wage, paid_directly=paid_directly, in_kind=in_kind,
                           paid_on=paid_on, meta=meta.effective_on(paid_on))

    def correct_pay(self, item: int, meta: EventMeta, *, reason: str, retracted: bool = False,
                    **changes: object) -> int:
        """Restate (or retract) pay record number ``item`` (from 1, as listed); returns the
        version of the event that recorded it."""
        if not 1 <= item <= len(self.pay):
            self.refuse("correct_pay", f"no pay record {item} (there are {len(self.pay)})")
        old = self.pay[item - 1]
        if old.version == 0:
            self.refuse("correct_pay", "the pay record predates corrections: replay the internship first")
        new: dict[str, Any] = {
            "period_start": old.period_start, "period_end": old.period_end, "amount": old.amount,
            "regular_wage": old.regular_wage, "paid_directly": old.paid_directly, "in_kind": old.in_kind,
            "paid_on": old.paid_on, **{k: v for k, v in changes.items() if v is not None}}
        self._check_period("correct_pay", new["period_start"], new["period_end"])
        if new["amount"] < 0 or new["regular_wage"] < 0:
            self.refuse("correct_pay", "amounts cannot be negative")
        if not retracted and all(getattr(old, k) == v for k, v in new.items()):
            self.refuse("correct_pay", "the correction changes nothing")
        self._pay_corrected(corrects=old.version, retracted=retracted, reason=reason, meta=meta, **new)
        return old.version

    def correct_leave(self, request: int, meta: EventMeta, *, reason: str, retracted: bool = False,
                      first_day: date | None = None, last_day: date | None = None,
                      written: bool | None = None) -> None:
        if not 0 <= request < len(self.leaves) or self.leaves[request].retracted:
            self.refuse("correct_leave", f"no leave request {request}")
        old = self.leaves[request]
        first, last = first_day or old.first_day, last_day or old.last_day
        self._check_period("correct_leave", first, last)
        wrote = old.written if written is None else written
        if not retracted and (first, last, wrote) == (old.first_day, old.last_day, old.written):
            self.refuse("correct_leave", "the correction changes nothing")
        self._leave_corrected(request=request, first_day=first, last_day=last, written=wrote,
                              retracted=retracted, reason=reason, meta=meta.effective_on(old.asked_on))

    def correct_evaluation(self, item: int, meta: EventMeta, *, reason: str, retracted: bool = False,
                           by: str | None = None, score: Decimal | None = None, on: date | None = None,
                           comment: str | None = None) -> int:
        if not 1 <= item <= len(self.evaluations):
            self.refuse("correct_evaluation", f"no evaluation {item} (there are {len(self.evaluations)})")
        old = self.evaluations[item - 1]
        if old.version == 0:
            self.refuse("correct_evaluation", "the evaluation predates corrections")
        new_score = old.score if score is None else score
        if not ZERO <= new_score <= 100:
            self.refuse("correct_evaluation", f"score {new_score} is outside 0..100")
        new: dict[str, Any] = {"by": by or old.by, "score": new_score, "on": on or old.on,
                               "comment": old.comment if comment is None else comment}
        if not retracted and all(getattr(old, k) == v for k, v in new.items()):
            self.refuse("correct_evaluation", "the correction changes nothing")
        self._evaluation_corrected(corrects=old.version, retracted=retracted, reason=reason, meta=meta, **new)
        return old.version

    def charge_fee(self, amount: Decimal, charged_on: date, description: str, meta: EventMeta) -> None:
        """A fee charged to the student (an N-INT-8 finding)."""
        if amount <= 0:
            self.refuse("charge_fee", "a fee is a positive amount")
        self._fee_charged(amount=amount, charged_on=charged_on, description=description,
                          meta=meta.effective_on(charged_on))

    def hold_document(self, doc: str, since: date, meta: EventMeta) -> None:
        """The host keeps a student's document (an N-INT-8 finding)."""
        held = self.held_documents.get(doc)
        if held is not None and held.returned_on is None:
            self.refuse("hold_document", f"the host already holds {doc} since {held.since}")
        self._document_held(doc=doc, since=since, meta=meta.effective_on(since))

    def return_held_document(self, doc: str, on: date, meta: EventMeta) -> None:
        held = self.held_documents.get(doc)
        if held is None or held.returned_on is not None:
            self.refuse("return_held_document", f"the host does not hold {doc}")
        if on < held.since:
            self.refuse("return_held_document", f"returned ({on}) before it was held ({held.since})")
        self._document_returned(doc=doc, on=on, meta=meta.effective_on(on))

    def report_incident(self, on: date, description: str, severity: str, meta: EventMeta) -> None:
        self._incident_reported(on=on, description=description, severity=severity,
                                meta=meta.effective_on(on))

    def return_student(self, on: date, reason: str, meta: EventMeta) -> None:
        """The host sends the student back (P10-R7); ending the internship is a separate fact."""
        if self.started_on is None:
            self.refuse("return_student", "the internship has not started")
        if self.returned_by_host_on is not None:
            self.refuse("return_student", f"the host already returned the student on {self.returned_by_host_on}")
        if on < self.started_on:
            self.refuse("return_student", f"{on} is before the start ({self.started_on})")
        self._student_returned(on=on, reason=reason, meta=meta.effective_on(on))

    def evaluate(self, by: str, score: Decimal, on: date, comment: str | None, meta: EventMeta) -> None:
        if self.started_on is None:
            self.refuse("evaluate", "the internship has not started")
        if not ZERO <= score <= 100:
            self.refuse("evaluate", f"score {score} is outside 0..100")
        self._evaluated(by=by, score=score, on=on, comment=comment, meta=meta.effective_on(on))

    def record_certification(self, exam: str, passed: bool, on: date, meta: EventMeta) -> None:
        self._certification_recorded(exam=exam, passed=passed, on=on, meta=meta.effective_on(on))

    def complete(self, on: date, meta: EventMeta) -> None:
        if self.status in (Status.COMPLETED, Status.TERMINATED):
            self.refuse("complete", f"the internship is already {self.status}")
        if self.started_on is None:
            self.refuse("complete", "the internship has not started")
        if on < self.started_on:
            self.refuse("complete", f"{on} is before the start ({self.started_on})")
        self._refuse_days_after("complete", on)
        self._completed(on=on, meta=meta.effective_on(on))

    def terminate(self, on: date, reason: str, meta: EventMeta) -> None:
        if self.status in (Status.COMPLETED, Status.TERMINATED):
            self.refuse("terminate", f"the internship is already {self.status}")
        if self.started_on is not None and on < self.started_on:
            self.refuse("terminate", f"{on} is before the start ({self.started_on})")
        self._refuse_days_after("terminate", on)
        self._terminated(on=on, reason=reason, meta=meta.effective_on(on))

    def request_quit(self, asked_on: date, last_day: date, written: bool, reason: str | None,
                     meta: EventMeta) -> None:
        """Record a request to quit as asked (short notice, oral: P10-R9 findings, not refusals)."""
        if self.ended_on is not None and asked_on > self.ended_on:
            self.refuse("request_quit", f"the internship already ended on {self.ended_on}")
        self._quit_requested(asked_on=asked_on, last_day=last_day, written=written, reason=reason,
                             meta=meta.effective_on(asked_on))

    def decide_quit(self, approved: bool, decided_on: date, meta: EventMeta) -> None:
        if not self.quit_requests:
            self.refuse("decide_quit", "no request to quit is recorded")
        last = self.quit_requests[-1]
        if last.approved is not None:
            self.refuse("decide_quit", f"the request to quit was already decided on {last.decided_on}")
        if decided_on < last.asked_on:
            self.refuse("decide_quit", f"decided ({decided_on}) before it was asked ({last.asked_on})")
        self._quit_decided(approved=approved, decided_on=decided_on, meta=meta.effective_on(decided_on))

    def quit(self, on: date, reason: str | None, meta: EventMeta) -> None:
        """The student left for good on ``on`` (the last day at the host)."""
        if self.status in (Status.COMPLETED, Status.TERMINATED):
            self.refuse("quit", f"the internship is already {self.status}")
        if self.started_on is None:
            self.refuse("quit", "the internship has not started")
        if on < self.started_on:
            self.refuse("quit", f"{on} is before the start ({self.started_on})")
        self._refuse_days_after("quit", on)
        self._student_quit(on=on, reason=reason, meta=meta.effective_on(on))

    def offer_job(self, on: date, post: str | None, meta: EventMeta) -> None:
        self._job_offered(on=on, post=post, meta=meta.effective_on(on))

    def hire(self, on: date, meta: EventMeta) -> None:
        if self.hired_on is not None:
            self.refuse("hire", f"the student was already hired on {self.hired_on}")
        self._hired(on=on, meta=meta.effective_on(on))

    # --- guards ----------------------------------------------------------------------

    def _require_day_in_internship(self, command: str, day: date) -> None:
        if self.started_on is None:
            self.refuse(command, "the internship has not started")
        if day < self.started_on:
            self.refuse(command, f"{day} is before the start ({self.started_on})")
        if self.ended_on is not None and day > self.ended_on:
            self.refuse(command, f"{day} is after the internship ended ({self.ended_on}, {self.status})")

    def _check_period(self, command: str, start: date, end: date) -> None:
        if end < start:
            self.refuse(command, f"period ends ({end}) before it starts ({start})")

    def _check_hours(self, command: str, hours: Decimal, overtime: Decimal) -> None:
        if not ZERO <= hours <= MAX_HOURS:
            self.refuse(command, f"{hours} hours is not within 0..24")
        if overtime < 0 or overtime > hours:
            self.refuse(command, f"overtime {overtime} h is not within 0..{hours} (the day's hours)")

    def _refuse_days_after(self, command: str, on: date) -> None:
        later = [d for d in (self.attendance_book.last(), self.absence_book.last())
                 if d is not None and d > on]
        if later:
            self.refuse(command, f"attendance or absence is recorded on {max(later)}, after {on}")

    def _current_document(self, doc: str) -> Document | None:
        current = [d for d in self.documents.get(doc, []) if d.withdrawn_on is None]
        return current[-1] if current else None

    # --- mutators (no guards: replay never re-judges history) -------------------------

    @event(PlanAgreedWithHost)
    def _plan_agreed(self, agreed_on: date, meta: EventMeta) -> None:
        self.plan_agreements.append(agreed_on)

    @event(DocumentProvided)
    def _document_provided(self, doc: str, provided_on: date, cover_from: date | None,
                           cover_to: date | None, reference: str | None, meta: EventMeta) -> None:
        self.documents.setdefault(doc, []).append(Document(
            kind=doc, provided_on=provided_on, cover_from=cover_from, cover_to=cover_to,
            reference=reference))

    @event(DocumentWithdrawn)
    def _document_withdrawn(self, doc: str, withdrawn_on: date, meta: EventMeta) -> None:
        current = self._current_document(doc)
        if current is not None:
            current.withdrawn_on = withdrawn_on

    @event(AccompanyingTeacherAssigned)
    def _teacher_assigned(self, teacher_id: str, on: date, meta: EventMeta) -> None:
        self.accompanying_teacher_id = teacher_id
        self.accompanying_teacher_since = on

    @event(MentorAssigned)
    def _mentor_assigned(self, mentor_id: str, on: date, meta: EventMeta) -> None:
        self.mentor_id = mentor_id
        self.mentor_since = on

    @event(Started)
    def _started(self, on: date, meta: EventMeta) -> None:
        self.status = Status.STARTED.value
        self.started_on = on

    @event(AttendanceRecorded)
    def _attendance_recorded(
        self, day: date, hours: Decimal, night_shift: bool, statutory_holiday: bool,
        overtime_hours: Decimal, channel: str, location: str | None, device: str | None,
        attested_by_host: bool, claimed_by: str | None, meta: EventMeta,
    ) -> None:
        self.attendance_book.add(day, DayValues(hours, overtime_hours, night_shift,
                                                statutory_holiday, attested_by_host))
        if self.attendance is not None:
            self.attendance[day.isoformat()] = Attendance(
                day=day, hours=hours, night_shift=night_shift, statutory_holiday=statutory_holiday,
                overtime_hours=overtime_hours, channel=channel, location=location, device=device,
                attested_by_host=attested_by_host, claimed_by=claimed_by,
                recorded_at=meta.recorded_at, recorded_by=meta.actor,
            )

    @event(AttendanceCorrected)
    def _attendance_corrected(
        self, day: date, hours: Decimal | None, overtime_hours: Decimal | None,
        night_shift: bool | None, statutory_holiday: bool | None, attested_by_host: bool | None,
        meta: EventMeta,
    ) -> None:
        self.attendance_book.correct(
            day, hours=hours, overtime_hours=overtime_hours, night_shift=night_shift,
            statutory_holiday=statutory_holiday, attested_by_host=attested_by_host)
        if self.attendance is None:
            return
        a = self.attendance[day.isoformat()]
        a.hours = a.hours if hours is None else hours
        a.overtime_hours = a.overtime_hours if overtime_hours is None else overtime_hours
        a.night_shift = a.night_shift if night_shift is None else night_shift
        a.statutory_holiday = a.statutory_holiday if statutory_holiday is None else statutory_holiday
        a.attested_by_host = a.attested_by_host if attested_by_host is None else attested_by_host
        a.corrections += 1

    @event(AbsenceRecorded)
    def _absence_recorded(self, day: date, reason: str | None, meta: EventMeta) -> None:
        self.absence_book.add(day)
        if self.absences is not None:
            self.absences[day.isoformat()] = Absence(day=day, reason=reason)

    @event(LeaveRequested)
    def _leave_requested(self, asked_on: date, first_day: date, last_day: date, written: bool,
                         meta: EventMeta) -> None:
        self.leaves.append(Leave(asked_on=asked_on, first_day=first_day, last_day=last_day,
                                 written=written))

    @event(LeaveDecided)
    def _leave_decided(self, request: int, approved: bool, decided_on: date, meta: EventMeta) -> None:
        leave = self.leaves[request]
        leave.approved = approved
        leave.decided_on = decided_on
        leave.decided_by = meta.actor

    @event(PayRecorded)
    def _pay_recorded(self, period_start: date, period_end: date, amount: Decimal,
                      regular_wage: Decimal, paid_directly: bool, in_kind: bool, paid_on: date,
                      meta: EventMeta) -> None:
        self.pay.append(Pay(period_start=period_start, period_end=period_end, amount=amount,
                            regular_wage=regular_wage, paid_directly=paid_directly,
                            in_kind=in_kind, paid_on=paid_on, version=self.version + 1))

    @event(PayCorrected)
    def _pay_corrected(self, corrects: int, period_start: date, period_end: date, amount: Decimal,
                       regular_wage: Decimal, paid_directly: bool, in_kind: bool, paid_on: date,
                       retracted: bool, reason: str, meta: EventMeta) -> None:
        i = by_version(self.pay, corrects)  # KeyError when the bounds left the original out
        if retracted:
            self.pay = [p for j, p in enumerate(self.pay) if j != i]
            return
        self.pay[i] = Pay(period_start=period_start, period_end=period_end, amount=amount,
                          regular_wage=regular_wage, paid_directly=paid_directly, in_kind=in_kind,
                          paid_on=paid_on, version=corrects, corrected_by=self.version + 1)

    @event(LeaveCorrected)
    def _leave_corrected(self, request: int, first_day: date, last_day: date, written: bool,
                         retracted: bool, reason: str, meta: EventMeta) -> None:
        leave = self.leaves[request]
        leave.first_day, leave.last_day, leave.written = first_day, last_day, written
        leave.retracted = retracted

    @event(EvaluationCorrected)
    def _evaluation_corrected(self, corrects: int, by: str, score: Decimal, on: date, comment: str | None,
                              retracted: bool, reason: str, meta: EventMeta) -> None:
        i = by_version(self.evaluations, corrects)
        if retracted:
            self.evaluations = [x for j, x in enumerate(self.evaluations) if j != i]
            return
        self.evaluations[i] = Evaluation(by=by, score=score, on=on, comment=comment, version=corrects,
                                         corrected_by=self.version + 1)

    @event(FeeCharged)
    def _fee_charged(self, amount: Decimal, charged_on: date, description: str, meta: EventMeta) -> None:
        self.fees.append(Fee(amount=amount, charged_on=charged_on, description=description))

    @event(DocumentHeldByHost)
    def _document_held(self, doc: str, since: date, meta: EventMeta) -> None:
        self.held_documents[doc] = HeldDocument(doc=doc, since=since)

    @event(DocumentReturnedByHost)
    def _document_returned(self, doc: str, on: date, meta: EventMeta) -> None:
        self.held_documents[doc].returned_on = on

    @event(IncidentReported)
    def _incident_reported(self, on: date, description: str, severity: str, meta: EventMeta) -> None:
        self.incidents.append(Incident(on=on, description=description, severity=severity))

    @event(StudentReturnedByHost)
    def _student_returned(self, on: date, reason: str, meta: EventMeta) -> None:
        self.returned_by_host_on = on
        self.return_reason = reason

    @event(Evaluated)
    def _evaluated(self, by: str, score: Decimal, on: date, comment: str | None, meta: EventMeta) -> None:
        self.evaluations.append(Evaluation(by=by, score=score, on=on, comment=comment, version=self.version + 1))

    @event(CertificationResultRecorded)
    def _certification_recorded(self, exam: str, passed: bool, on: date, meta: EventMeta) -> None:
        self.certifications.append(CertificationResult(exam=exam, passed=passed, on=on))

    @event(Completed)
    def _completed(self, on: date, meta: EventMeta) -> None:
        self.status = Status.COMPLETED.value
        self.ended_on = on

    @event(TerminatedEarly)
    def _terminated(self, on: date, reason: str, meta: EventMeta) -> None:
        self.status = Status.TERMINATED.value
        self.ended_on = on
        self.termination_reason = reason

    @event(QuitRequested)
    def _quit_requested(self, asked_on: date, last_day: date, written: bool, reason: str | None,
                        meta: EventMeta) -> None:
        self.quit_requests = [*self.quit_requests, QuitRequest(asked_on, last_day, written, reason)]

    @event(QuitDecided)
    def _quit_decided(self, approved: bool, decided_on: date, meta: EventMeta) -> None:
        last = self.quit_requests[-1]
        last.approved, last.decided_on = approved, decided_on

    @event(StudentQuit)
    def _student_quit(self, on: date, reason: str | None, meta: EventMeta) -> None:
        self.status = Status.TERMINATED.value
        self.ended_on = on
        self.termination_reason = reason or "the student quit"
        self.quit_on = on

    @event(JobOffered)
    def _job_offered(self, on: date, post: str | None, meta: EventMeta) -> None:
        self.job_offers.append(JobOffer(on=on, post=post))

    @event(Hired)
    def _hired(self, on: date, meta: EventMeta) -> None:
        self.hired_on = on
