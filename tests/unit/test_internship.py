"""Internship: every transition and every refusal, no I/O; replay equals live state."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from uuid import uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gtt_domain import DomainError
from gtt_domain.domain.internship import Internship
from gtt_domain.domain.meta import EventMeta

T0 = datetime(2025, 1, 2, 9, 0, tzinfo=UTC)
META = EventMeta(actor="clerk", recorded_at=T0)
START = date(2025, 3, 10)
D = Decimal


def placed(**kw) -> Internship:
    args = dict(id=uuid4(), student_id=str(uuid4()), school_id=str(uuid4()), host_id=str(uuid4()),
                agreement_id=None, kind="post", programme="two_plus_one", post="AC assembly",
                post_category="ordinary", planned_start=START, planned_end=date(2025, 9, 10),
                external_id=None, meta=META)
    args.update(kw)
    return Internship.place(**args)


def started(on: date = START, *, details: bool = False) -> Internship:
    """Started on ``on``; with ``details`` it also keeps every day's details (as audits' folds do)."""
    i = placed()
    if details:
        i.keep_details()
    i.start(on, META)
    return i


def last_event(i: Internship):
    return i.pending_events[-1]


def refuses(match: str):
    return pytest.raises(DomainError, match=match)


# --- placement -------------------------------------------------------------------------


def test_placed_holds_the_facts_and_meta():
    i = placed()
    ev = last_event(i)
    assert type(ev).__name__ == "Placed" and ev.meta.actor == "clerk" and ev.timestamp == T0
    assert (i.status, i.kind, i.programme, i.post_category) == ("placed", "post", "two_plus_one", "ordinary")
    assert len(i.attendance_book) == 0 and i.leaves == [] and i.pay == [] and i.plan_agreed_on is None
    assert i.attendance is None and i.absences is None  # the command side keeps no day details


def test_place_refuses_a_planned_period_ending_before_it_starts_and_school_as_host():
    with refuses("place refused: period ends"):
        placed(planned_end=START - timedelta(days=1))
    sid = str(uuid4())
    with refuses("school cannot also be the host"):
        placed(school_id=sid, host_id=sid)


# --- plan, documents, supervisors ------------------------------------------------------


def test_plan_agreed_ten_days_ahead_is_recorded_with_its_effective_date():
    i = placed()
    i.agree_plan(START - timedelta(days=10), META)
    i.agree_plan(START - timedelta(days=20), META)  # a revision can also be recorded
    assert i.plan_agreed_on == START - timedelta(days=20)
    assert last_event(i).meta.effective_at == datetime(2025, 2, 18, tzinfo=UTC)


def test_documents_provided_withdrawn_and_insurance_cover():
    i = placed()
    i.provide_document("recommendation_form", date(2025, 3, 1), META, reference="R-1")
    i.provide_document("insurance_policy", date(2025, 3, 1), META,
                       cover_from=date(2025, 3, 10), cover_to=date(2025, 6, 30))
    assert i.has_document("recommendation_form", date(2025, 3, 5))
    assert not i.has_document("recommendation_form", date(2025, 2, 28))
    assert i.is_insured_on(date(2025, 6, 30)) and not i.is_insured_on(date(2025, 7, 1))
    assert not i.is_insured_on(date(2025, 3, 9))
    i.withdraw_document("recommendation_form", date(2025, 4, 1), META)
    assert not i.has_document("recommendation_form", date(2025, 4, 1))
    assert i.has_document("recommendation_form", date(2025, 3, 31))
    assert i.documents["recommendation_form"][0].withdrawn_on == date(2025, 4, 1)


def test_document_refusals():
    i = placed()
    with refuses("insurance policy has a cover period"):
        i.provide_document("insurance_policy", date(2025, 3, 1), META, cover_from=date(2025, 3, 1))
    with refuses("cover ends"):
        i.provide_document("insurance_policy", date(2025, 3, 1), META,
                           cover_from=date(2025, 3, 2), cover_to=date(2025, 3, 1))
    with refuses("withdraw_document refused: no id_copy is on file"):
        i.withdraw_document("id_copy", date(2025, 3, 1), META)
    i.provide_document("id_copy", date(2025, 3, 1), META)
    with refuses("before it was provided"):
        i.withdraw_document("id_copy", date(2025, 2, 1), META)
    i.withdraw_document("id_copy", date(2025, 3, 2), META)
    with refuses("no id_copy is on file"):
        i.withdraw_document("id_copy", date(2025, 3, 3), META)


def test_teacher_and_mentor_assignment_and_refusal_of_the_same_person():
    i = placed()
    t, m = str(uuid4()), str(uuid4())
    i.assign_accompanying_teacher(t, date(2025, 3, 1), META)
    i.assign_mentor(m, date(2025, 3, 10), META)
    assert (i.accompanying_teacher_id, i.accompanying_teacher_since) == (t, date(2025, 3, 1))
    assert (i.mentor_id, i.mentor_since) == (m, date(2025, 3, 10))
    with refuses("already the accompanying teacher"):
        i.assign_accompanying_teacher(t, date(2025, 3, 2), META)
    with refuses("already the host mentor"):
        i.assign_mentor(m, date(2025, 3, 2), META)


# --- start -----------------------------------------------------------------------------


def test_start_without_plan_or_documents_is_recorded_and_starting_twice_is_refused():
    i = placed()
    i.start(START - timedelta(days=3), META)  # before the planned start, nothing on file
    assert (i.status, i.started_on) == ("started", START - timedelta(days=3))
    with refuses("start refused: the internship is already started"):
        i.start(START, META)


@pytest.mark.parametrize("end", ["complete", "terminate"])
def test_start_refused_after_the_end(end):
    i = started()
    i.complete(START, META) if end == "complete" else i.terminate(START, "x", META)
    with refuses("already (completed|terminated)"):
        i.start(START, META)


def test_terminating_before_the_start_cancels_the_placement():
    i = placed()
    i.terminate(date(2025, 3, 1), "student withdrew", META)
    assert (i.status, i.ended_on, i.termination_reason) == ("terminated", date(2025, 3, 1), "student withdrew")
    with refuses("start refused: the internship is already terminated"):
        i.start(START, META)


# --- attendance ------------------------------------------------------------------------


def test_attendance_with_provenance_night_shift_and_holiday_is_recorded():
    i = started(details=True)
    claimant = str(uuid4())
    i.record_attendance(START, D("10.5"), META, night_shift=True, statutory_holiday=True,
                        overtime_hours=D("2.5"), channel="makeup", location="24.9,118.6",
                        device="phone-1", attested_by_host=False, claimed_by=claimant)
    a = i.attendance[START.isoformat()]
    assert (a.hours, a.night_shift, a.statutory_holiday, a.overtime_hours) == (D("10.5"), True, True, D("2.5"))
    assert (a.channel, a.location, a.device, a.claimed_by) == ("makeup", "24.9,118.6", "phone-1", claimant)
    assert (a.recorded_at, a.recorded_by, a.corrections) == (T0, "clerk", 0)
    assert i.attendance_book.get(START) == (D("10.5"), D("2.5"), True, True, False)
    assert last_event(i).meta.effective_at == datetime(2025, 3, 10, tzinfo=UTC)


def test_attendance_refusals():
    i = placed()
    with refuses("record_attendance refused: the internship has not started"):
        i.record_attendance(START, D(8), META)
    i.start(START, META)
    with refuses("before the start"):
        i.record_attendance(START - timedelta(days=1), D(8), META)
    with refuses("not within 0..24"):
        i.record_attendance(START, D(-1), META)
    with refuses("not within 0..24"):
        i.record_attendance(START, D("24.5"), META)
    with refuses("overtime"):
        i.record_attendance(START, D(8), META, overtime_hours=D(9))
    with refuses("overtime"):
        i.record_attendance(START, D(8), META, overtime_hours=D(-1))
    i.record_attendance(START, D(8), META)
    with refuses("already recorded; correct it instead"):
        i.record_attendance(START, D(7), META)


@pytest.mark.parametrize("end", ["complete", "terminate"])
def test_attendance_after_the_end_is_refused_but_late_recording_of_earlier_days_is_not(end):
    i = started()
    last = START + timedelta(days=5)
    i.complete(last, META) if end == "complete" else i.terminate(last, "returned", META)
    with refuses("after the internship ended"):
        i.record_attendance(last + timedelta(days=1), D(8), META)
    i.record_attendance(last, D(8), META)
    assert i.has_attendance(last) and i.attendance_book.days() == [last]


def test_attendance_correction():
    i = started(details=True)
    i.record_attendance(START, D(8), META)
    i.correct_attendance(START, META, hours=D(10), overtime_hours=D(2), night_shift=True,
                         statutory_holiday=True, attested_by_host=True)
    a = i.attendance[START.isoformat()]
    assert (a.hours, a.overtime_hours, a.night_shift, a.statutory_holiday, a.attested_by_host,
            a.corrections) == (D(10), D(2), True, True, True, 1)
    i.correct_attendance(START, META, hours=D(9))
    assert (a.hours, a.overtime_hours, a.corrections) == (D(9), D(2), 2)
    assert i.attendance_book.get(START) == (D(9), D(2), True, True, True)


def test_attendance_correction_refusals():
    i = started()
    with refuses("no attendance recorded for"):
        i.correct_attendance(START, META, hours=D(8))
    i.record_attendance(START, D(8), META)
    with refuses("changes nothing"):
        i.correct_attendance(START, META)
    with refuses("changes nothing"):
        i.correct_attendance(START, META, hours=D(8))
    with refuses("not within 0..24"):
        i.correct_attendance(START, META, hours=D(25))
    with refuses("overtime"):
        i.correct_attendance(START, META, overtime_hours=D(9))


def test_absence_is_a_fact_and_its_refusals():
    i = placed()
    i.keep_details()
    with refuses("record_absence refused: the internship has not started"):
        i.record_absence(START, None, META)
    i.start(START, META)
    with refuses("before the start"):
        i.record_absence(START - timedelta(days=1), None, META)
    i.record_absence(START, "no show", META)
    assert i.absences[START.isoformat()].reason == "no show" and i.has_absence(START)
    with refuses("already recorded"):
        i.record_absence(START, None, META)


# --- leave -----------------------------------------------------------------------------


def test_leave_asked_two_days_ahead_orally_is_recorded_and_decided():
    i = started()
    n = i.request_leave(date(2025, 4, 1), date(2025, 4, 3), date(2025, 4, 4), False, META)
    assert n == 0
    lv = i.leaves[0]
    assert (lv.asked_on, lv.first_day, lv.last_day, lv.written, lv.approved) == (
        date(2025, 4, 1), date(2025, 4, 3), date(2025, 4, 4), False, None)
    i.decide_leave(0, True, date(2025, 4, 2), EventMeta(actor="mentor", recorded_at=T0))
    assert (lv.approved, lv.decided_on, lv.decided_by) == (True, date(2025, 4, 2), "mentor")


def test_leave_refusals():
    i = started()
    with refuses("request_leave refused: period ends"):
        i.request_leave(date(2025, 4, 1), date(2025, 4, 3), date(2025, 4, 2), True, META)
    with refuses("no leave request 0"):
        i.decide_leave(0, True, date(2025, 4, 2), META)
    i.request_leave(date(2025, 4, 1), date(2025, 4, 3), date(2025, 4, 3), True, META)
    with refuses("before it was asked"):
        i.decide_leave(0, True, date(2025, 3, 31), META)
    i.decide_leave(0, False, date(2025, 4, 2), META)
    with refuses("already decided"):
        i.decide_leave(0, True, date(2025, 4, 2), META)
    with refuses("no leave request -1"):
        i.decide_leave(-1, True, date(2025, 4, 2), META)


# --- pay, fees, held documents ---------------------------------------------------------


def test_pay_at_half_the_regular_wage_through_a_third_party_in_kind_is_recorded():
    i = started()
    i.record_pay(START, date(2025, 4, 9), D(1800), D(3600), date(2025, 4, 15), META,
                 paid_directly=False, in_kind=True)
    p = i.pay[0]
    assert (p.amount / p.regular_wage, p.paid_directly, p.in_kind) == (D("0.5"), False, True)
    assert last_event(i).meta.effective_at == datetime(2025, 4, 15, tzinfo=UTC)


def test_pay_refusals():
    i = started()
    with refuses("record_pay refused: period ends"):
        i.record_pay(START, START - timedelta(days=1), D(1), D(1), START, META)
    with refuses("cannot be negative"):
        i.record_pay(START, START, D(-1), D(1), START, META)
    with refuses("cannot be negative"):
        i.record_pay(START, START, D(1), D(-1), START, META)


def test_fee_and_held_documents():
    i = started()
    i.charge_fee(D(300), START, "uniform deposit", META)
    assert (i.fees[0].amount, i.fees[0].description) == (D(300), "uniform deposit")
    with refuses("positive amount"):
        i.charge_fee(D(0), START, "nothing", META)
    i.hold_document("id_card", START, META)
    with refuses("already holds id_card"):
        i.hold_document("id_card", START, META)
    with refuses("before it was held"):
        i.return_held_document("id_card", START - timedelta(days=1), META)
    i.return_held_document("id_card", date(2025, 4, 1), META)
    assert i.held_documents["id_card"].returned_on == date(2025, 4, 1)
    with refuses("does not hold id_card"):
        i.return_held_document("id_card", date(2025, 4, 2), META)
    with refuses("does not hold passport"):
        i.return_held_document("passport", date(2025, 4, 2), META)
    i.hold_document("id_card", date(2025, 5, 1), META)  # held again after return: a new fact
    assert i.held_documents["id_card"].since == date(2025, 5, 1)


# --- incidents, return, evaluation, certification ---------------------------------------


def test_incident_and_return_by_host():
    i = placed()
    with refuses("return_student refused: the internship has not started"):
        i.return_student(START, "x", META)
    i.start(START, META)
    i.report_incident(date(2025, 4, 2), "cut finger", "minor", META)
    assert i.incidents[0].severity == "minor"
    with refuses("before the start"):
        i.return_student(START - timedelta(days=1), "x", META)
    i.return_student(date(2025, 4, 3), "safety rules broken", META)
    assert (i.returned_by_host_on, i.return_reason) == (date(2025, 4, 3), "safety rules broken")
    with refuses("already returned"):
        i.return_student(date(2025, 4, 4), "again", META)


def test_evaluation_and_certification():
    i = placed()
    with refuses("evaluate refused: the internship has not started"):
        i.evaluate("host", D(80), START, None, META)
    i.start(START, META)
    i.evaluate("host", D("86.5"), date(2025, 6, 1), "diligent", META)
    i.evaluate("school", D(90), date(2025, 6, 2), None, META)
    assert [(e.by, e.score) for e in i.evaluations] == [("host", D("86.5")), ("school", D(90))]
    with refuses("outside 0..100"):
        i.evaluate("host", D(101), START, None, META)
    with refuses("outside 0..100"):
        i.evaluate("host", D(-1), START, None, META)
    i.record_certification("refrigeration L4", True, date(2025, 6, 20), META)
    assert (i.certifications[0].exam, i.certifications[0].passed) == ("refrigeration L4", True)


# --- end, job ---------------------------------------------------------------------------


def test_complete_and_its_refusals():
    i = placed()
    with refuses("complete refused: the internship has not started"):
        i.complete(START, META)
    i.start(START, META)
    with refuses("before the start"):
        i.complete(START - timedelta(days=1), META)
    i.record_attendance(START + timedelta(days=2), D(8), META)
    with refuses("recorded on 2025-03-12, after 2025-03-11"):
        i.complete(START + timedelta(days=1), META)
    i.complete(START + timedelta(days=2), META)
    assert (i.status, i.ended_on) == ("completed", START + timedelta(days=2))
    with refuses("already completed"):
        i.complete(START + timedelta(days=3), META)
    with refuses("terminate refused: the internship is already completed"):
        i.terminate(START + timedelta(days=3), "x", META)


def test_terminate_refusals():
    i = started()
    with refuses("before the start"):
        i.terminate(START - timedelta(days=1), "x", META)
    i.record_absence(START + timedelta(days=4), None, META)
    with refuses("after 2025-03-11"):
        i.terminate(START + timedelta(days=1), "x", META)
    i.terminate(START + timedelta(days=4), "returned by host", META)
    with refuses("already terminated"):
        i.terminate(START + timedelta(days=5), "x", META)
    with refuses("complete refused: the internship is already terminated"):
        i.complete(START + timedelta(days=5), META)


def test_job_offer_and_hire():
    i = started()
    i.offer_job(date(2025, 6, 25), "AC technician", META)
    i.hire(date(2025, 7, 1), META)
    assert (i.job_offers[0].post, i.hired_on) == ("AC technician", date(2025, 7, 1))
    with refuses("already hired"):
        i.hire(date(2025, 7, 2), META)


def test_a_refused_command_records_nothing():
    i = started()
    before = len(i.pending_events)
    with pytest.raises(DomainError):
        i.record_attendance(START - timedelta(days=1), D(8), META)
    assert len(i.pending_events) == before


# --- replay ----------------------------------------------------------------------------

DAYS = st.integers(min_value=-3, max_value=12).map(lambda n: START + timedelta(days=n))
HOURS = st.decimals(min_value=-2, max_value=26, places=1, allow_nan=False, allow_infinity=False)
ACTIONS = st.one_of(
    st.tuples(st.just("start"), DAYS),
    st.tuples(st.just("attend"), DAYS, HOURS),
    st.tuples(st.just("correct"), DAYS, HOURS),
    st.tuples(st.just("absent"), DAYS),
    st.tuples(st.just("leave"), DAYS, DAYS),
    st.tuples(st.just("decide"), st.integers(-1, 3), DAYS),
    st.tuples(st.just("pay"), DAYS, DAYS, HOURS),
    st.tuples(st.just("complete"), DAYS),
    st.tuples(st.just("terminate"), DAYS),
    st.tuples(st.just("document"), DAYS, DAYS),
)


def apply(i: Internship, action: tuple) -> None:
    name, *a = action
    if name == "start":
        i.start(a[0], META)
    elif name == "attend":
        i.record_attendance(a[0], a[1], META)
    elif name == "correct":
        i.correct_attendance(a[0], META, hours=a[1])
    elif name == "absent":
        i.record_absence(a[0], None, META)
    elif name == "leave":
        i.request_leave(a[0], a[0], a[1], True, META)
    elif name == "decide":
        i.decide_leave(a[0], True, a[1], META)
    elif name == "pay":
        i.record_pay(a[0], a[1], a[2], D(100), a[1], META)
    elif name == "complete":
        i.complete(a[0], META)
    elif name == "terminate":
        i.terminate(a[0], "reason", META)
    else:
        i.provide_document("insurance_policy", a[0], META, cover_from=a[0], cover_to=a[1])


@settings(max_examples=200, deadline=None)
@given(st.lists(ACTIONS, max_size=25))
def test_random_histories_refuse_with_domain_errors_and_replay_to_the_same_state(actions):
    i = placed()
    for action in actions:
        try:
            apply(i, action)
        except DomainError as e:
            assert e.aggregate == "internship" and e.command and e.reason
    events = i.collect_events()
    replayed = None
    for ev in events:
        replayed = ev.mutate(replayed)
    assert replayed == i
    # a reading fold keeping every day's details agrees with the compact day books
    detailed = events[0].mutate(None)
    detailed.keep_details()
    for ev in events[1:]:
        detailed = ev.mutate(detailed)
    assert sorted(detailed.attendance) == [d.isoformat() for d in i.attendance_book.days()]
    assert sorted(detailed.absences) == [d.isoformat() for d in i.absence_book.days()]
    for a in detailed.attendance.values():
        assert i.attendance_book.get(a.day) == (a.hours, a.overtime_hours, a.night_shift,
                                                a.statutory_holiday, a.attested_by_host)
    # invariants that guards keep
    days = i.attendance_book.days()
    if i.started_on is not None:
        assert all(d >= i.started_on for d in days)
    if i.ended_on is not None:
        assert all(d <= i.ended_on for d in days)
    assert all(D(0) <= i.attendance_book.get(d).hours <= D(24) for d in days)


# --- compact day books (issue 17) -------------------------------------------------------


def test_day_book_keeps_days_in_any_order_with_exact_values():
    from gtt_domain.domain.internship_state import DayBook, DayValues

    book = DayBook(5)
    book.add(START + timedelta(days=5), DayValues(D("7.5"), D("0.25"), True, False, True))
    book.add(START, DayValues(D(8), D(0), False, True, False))  # earlier than the first: prepended
    book.add(START + timedelta(days=2), DayValues(D("7.333"), D("1.0001"), False, False, False))
    assert book.days() == [START, START + timedelta(days=2), START + timedelta(days=5)]
    assert len(book) == 3 and book.last() == START + timedelta(days=5)
    assert START + timedelta(days=1) not in book and book.get(START + timedelta(days=1)) is None
    assert book.get(START + timedelta(days=5)) == (D("7.5"), D("0.25"), True, False, True)
    assert book.get(START) == (D(8), D(0), False, True, False)
    # hours two bytes of hundredths cannot hold are kept exactly beside the cells
    assert book.get(START + timedelta(days=2)) == (D("7.333"), D("1.0001"), False, False, False)
    book.correct(START + timedelta(days=2), hours=D(7), night_shift=True)
    assert book.get(START + timedelta(days=2)) == (D(7), D("1.0001"), True, False, False)
    book.correct(START + timedelta(days=2), overtime_hours=D(1))
    assert book.exact == {} and book.get(START + timedelta(days=2)).overtime_hours == D(1)
    with pytest.raises(KeyError):
        book.correct(START + timedelta(days=1), hours=D(8))
    assert len(book.cells) == 5 * 6  # five bytes a day over the span, whatever was recorded


def test_a_long_internship_state_stays_small():
    i = started()
    for n in range(1000):
        i.record_attendance(START + timedelta(days=n), D(8), META, night_shift=n % 7 == 0)
    i.record_absence(START + timedelta(days=1000), "ill", META)
    assert len(i.attendance_book) == 1000 and len(i.attendance_book.cells) == 5000
    assert len(i.absence_book.cells) == 1 and i.attendance is None
    with refuses("attendance or absence is recorded on 2027-12-05"):
        i.complete(START + timedelta(days=999), META)
