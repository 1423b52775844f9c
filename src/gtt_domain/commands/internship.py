"""Commands on internships: placement, documents, attendance, leave, pay, outcomes.

Each model validates only the shape of the input (fields, ranges); whether a fact can be
true of the internship is the aggregate's call, and policy breaches are recorded.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Self
from uuid import UUID

from pydantic import BaseModel, Field, model_validator

from gtt_domain.commands.base import Command
from gtt_domain.domain.internship_state import (
    AttendanceChannel,
    DocumentKind,
    Evaluator,
    InternshipKind,
    PostCategory,
    ProgrammeForm,
    Severity,
)

Hours = Field(ge=0, le=24, max_digits=4, decimal_places=2, description="hours on post that day")
Money = Field(ge=0, max_digits=12, decimal_places=2)
Text = Field(min_length=1, max_length=500)


class InternshipCommand(Command):
    group = "internship"

    internship_id: UUID


class PlaceIntern(Command):
    """Place a student at a host; ``external_id`` makes a repeated import idempotent."""

    group = "internship"
    verb = "place"
    example = ("gtt internship place --student-id SID --school-id SCH --host-id ENT --kind post "
               "--programme two_plus_one --post 'AC assembly' --planned-start 2025-03-10 "
               "--planned-end 2025-09-10")

    student_id: UUID
    school_id: UUID
    host_id: UUID
    agreement_id: UUID | None = Field(None, description="the cooperation agreement it runs under")
    kind: InternshipKind
    programme: ProgrammeForm = ProgrammeForm.NONE
    post: str = Field(min_length=1, max_length=200, description="job title at the host")
    post_category: PostCategory = PostCategory.ORDINARY
    planned_start: date
    planned_end: date
    placed_on: date | None = Field(None, description="when it took effect (default: today)")
    external_id: str | None = Field(None, min_length=1, max_length=100,
                                    description="natural key from an import; repeats are no-ops")


class AgreePlan(InternshipCommand):
    """Record the date the school agreed the internship plan with the host (P10-R3)."""

    verb = "agree-plan"
    example = "gtt internship agree-plan --internship-id ID --agreed-on 2025-01-05"

    agreed_on: date


class ProvideDocument(InternshipCommand):
    """Record a document provided for the placement; a policy carries its cover period."""

    verb = "provide-document"
    example = ("gtt internship provide-document --internship-id ID --doc insurance_policy "
               "--provided-on 2025-03-01 --cover-from 2025-03-01 --cover-to 2025-09-30")

    doc: DocumentKind
    provided_on: date
    cover_from: date | None = None
    cover_to: date | None = None
    reference: str | None = Field(None, max_length=200, description="policy or file number")

    @model_validator(mode="after")
    def _cover(self) -> Self:
        if self.doc is DocumentKind.INSURANCE_POLICY and (self.cover_from is None or self.cover_to is None):
            raise ValueError("cover_from and cover_to are required for an insurance_policy")
        return self


class WithdrawDocument(InternshipCommand):
    """Record that a document was withdrawn (e.g. consent revoked, policy cancelled)."""

    verb = "withdraw-document"
    example = "gtt internship withdraw-document --internship-id ID --doc guardian_consent --withdrawn-on 2025-04-01"

    doc: DocumentKind
    withdrawn_on: date


class AssignAccompanyingTeacher(InternshipCommand):
    """Assign the school's accompanying teacher (P10-R4, N-INT-13)."""

    verb = "assign-teacher"
    example = "gtt internship assign-teacher --internship-id ID --teacher-id PID --on 2025-03-01"

    teacher_id: UUID
    on: date


class AssignMentor(InternshipCommand):
    """Assign the host's mentor (N-INT-13)."""

    verb = "assign-mentor"
    example = "gtt internship assign-mentor --internship-id ID --mentor-id PID --on 2025-03-10"

    mentor_id: UUID
    on: date


class StartInternship(InternshipCommand):
    """Record the start; the agreement it runs under must be active that day."""

    verb = "start"
    example = "gtt internship start --internship-id ID --on 2025-03-10"

    on: date


class AttendanceRow(BaseModel):
    """One day's attendance claim with its provenance (N-EVD-*)."""

    model_config = Command.model_config

    day: date
    hours: Decimal = Hours
    night_shift: bool = False
    statutory_holiday: bool = False
    overtime_hours: Decimal = Field(Decimal(0), ge=0, le=24, max_digits=4, decimal_places=2)
    channel: AttendanceChannel = AttendanceChannel.APP
    location: str | None = Field(None, max_length=200, description="e.g. 'lat,lon' of a check-in")
    device: str | None = Field(None, max_length=200)
    attested_by_host: bool = False
    claimed_by: UUID | None = Field(None, description="person who made the claim")


class RecordAttendance(InternshipCommand, AttendanceRow):
    """Record one day's attendance; a second claim for the same day is refused (correct it)."""

    verb = "record-attendance"
    example = ("gtt internship record-attendance --internship-id ID --day 2025-03-11 --hours 8 "
               "--channel host_system --attested-by-host")


