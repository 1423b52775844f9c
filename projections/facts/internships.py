"""Internship facts on both time axes: what the audit rules and scorecards read about a
placement (periods, documents in force, attendance days, absences, leave, pay, fees,
documents held, evaluations, certifications, offers), one item per fact.

Each handler repeats its mutator in ``gtt_domain.domain.internship`` on the item it
changes; collections whose mutators read each other (the documents of one kind, the leave
requests) are one item holding a list, so the same mutator logic applies unchanged.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from gtt_projections.facts.base import FactsProjection, dump_list, load_list, update
from gtt_projections.facts.tables import (  # noqa: F401 — declared apart from the handlers
    FACTS,
    absences,
    attendance,
    core,
    documents,
    entries,
    fees,
    held,
    leaves,
    pay,
    plans,
    quits,
)
from gtt_projections.facts.temporal import FactWriter, Value, ref_of
from gtt_projections.writer import RowWriter

from gtt_domain.domain.internship import Internship


class InternshipFacts(FactsProjection):
    name = "fact_internships"
    version = 2
    facts = FACTS
    core = core
    tables = tuple(f.table for f in FACTS)

    @singledispatchmethod
    def apply(self, event: Any, rows: RowWriter) -> None:
        """Events of other aggregates."""

    @apply.register
    def _(self, e: Internship.Event, rows: RowWriter) -> None:
        self.touch(e, rows)  # an event with no fact of its own still makes the internship exist

    @apply.register
    def _(self, e: Internship.Placed, rows: RowWriter) -> None:
        at = self.moment(e, rows)
        value = {
            "student_id": e.student_id, "school_id": e.school_id, "host_id": e.host_id,
            "agreement_id": e.agreement_id, "kind": e.kind, "programme": e.programme,
            "post": e.post, "post_category": e.post_category, "planned_start": e.planned_start,
            "planned_end": e.planned_end, "external_id": e.external_id, "status": "placed",
            "started_on": None, "ended_on": None, "termination_reason": None, "teacher_id": None,
            "teacher_since": None, "mentor_id": None, "mentor_since": None,
            "returned_by_host_on": None, "return_reason": None, "hired_on": None,
            "quit_on": None, "quit_ref": None,
            "created_ref": ref_of(e, at), "started_ref": None, "completed_ref": None,
            "terminated_ref": None, "teacher_ref": None, "mentor_ref": None,
        }
        assert isinstance(rows, FactWriter)
        rows.assert_item(core, (str(e.originator_id),), at, lambda old: dict(value), new=True)

    def _item(self, e: Any, rows: RowWriter, table: Any, key: tuple[Any, ...], fn: Any, *,
              new: bool = False) -> None:
        at = self.touch(e, rows)
        assert isinstance(rows, FactWriter)
        rows.assert_item(table, (str(e.originator_id), *key), at, fn, new=new)

    @apply.register
    def _(self, e: Internship.PlanAgreedWithHost, rows: RowWriter) -> None:
        at = self.moment(e, rows)
        row = {"agreed_on": e.agreed_on, "ref": ref_of(e, at)}
        self._item(e, rows, plans, (e.originator_version,), lambda old: dict(row), new=True)

    @apply.register
    def _(self, e: Internship.DocumentProvided, rows: RowWriter) -> None:
        doc = {"provided_on": e.provided_on, "cover_from": e.cover_from, "cover_to": e.cover_to,
               "reference": e.reference, "withdrawn_on": None, "ref": ref_of(e, self.moment(e, rows))}

        def provide(old: Value | None) -> Value:
            items = load_list(old["docs"]) if old else []
            return {"docs": dump_list([*items, doc])}

        self._item(e, rows, documents, (e.doc,), provide)

    @apply.register
    def _(self, e: Internship.DocumentWithdrawn, rows: RowWriter) -> None:
        def withdraw(old: Value | None) -> Value | None:
            if old is None:
                return None
            items = load_list(old["docs"])
            current = [d for d in items if d["withdrawn_on"] is None]
            if current:
                current[-1]["withdrawn_on"] = e.withdrawn_on
            return {"docs": dump_list(items)}

        self._item(e, rows, documents, (e.doc,), withdraw)

    @apply.register
    def _(self, e: Internship.AccompanyingTeacherAssigned, rows: RowWriter) -> None:
        at = self.touch(e, rows)
        self.set_core(e, rows, at, update(teacher_id=e.teacher_id, teacher_since=e.on, teacher_ref=ref_of(e, at)))

    @apply.register
    def _(self, e: Internship.MentorAssigned, rows: RowWriter) -> None:
        at = self.touch(e, rows)
        self.set_core(e, rows, at, update(mentor_id=e.mentor_id, mentor_since=e.on, mentor_ref=ref_of(e, at)))

    @apply.register
    def _(self, e: Internship.Started, rows: RowWriter) -> None:
        at = self.touch(e, rows)
        ref = ref_of(e, at)

        def start(old: Value) -> Value:
            old.update(status="started", started_on=e.on)
            old["started_ref"] = old["started_ref"] or ref  # the first Started event
            return old

        self.set_core(e, rows, at, start)

    @apply.register
    def _(self, e: Internship.AttendanceRecorded, rows: RowWriter) -> None:
        at = self.moment(e, rows)
        row = {"hours": e.hours, "night_shift": e.night_shift, "statutory_holiday": e.statutory_holiday,
               "overtime_hours": e.overtime_hours, "channel": e.channel, "location": e.location,
               "device": e.device, "attested_by_host": e.attested_by_host, "claimed_by": e.claimed_by,
               "day_recorded_at": e.meta.recorded_at, "recorded_by": e.meta.actor, "corrections": 0,
               "ref": ref_of(e, at)}
        # a day is recorded once (the aggregate refuses a second record): a new item
        self._item(e, rows, attendance, (e.day,), lambda old: dict(row), new=True)

    @apply.register
    def _(self, e: Internship.AttendanceCorrected, rows: RowWriter) -> None:
        def correct(old: Value | None) -> Value | None:
            if old is None:
                return None
            for name in ("hours", "overtime_hours", "night_shift", "statutory_holiday", "attested_by_host"):
                value = getattr(e, name)
                if value is not None:
                    old[name] = value
            old["corrections"] += 1
            return old

        self._item(e, rows, attendance, (e.day,), correct)

    @apply.register
    def _(self, e: Internship.AbsenceRecorded, rows: RowWriter) -> None:
        row = {"reason": e.reason, "ref": ref_of(e, self.moment(e, rows))}
        self._item(e, rows, absences, (e.day,), lambda old: dict(row))

    @apply.register
    def _(self, e: Internship.LeaveRequested, rows: RowWriter) -> None:
        leave = {"asked_on": e.asked_on, "first_day": e.first_day, "last_day": e.last_day,
                 "written": e.written, "approved": None, "decided_on": None, "decided_by": None,
                 "ref": ref_of(e, self.moment(e, rows)), "decision_ref": None}

        def request(old: Value | None) -> Value:
            return {"leaves": dump_list([*(load_list(old["leaves"]) if old else []), leave])}

        self._item(e, rows, leaves, (), request)

    @apply.register
    def _(self, e: Internship.LeaveDecided, rows: RowWriter) -> None:
        ref = ref_of(e, self.moment(e, rows))

        def decide(old: Value | None) -> Value | None:
            items = load_list(old["leaves"]) if old else []
            if not 0 <= e.request < len(items):
                return old  # the mutator fails on a missing request: the replay skips it
            items[e.request].update(approved=e.approved, decided_on=e.decided_on,
                                    decided_by=e.meta.actor, decision_ref=ref)
            return {"leaves": dump_list(items)}

        self._item(e, rows, leaves, (), decide)

    @apply.register
    def _(self, e: Internship.QuitRequested, rows: RowWriter) -> None:
        request = {"asked_on": e.asked_on, "last_day": e.last_day, "written": e.written,
                   "approved": None, "decided_on": None, "ref": ref_of(e, self.moment(e, rows))}

        def ask(old: Value | None) -> Value:
            requests = load_list(old["requests"]) if old else []
            return {"requests": dump_list([*requests, request]),
                    "decisions": old["decisions"] if old else dump_list([])}

        self._item(e, rows, quits, (), ask)

    @apply.register
    def _(self, e: Internship.QuitDecided, rows: RowWriter) -> None:
        ref = ref_of(e, self.moment(e, rows))

        def decide(old: Value | None) -> Value | None:
            requests = load_list(old["requests"]) if old else []
            if not requests:
                return old  # the mutator fails without a request: the replay skips it
            requests[-1].update(approved=e.approved, decided_on=e.decided_on)
            return {"requests": dump_list(requests),
                    "decisions": dump_list([*load_list(old["decisions"]), {"ref": ref}])}  # type: ignore[index]

        self._item(e, rows, quits, (), decide)

    @apply.register
    def _(self, e: Internship.StudentQuit, rows: RowWriter) -> None:
        at = self.touch(e, rows)
        self.set_core(e, rows, at, update(status="terminated", ended_on=e.on, quit_on=e.on,
                                          termination_reason=e.reason or "the student quit",
                                          quit_ref=ref_of(e, at)))

    @apply.register
    def _(self, e: Internship.PayRecorded, rows: RowWriter) -> None:
        row = {"period_start": e.period_start, "period_end": e.period_end, "amount": e.amount,
               "regular_wage": e.regular_wage, "paid_directly": e.paid_directly, "in_kind": e.in_kind,
               "paid_on": e.paid_on, "ref": ref_of(e, self.moment(e, rows))}
        self._item(e, rows, pay, (e.originator_version,), lambda old: dict(row), new=True)

    @apply.register
    def _(self, e: Internship.PayCorrected, rows: RowWriter) -> None:
        row = {"period_start": e.period_start, "period_end": e.period_end, "amount": e.amount,
               "regular_wage": e.regular_wage, "paid_directly": e.paid_directly, "in_kind": e.in_kind,
               "paid_on": e.paid_on, "ref": ref_of(e, self.moment(e, rows))}

        def correct(old: Value | None) -> Value | None:  # the mutator skips a correction of nothing
            return None if old is None or e.retracted else dict(row)

        self._item(e, rows, pay, (e.corrects,), correct)

    @apply.register
    def _(self, e: Internship.LeaveCorrected, rows: RowWriter) -> None:
        def correct(old: Value | None) -> Value | None:
            items = load_list(old["leaves"]) if old else []
            if not 0 <= e.request < len(items):
                return old  # the mutator fails on a missing request: the replay skips it
            items[e.request].update(first_day=e.first_day, last_day=e.last_day, written=e.written,
                                    retracted=e.retracted)
            return {"leaves": dump_list(items)}

        self._item(e, rows, leaves, (), correct)

    @apply.register
    def _(self, e: Internship.EvaluationCorrected, rows: RowWriter) -> None:
        row = {"entry": "evaluation", "on_day": e.on, "by": e.by, "score": e.score, "passed": None, "label": None,
               "severity": None, "comment": e.comment, "ref": ref_of(e, self.moment(e, rows))}

        def correct(old: Value | None) -> Value | None:
            return None if old is None or e.retracted else dict(row)

        self._item(e, rows, entries, (e.corrects,), correct)

    @apply.register
    def _(self, e: Internship.FeeCharged, rows: RowWriter) -> None:
        row = {"amount": e.amount, "charged_on": e.charged_on, "description": e.description,
               "ref": ref_of(e, self.moment(e, rows))}
        self._item(e, rows, fees, (e.originator_version,), lambda old: dict(row), new=True)

    @apply.register
    def _(self, e: Internship.DocumentHeldByHost, rows: RowWriter) -> None:
        row = {"since": e.since, "returned_on": None, "ref": ref_of(e, self.moment(e, rows)), "return_ref": None}

        def hold(old: Value | None) -> Value:
            return {**row, "first_version": old["first_version"] if old else e.originator_version}

        self._item(e, rows, held, (e.doc,), hold)

    @apply.register
    def _(self, e: Internship.DocumentReturnedByHost, rows: RowWriter) -> None:
        ref = ref_of(e, self.moment(e, rows))

        def give_back(old: Value | None) -> Value | None:
            if old is None:
                return None
            old.update(returned_on=e.on, return_ref=ref)
            return old

        self._item(e, rows, held, (e.doc,), give_back)

    def _entry(self, e: Any, rows: RowWriter, **values: Any) -> None:
        row = {"entry": "", "on_day": e.on, "by": None, "score": None, "passed": None, "label": None,
               "severity": None, "comment": None, **values, "ref": ref_of(e, self.moment(e, rows))}
        self._item(e, rows, entries, (e.originator_version,), lambda old: dict(row), new=True)

    @apply.register
    def _(self, e: Internship.Evaluated, rows: RowWriter) -> None:
        self._entry(e, rows, entry="evaluation", by=e.by, score=e.score, comment=e.comment)

    @apply.register
    def _(self, e: Internship.CertificationResultRecorded, rows: RowWriter) -> None:
        self._entry(e, rows, entry="certification", passed=e.passed, label=e.exam)

    @apply.register
    def _(self, e: Internship.JobOffered, rows: RowWriter) -> None:
        self._entry(e, rows, entry="offer", label=e.post)

    @apply.register
    def _(self, e: Internship.IncidentReported, rows: RowWriter) -> None:
        self._entry(e, rows, entry="incident", label=e.description, severity=e.severity)

    @apply.register
    def _(self, e: Internship.StudentReturnedByHost, rows: RowWriter) -> None:
        at = self.touch(e, rows)
        self.set_core(e, rows, at, update(returned_by_host_on=e.on, return_reason=e.reason))

    @apply.register
    def _(self, e: Internship.Completed, rows: RowWriter) -> None:
        at = self.touch(e, rows)
        self.set_core(e, rows, at, update(status="completed", ended_on=e.on, completed_ref=ref_of(e, at)))

    @apply.register
    def _(self, e: Internship.TerminatedEarly, rows: RowWriter) -> None:
        at = self.touch(e, rows)
        self.set_core(e, rows, at, update(status="terminated", ended_on=e.on, termination_reason=e.reason,
                                          terminated_ref=ref_of(e, at)))

    @apply.register
    def _(self, e: Internship.Hired, rows: RowWriter) -> None:
        at = self.touch(e, rows)
        self.set_core(e, rows, at, update(hired_on=e.on))
