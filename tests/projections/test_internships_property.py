"""Promise 2 for internships: for generated internship histories recorded through the
application, incremental catch-up in random batch sizes with crashes mid-batch leaves
exactly the tables one rebuild from zero leaves; counters agree with the child rows."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

import pytest
from gtt_projections import ReadModel
from gtt_projections.models.internships import Internships
from gtt_projections.models.timeline import Timeline
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from internships_world import START, attend, day, place, run_step, step, world
from readside_helpers import Clock, SimulatedCrash, crash_on_flush, dump, fresh_store, shared_pages

from gtt_domain.application import GttApplication
from gtt_domain.application.timetravel import state_at
from gtt_domain.commands import internship as c
from gtt_domain.domain.internship import Internship

PROJECTIONS = [Timeline, Internships]
catch_up = st.tuples(st.just("catch_up"), st.integers(1, 9), st.none() | st.integers(1, 4))
history = st.lists(st.one_of(step, step, step, attend, catch_up), min_size=10, max_size=45)


def incremental_catch_up(app: GttApplication, batch_size: int, crash_at: int | None) -> None:
    """A fresh process catches up; maybe it crashes in its n-th flush (before the commit)."""
    rm = ReadModel(app, batch_size=batch_size, projections=PROJECTIONS)
    try:
        with crash_on_flush(after=crash_at or 10**9):
            try:
                rm.catch_up()
            except SimulatedCrash:
                pass
    finally:
        rm.close()


def check_against_aggregates(app: GttApplication, tables: dict) -> None:
    """Counters on the internship rows agree with the aggregates and the child rows."""
    cols = [c.name for c in Internships.tables[0].columns]
    for row in tables["internships"]:
        r = dict(zip(cols, row, strict=True))
        agg = state_at(app, UUID(r["id"]))  # every day's details: a reading fold
        assert isinstance(agg, Internship) and agg.attendance is not None
        days = [a for a in tables["internship_attendance"] if a[0] == r["id"]]
        assert r["attendance_days"] == len(days) == len(agg.attendance)
        assert r["attendance_hours"] == sum((a.hours for a in agg.attendance.values()), Decimal(0))
        assert r["night_shifts"] == sum(a.night_shift for a in agg.attendance.values())
        assert (r["status"], r["started_on"], r["ended_on"]) == (agg.status, agg.started_on, agg.ended_on)
        assert r["leave_requests"] == len(agg.leaves)
        assert r["pay_total"] == sum((p.amount for p in agg.pay), Decimal(0))
        assert r["plan_agreed_on"] == agg.plan_agreed_on
        leave = [x for x in tables["internship_leave"] if x[0] == r["id"]]
        assert [(x[1], x[6]) for x in leave] == [(i, lv.approved) for i, lv in enumerate(agg.leaves)]
        docs = sorted((d[1], d[3], d[7]) for d in tables["internship_documents"] if d[0] == r["id"])
        assert docs == sorted((k, d.provided_on, d.withdrawn_on)
                              for k, ds in agg.documents.items() for d in ds)


def check_history(url: str, steps: list[tuple], final_batch: int) -> None:
    app = GttApplication(url, clock=Clock(), actor="registrar")
    w = world(app)
    first = place(w)  # started, so most generated steps have an internship to act on
    app.handle(c.StartInternship(internship_id=first, on=START))
    for n in range(3):
        app.handle(c.RecordAttendance(internship_id=first, day=day(n), hours=Decimal(8)))
    for s in steps:
        if s[0] == "catch_up":
            incremental_catch_up(app, s[1], s[2])
        else:
            run_step(w, s)
    rm = ReadModel(app, batch_size=final_batch, projections=PROJECTIONS)
    rm.catch_up()
    incremental = dump(rm, ["internships"])
    check_against_aggregates(app, incremental)
    assert all(s.dead_letters == 0 for s in rm.status())
    with shared_pages() as pages:
        rm.rebuild(batch_size=1000)
    assert pages == [len(PROJECTIONS)]  # both projections in one transaction
    assert dump(rm, ["internships"]) == incremental
    rm.close()
    app.close()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=history, final_batch=st.integers(1, 9))
def test_incremental_equals_rebuild_sqlite(steps, final_batch):
    with fresh_store("sqlite") as url:
        check_history(url, steps, final_batch)


@pytest.mark.postgres
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=history, final_batch=st.integers(1, 9))
def test_incremental_equals_rebuild_postgres(steps, final_batch):
    with fresh_store("postgres") as url:
        check_history(url, steps, final_batch)


def test_a_started_internship_is_counted_in_one_batch(sqlite_url, clock):
    """The hot path merges: a whole history in one batch equals one event per batch."""
    app = GttApplication(sqlite_url, clock=clock, actor="registrar")
    w = world(app)
    iid = place(w)
    app.handle(c.StartInternship(internship_id=iid, on=START))
    for n in range(5):
        app.handle(c.RecordAttendance(internship_id=iid, day=day(n), hours=Decimal("7.5"),
                                      night_shift=n == 2))
    app.handle(c.CorrectAttendance(internship_id=iid, day=day(1), hours=Decimal(8)))
    one = ReadModel(app, batch_size=1, projections=PROJECTIONS)
    one.catch_up()
    singly = dump(one, ["internships"])
    one.rebuild(batch_size=1000)
    assert dump(one, ["internships"]) == singly
    [row] = singly["internships"]
    cols = [col.name for col in Internships.tables[0].columns]
    r = dict(zip(cols, row, strict=True))
    assert (r["attendance_days"], r["attendance_hours"], r["night_shifts"]) == (5, Decimal("38.00"), 1)
    one.close()
    app.close()
