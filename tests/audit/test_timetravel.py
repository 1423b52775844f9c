"""Replay on two axes (``state_at``, ``history``, ``load_all``) on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import uuid4

from fake_clock import FakeClock
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gtt_domain import GttApplication
from gtt_domain.application.timetravel import fold, history, load_all, load_folds, state_at
from gtt_domain.commands.institution import RegisterInstitution, RenameInstitution, ReportHeadcount
from gtt_domain.commands.internship import (
    CorrectAttendance,
    PlaceIntern,
    RecordAttendance,
    StartInternship,
)
from gtt_domain.commands.person import RegisterPerson


def test_known_at_and_as_of_select_the_right_events(db_url, clock):
    app = GttApplication(db_url, clock=clock, actor="registrar")
    iid = app.handle(RegisterInstitution(kind="enterprise", name="Old name", region="Anxi"))
    first_known = clock.now
    clock.set(datetime(2025, 2, 1, tzinfo=UTC))
    app.handle(RenameInstitution(institution_id=iid, name="New name"))
    app.handle(ReportHeadcount(institution_id=iid, on_post_staff=40, as_of=date(2025, 3, 1)))

    now = state_at(app, iid)
    assert (now.name, now.on_post_staff, now.version) == ("New name", 40, 3)
    then = state_at(app, iid, known_at=first_known)
    assert (then.name, then.on_post_staff, then.version) == ("Old name", None, 1)
    # the headcount is dated 2025-03-01: as of February it was not yet true
    feb = state_at(app, iid, as_of=date(2025, 2, 28))
    assert (feb.name, feb.on_post_staff) == ("New name", None)
    assert state_at(app, iid, as_of=date(2025, 3, 1)).on_post_staff == 40
    # before registration (recorded and effective 2025-01-01) it did not exist
    assert state_at(app, iid, as_of=date(2024, 12, 31)) is None
    assert state_at(app, iid, known_at=datetime(2024, 12, 31, tzinfo=UTC)) is None
    assert state_at(app, uuid4()) is None

    assert [type(e).__name__ for e in history(app, iid)] == ["Registered", "Renamed", "HeadcountReported"]
    assert [e.meta.actor for e in history(app, iid, known_at=first_known)] == ["registrar"]


def _internship(app):
    school = app.handle(RegisterInstitution(kind="school", name="S", region="R"))
    host = app.handle(RegisterInstitution(kind="enterprise", name="H", region="R"))
    student = app.handle(RegisterPerson(kind="student", name="Lin", home_institution_id=school))
    iid = app.handle(PlaceIntern(student_id=student, school_id=school, host_id=host, kind="post",
                                 post="assembly", planned_start=date(2025, 3, 10),
                                 planned_end=date(2025, 9, 10)))
    app.handle(StartInternship(internship_id=iid, on=date(2025, 3, 10)))
    return iid


def test_a_fact_recorded_late_counts_on_its_effective_date_but_not_before_it_was_known(db_url, clock):
    clock.set(datetime(2025, 3, 1, tzinfo=UTC))
    app = GttApplication(db_url, clock=clock)
    iid = _internship(app)
    clock.set(datetime(2025, 5, 1, tzinfo=UTC))  # recorded in May, for a March day
    app.handle(RecordAttendance(internship_id=iid, day=date(2025, 3, 11), hours=Decimal(8)))
    assert "2025-03-11" in state_at(app, iid, as_of=date(2025, 3, 11)).attendance
    assert "2025-03-11" not in state_at(app, iid, as_of=date(2025, 3, 10)).attendance
    april = datetime(2025, 4, 1, tzinfo=UTC)
    assert "2025-03-11" not in state_at(app, iid, as_of=date(2025, 3, 31), known_at=april).attendance


def test_an_event_that_needs_a_left_out_fact_is_skipped_and_reported(db_url, clock):
    clock.set(datetime(2025, 3, 1, tzinfo=UTC))
    app = GttApplication(db_url, clock=clock)
    iid = _internship(app)
    # the attendance claims an effective time late in March; the correction is dated the day
    app.handle(RecordAttendance(internship_id=iid, day=date(2025, 3, 11), hours=Decimal(8)),
               effective_at=datetime(2025, 3, 20, tzinfo=UTC))
    app.handle(CorrectAttendance(internship_id=iid, day=date(2025, 3, 11), hours=Decimal(6)))
    f = fold(app.events.get(iid), as_of=date(2025, 3, 12))
    assert f.aggregate is not None and "2025-03-11" not in f.aggregate.attendance
    assert [type(e).__name__ for e in f.skipped] == ["AttendanceCorrected"]
    assert state_at(app, iid).attendance["2025-03-11"].hours == Decimal(6)


def test_load_all_is_one_pass_and_matches_the_repository(db_url, clock):
    app = GttApplication(db_url, clock=clock)
    iid = _internship(app)
    for day in range(11, 16):
        app.handle(RecordAttendance(internship_id=iid, day=date(2025, 3, day), hours=Decimal(8)))
    everything = load_all(app, batch_size=3)
    assert len(everything) == 4
    for agg_id, agg in everything.items():
        live = app.get(agg_id)
        assert (type(agg), agg.version) == (type(live), live.version)
        # a reading fold keeps day details (attendance, absences) the command side does not
        assert vars(agg).keys() - {"attendance", "absences"} == vars(live).keys()
    assert sorted(everything[iid].attendance) == [d.isoformat() for d in app.get(iid).attendance_book.days()]
    positions = [p for f in load_folds(app).values() for _, p, _ in f.applied]
    assert len(positions) == len(set(positions)) == sum(a.version for a in everything.values())
    cut = load_all(app, as_of=date(2025, 3, 13))
    assert sorted(cut[iid].attendance) == ["2025-03-11", "2025-03-12", "2025-03-13"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(days=st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=12, unique=True),
       cut=st.integers(min_value=0, max_value=40))
def test_as_of_equals_replaying_only_the_facts_dated_by_then(tmp_path_factory, days, cut):
    """Generated attendance in any recording order: ``as_of`` keeps exactly the days dated by then."""
    url = f"sqlite:///{tmp_path_factory.mktemp('tt') / 'gtt.sqlite3'}"
    app = GttApplication(url, clock=FakeClock(datetime(2025, 3, 1, tzinfo=UTC)))
    iid = _internship(app)
    start = date(2025, 3, 10)
    for d in days:
        app.handle(RecordAttendance(internship_id=iid, day=date.fromordinal(start.toordinal() + d),
                                    hours=Decimal(8)))
    as_of = date.fromordinal(start.toordinal() + cut)
    got = state_at(app, iid, as_of=as_of)
    expected = sorted(date.fromordinal(start.toordinal() + d).isoformat() for d in days if d <= cut)
    assert sorted(got.attendance) == expected
    app.close()