class BatchRow(AttendanceRow):
    internship_id: UUID


class RecordAttendanceBatch(Command):
    """Record many interns' attendance in one transaction: all rows or none."""

    group = "internship"
    verb = "record-attendance-batch"
    example = ("gtt internship record-attendance-batch --json "
               "'{\"rows\": [{\"internship_id\": \"ID\", \"day\": \"2025-03-11\", \"hours\": 8}]}'")

    rows: list[BatchRow] = Field(min_length=1, max_length=10_000)


class CorrectAttendance(InternshipCommand):
    """Correct named fields of a day's attendance; give the reason in the event metadata."""

    verb = "correct-attendance"
    example = "gtt internship correct-attendance --internship-id ID --day 2025-03-11 --hours 6"

    day: date
    hours: Decimal | None = Field(None, ge=0, le=24, max_digits=4, decimal_places=2)
    overtime_hours: Decimal | None = Field(None, ge=0, le=24, max_digits=4, decimal_places=2)
    night_shift: bool | None = None
    statutory_holiday: bool | None = None
    attested_by_host: bool | None = None


class RecordAbsence(InternshipCommand):
    """Record an absence (without leave it is a P10-R9 finding)."""

    verb = "record-absence"
    example = "gtt internship record-absence --internship-id ID --day 2025-03-12 --reason 'no show'"

    day: date
    reason: str | None = Field(None, max_length=500)


class RequestLeave(InternshipCommand):
    """Record a leave request as asked (short notice or oral requests are recorded)."""

    verb = "request-leave"
    example = ("gtt internship request-leave --internship-id ID --asked-on 2025-04-01 "
               "--first-day 2025-04-03 --last-day 2025-04-04 --written")

    asked_on: date
    first_day: date
    last_day: date
    written: bool = False


class DecideLeave(InternshipCommand):
    """Approve or refuse a leave request, by its index (0 = the first request)."""

    verb = "decide-leave"
    example = "gtt internship decide-leave --internship-id ID --request 0 --approved --decided-on 2025-04-02"

    request: int = Field(ge=0)
    approved: bool
    decided_on: date


class RecordPay(InternshipCommand):
    """Record pay for a period next to the wage of a regular employee on the same post."""

    verb = "record-pay"
    example = ("gtt internship record-pay --internship-id ID --period-start 2025-03-10 "
               "--period-end 2025-04-09 --amount 1800 --regular-wage 3600 --paid-on 2025-04-15")

    period_start: date
    period_end: date
    amount: Decimal = Money
    regular_wage: Decimal = Money
    paid_directly: bool = True
    in_kind: bool = False
    paid_on: date


Reason = Field(min_length=1, max_length=500, description="why the record was wrong")


class CorrectPay(InternshipCommand):
    """Correct (or, with --retract, withdraw) a pay record: the original stays on record;
    the correction says who changed what and why, and takes effect when the original did."""

    verb = "correct-pay"
    example = ("gtt internship correct-pay --internship-id ID --item 1 --amount 3200 "
               "--reason 'payslip misread: 3,200 not 2,300'")

    item: int = Field(ge=1, description="the pay record's number, from 1, in the order recorded")
    period_start: date | None = None
    period_end: date | None = None
    amount: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    regular_wage: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    paid_directly: bool | None = None
    in_kind: bool | None = None
    paid_on: date | None = None
    retract: bool = Field(False, description="withdraw the record as made in error")
    reason: str = Reason


class CorrectLeave(InternshipCommand):
    """Correct (or withdraw) a leave request; the original stays on record."""

    verb = "correct-leave"
    example = ("gtt internship correct-leave --internship-id ID --request 0 --last-day 2025-04-03 "
               "--reason 'the note says 3 April'")

    request: int = Field(ge=0, description="the request's number, from 0, as decide-leave names it")
    first_day: date | None = None
    last_day: date | None = None
    written: bool | None = None
    retract: bool = Field(False, description="withdraw the request as recorded in error")
    reason: str = Reason


class CorrectEvaluation(InternshipCommand):
    """Correct (or withdraw) an evaluation; the original stays on record."""

    verb = "correct-evaluation"
    example = ("gtt internship correct-evaluation --internship-id ID --item 1 --by school "
               "--reason 'entered under the wrong evaluator'")

    item: int = Field(ge=1, description="the evaluation's number, from 1, in the order recorded")
    by: Evaluator | None = None
    score: Decimal | None = Field(None, ge=0, le=100, max_digits=5, decimal_places=2)
    on: date | None = None
    comment: str | None = Field(None, max_length=2000)
    retract: bool = Field(False, description="withdraw the evaluation as recorded in error")
    reason: str = Reason


class ChargeFee(InternshipCommand):
    """Record a fee or deposit charged to the student (N-INT-8)."""

    verb = "charge-fee"
    example = "gtt internship charge-fee --internship-id ID --amount 300 --charged-on 2025-03-10 --description 'uniform deposit'"

    amount: Decimal = Field(gt=0, max_digits=12, decimal_places=2)
    charged_on: date
    description: str = Text


