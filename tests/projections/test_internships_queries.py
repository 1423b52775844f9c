"""Internship queries: every filter, detail children and attendance ranges (SQLite, PostgreSQL)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from uuid import uuid4

import pytest
from gtt_projections import ReadModel
from gtt_projections.queries.internships import get_internship, list_attendance, list_internships
from internships_world import START, day, place, world

from gtt_domain.commands import internship as c
from gtt_domain.domain.errors import NotFoundError


@pytest.fixture
def placed(app):
    """Three internships: two of student 0 at host 0 and 1, one of student 1 at host 0."""
    w = world(app)
    a = place(w, student=0, host=0)
    b = place(w, student=0, host=1, kind="observation", programme="order_class",
              planned_start=date(2025, 9, 1), planned_end=date(2025, 9, 30))
    d = place(w, student=1, host=0, planned_start=date(2025, 1, 6), planned_end=date(2025, 2, 28))
    app.handle(c.StartInternship(internship_id=a, on=START))
    app.handle(c.StartInternship(internship_id=d, on=date(2025, 1, 6)))
    app.handle(c.TerminateInternship(internship_id=d, on=date(2025, 1, 20), reason="returned"))
    return w, a, b, d


def ids(found):
    return [str(i.id) for i in found]


def test_filters(app, placed):
    w, a, b, d = placed
    rm = ReadModel(app)
    assert ids(list_internships(rm)) == [str(d), str(a), str(b)]  # by planned start
    assert ids(list_internships(rm, host_id=w.hosts[0])) == [str(d), str(a)]
    assert ids(list_internships(rm, school_id=w.school)) == [str(d), str(a), str(b)]
    assert ids(list_internships(rm, school_id=uuid4())) == []
    assert ids(list_internships(rm, student_id=w.students[0])) == [str(a), str(b)]
    assert ids(list_internships(rm, kind="observation")) == [str(b)]
    assert ids(list_internships(rm, programme="order_class")) == [str(b)]
    assert ids(list_internships(rm, status="terminated")) == [str(d)]
    assert ids(list_internships(rm, status="started")) == [str(a)]
    assert ids(list_internships(rm, major="530701")) == [str(d)]
    assert ids(list_internships(rm, major="660301", host_id=w.hosts[1])) == [str(b)]
    # d was planned to run to Feb 28 but ended on Jan 20: the actual period counts
    assert ids(list_internships(rm, period_from=date(2025, 2, 1), period_to=date(2025, 2, 28))) == []
    assert ids(list_internships(rm, period_from=date(2025, 1, 20), period_to=date(2025, 1, 20))) == [str(d)]
    assert ids(list_internships(rm, period_from=date(2025, 7, 8))) == [str(a), str(b)]
    assert ids(list_internships(rm, period_from=date(2025, 7, 9))) == [str(b)]
    assert ids(list_internships(rm, period_to=START - timedelta(days=1))) == [str(d)]
    rm.close()


def test_major_follows_a_change_of_enrolment(app, placed):
    from gtt_domain.commands.person import EnrolInMajor

    w, a, b, d = placed
    rm = ReadModel(app)
    assert ids(list_internships(rm, major="530701")) == [str(d)]
    app.handle(EnrolInMajor(person_id=w.students[1], institution_id=w.school, major_code="660301",
                            admitted_on=date(2025, 9, 1)))
    assert ids(list_internships(rm, major="530701")) == []
    assert len(list_internships(rm, major="660301")) == 3
    rm.close()


def test_detail_and_attendance(app, placed):
    w, a, _b, _d = placed
    app.handle(c.AgreePlan(internship_id=a, agreed_on=date(2025, 3, 1)))
    app.handle(c.AgreePlan(internship_id=a, agreed_on=date(2025, 2, 20)))
    app.handle(c.ProvideDocument(internship_id=a, doc="insurance_policy", provided_on=START,
                                 cover_from=START, cover_to=day(60)))
    app.handle(c.ProvideDocument(internship_id=a, doc="insurance_policy", provided_on=day(55),
                                 cover_from=day(55), cover_to=day(150)))
    app.handle(c.WithdrawDocument(internship_id=a, doc="insurance_policy", withdrawn_on=day(56)))
    for n in range(3):
        app.handle(c.RecordAttendance(internship_id=a, day=day(n), hours=Decimal(8),
                                      night_shift=n == 1, channel="host_system", location="24.9,118.2"))
    app.handle(c.CorrectAttendance(internship_id=a, day=day(1), night_shift=False, hours=Decimal("9.5")))
    app.handle(c.RequestLeave(internship_id=a, asked_on=day(3), first_day=day(4), last_day=day(5)))
    app.handle(c.RequestLeave(internship_id=a, asked_on=day(6), first_day=day(7), last_day=day(7)))
    app.handle(c.DecideLeave(internship_id=a, request=1, approved=False, decided_on=day(6)))
    app.handle(c.RecordPay(internship_id=a, period_start=START, period_end=day(30), amount=Decimal(1800),
                           regular_wage=Decimal(3600), paid_on=day(35)))
    app.handle(c.RecordPay(internship_id=a, period_start=day(31), period_end=day(60), amount=Decimal(100),
                           regular_wage=Decimal(0), paid_on=day(65), in_kind=True))
    app.handle(c.EvaluateInternship(internship_id=a, by="host", score=Decimal(70), on=day(40)))
    app.handle(c.EvaluateInternship(internship_id=a, by="host", score=Decimal("86.5"), on=day(50)))
    app.handle(c.RecordCertification(internship_id=a, exam="AC L4", passed=True, on=day(60)))
    app.handle(c.Hire(internship_id=a, on=day(130)))
    rm = ReadModel(app)
    got = get_internship(rm, a)
    assert (got.plan_agreed_on, got.attendance_days, got.attendance_hours, got.night_shifts) == (
        date(2025, 2, 20), 3, Decimal("25.50"), 0)
    assert (got.leave_requests, got.pay_periods, got.pay_total) == (2, 2, Decimal("1900.00"))
    assert (got.host_score, got.school_score, got.evaluated_on) == (Decimal("86.50"), None, day(50))
    assert (got.certification_exam, got.certification_passed, got.hired_on) == ("AC L4", True, day(130))
    assert [(lv.request, lv.approved) for lv in got.leave] == [(0, None), (1, False)]
    assert [(p.amount, p.ratio) for p in got.pay] == [(Decimal("1800.00"), Decimal("0.5000")),
                                                      (Decimal("100.00"), None)]
    assert [e.score for e in got.evaluations] == [Decimal("70.00"), Decimal("86.50")]
    assert [(x.n, x.cover_to, x.withdrawn_on) for x in got.documents] == [
        (0, day(60), None), (1, day(150), day(56))]
    days = list_attendance(rm, a, day_from=day(1))
    assert [(x.day, x.hours, x.night_shift, x.corrections, x.channel) for x in days] == [
        (day(1), Decimal("9.50"), False, 1, "host_system"), (day(2), Decimal("8.00"), False, 0, "host_system")]
    assert [x.day for x in list_attendance(rm, a, day_to=day(0))] == [day(0)]
    with pytest.raises(NotFoundError, match="internship"):
        get_internship(rm, uuid4())
    with pytest.raises(NotFoundError, match="internship"):
        list_attendance(rm, uuid4())
    rm.close()


def test_no_catch_up_reads_tables_as_they_are(app, placed):
    w, *_ = placed
    rm = ReadModel(app)
    assert len(list_internships(rm)) == 3
    place(w, student=1, host=1)
    assert len(list_internships(rm, catch_up=False)) == 3
    assert len(list_internships(rm)) == 4
    rm.close()