class HoldDocument(InternshipCommand):
    """Record that the host keeps a student's document (N-INT-8)."""

    verb = "hold-document"
    example = "gtt internship hold-document --internship-id ID --doc id_card --since 2025-03-10"

    doc: str = Field(min_length=1, max_length=100, description="what is held, e.g. id_card")
    since: date


class ReturnHeldDocument(InternshipCommand):
    """Record that the host gave a held document back."""

    verb = "return-document"
    example = "gtt internship return-document --internship-id ID --doc id_card --on 2025-04-01"

    doc: str = Field(min_length=1, max_length=100)
    on: date


class ReportIncident(InternshipCommand):
    """Report an incident (injury, safety breach, dispute)."""

    verb = "report-incident"
    example = "gtt internship report-incident --internship-id ID --on 2025-05-02 --severity minor --description 'cut finger'"

    on: date
    description: str = Text
    severity: Severity


class ReturnStudent(InternshipCommand):
    """Record that the host sent the student back (P10-R7)."""

    verb = "return-student"
    example = "gtt internship return-student --internship-id ID --on 2025-05-02 --reason 'safety rules broken'"

    on: date
    reason: str = Text


class EvaluateInternship(InternshipCommand):
    """Record the host's or the school's evaluation (P10-R6), scored 0..100."""

    verb = "evaluate"
    example = "gtt internship evaluate --internship-id ID --by host --score 86 --on 2025-06-10"

    by: Evaluator
    score: Decimal = Field(ge=0, le=100, max_digits=5, decimal_places=2)
    on: date
    comment: str | None = Field(None, max_length=2000)


class RecordCertification(InternshipCommand):
    """Record a skills certification exam result (P10-R10, P13-R3)."""

    verb = "record-certification"
    example = "gtt internship record-certification --internship-id ID --exam 'refrigeration L4' --passed --on 2025-06-20"

    exam: str = Field(min_length=1, max_length=200)
    passed: bool
    on: date


class CompleteInternship(InternshipCommand):
    """Record completion."""

    verb = "complete"
    example = "gtt internship complete --internship-id ID --on 2025-06-30"

    on: date


class TerminateInternship(InternshipCommand):
    """Record an early termination with its reason."""

    verb = "terminate"
    example = "gtt internship terminate --internship-id ID --on 2025-05-03 --reason 'returned by host'"

    on: date
    reason: str = Text


class RequestQuit(InternshipCommand):
    """Record a student's request to leave the placement for good (離職), as asked: P10-R9
    wants it in writing a week ahead of the last day; short notice is recorded, audits flag it."""

    verb = "request-quit"
    example = ("gtt internship request-quit --internship-id ID --asked-on 2025-04-01 "
               "--last-day 2025-04-10 --written --reason 'family moved away'")

    asked_on: date
    last_day: date = Field(description="the last day the student means to be at the host")
    written: bool = False
    reason: str | None = Field(None, max_length=500)


class DecideQuit(InternshipCommand):
    """Record the host's approval or refusal of the latest request to quit."""

    verb = "decide-quit"
    example = "gtt internship decide-quit --internship-id ID --approved --decided-on 2025-04-03"

    approved: bool
    decided_on: date


class Quit(InternshipCommand):
    """Record that the student left the placement for good on a day (the last day at the host)."""

    verb = "quit"
    example = "gtt internship quit --internship-id ID --on 2025-04-10 --reason 'family moved away'"

    on: date
    reason: str | None = Field(None, max_length=500)


class OfferJob(InternshipCommand):
    """Record a job offer from the host."""

    verb = "offer-job"
    example = "gtt internship offer-job --internship-id ID --on 2025-06-25 --post 'AC technician'"

    on: date
    post: str | None = Field(None, max_length=200)


class Hire(InternshipCommand):
    """Record that the host hired the student."""

    verb = "hire"
    example = "gtt internship hire --internship-id ID --on 2025-07-01"

    on: date


#: the commands of this module, in the order of their help (an explicit list)
COMMANDS: tuple[type[Command], ...] = (
    PlaceIntern,
    AgreePlan,
    ProvideDocument,
    WithdrawDocument,
    AssignAccompanyingTeacher,
    AssignMentor,
    StartInternship,
    RecordAttendance,
    RecordAttendanceBatch,
    CorrectAttendance,
    RecordAbsence,
    RequestLeave,
    DecideLeave,
    RecordPay,
    ChargeFee,
    HoldDocument,
    ReturnHeldDocument,
    ReportIncident,
    ReturnStudent,
    EvaluateInternship,
    RecordCertification,
    CorrectPay,
    CorrectLeave,
    CorrectEvaluation,
    CompleteInternship,
    TerminateInternship,
    RequestQuit,
    DecideQuit,
    Quit,
    OfferJob,
    Hire,
)
