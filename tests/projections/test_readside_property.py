"""Promise 2: for generated institution histories, incremental catch-up in random batch
sizes, with crashes mid-batch and restarts between batches, leaves exactly the read tables
that one rebuild from zero leaves."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID, uuid5

import pytest
from gtt_projections import ReadModel
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from readside_helpers import Clock, SimulatedCrash, crash_on_flush, dump, fresh_store, shared_pages

from gtt_domain.application import GttApplication
from gtt_domain.commands import institution as c
from gtt_domain.domain.errors import DomainError

NAMES = ["Anxi No.1", "Hill School", "Tea Co", "River Clinic"]
DEPTS = ["Nursing", "Tea", "Welding"]
CODES = ["N1", "T1", "W1"]
idx = st.integers(0, 9)

command = st.one_of(
    st.tuples(st.just("register"), st.sampled_from(["school", "enterprise", "hospital"]),
              st.sampled_from(NAMES)),
    st.tuples(st.just("rename"), idx, st.sampled_from(NAMES)),
    st.tuples(st.just("headcount"), idx, st.integers(0, 500)),
    st.tuples(st.just("open_department"), idx, st.sampled_from(DEPTS), st.integers(0, 30)),
    st.tuples(st.just("count_teachers"), idx, st.sampled_from(DEPTS), st.integers(0, 30)),
    st.tuples(st.just("liaison"), idx, st.sampled_from(DEPTS)),
    st.tuples(st.just("open_major"), idx, st.sampled_from(CODES), st.sampled_from([None, *DEPTS])),
    st.tuples(st.just("close_major"), idx, st.sampled_from(CODES)),
    st.tuples(st.just("quality"), idx, st.integers(2020, 2025),
              st.decimals(0, 100, places=2, allow_nan=False)),
)
catch_up = st.tuples(st.just("catch_up"), st.integers(1, 7), st.none() | st.integers(1, 4))
register = st.tuples(st.just("register"), st.sampled_from(["school", "enterprise"]), st.sampled_from(NAMES))
#: one to three registrations first, so most generated commands have an institution to act on
history = st.builds(
    lambda first, rest: first + rest,
    st.lists(register, min_size=1, max_size=3),
    st.lists(st.one_of(command, command, command, catch_up), min_size=3, max_size=40),
)


def to_command(step: tuple, ids: list[UUID]) -> c.Command | None:
    op = step[0]
    if op == "register":
        return c.RegisterInstitution(kind=step[1], name=step[2], region="Anxi")
    if not ids:
        return None
    iid = ids[step[1] % len(ids)]
    day = date(2025, 3, 1)
    return {
        "rename": lambda: c.RenameInstitution(institution_id=iid, name=step[2]),
        "headcount": lambda: c.ReportHeadcount(institution_id=iid, on_post_staff=step[2], as_of=day),
        "open_department": lambda: c.OpenDepartment(institution_id=iid, name=step[2], teacher_count=step[3]),
        "count_teachers": lambda: c.CountDepartmentTeachers(institution_id=iid, name=step[2],
                                                            teacher_count=step[3], as_of=day),
        "liaison": lambda: c.NameLiaison(institution_id=iid, department=step[2],
                                         person_id=uuid5(iid, step[2])),
        "open_major": lambda: c.OpenMajor(institution_id=iid, code=step[2], name=f"Major {step[2]}",
                                          department=step[3]),
        "close_major": lambda: c.CloseMajor(institution_id=iid, code=step[2]),
        "quality": lambda: c.AssessTeachingQuality(institution_id=iid, year=step[2],
                                                   score=Decimal(step[3]), assessor="bureau"),
    }[op]()


def incremental_catch_up(app: GttApplication, batch_size: int, crash_at: int | None) -> None:
    """A fresh process (new ReadModel) catches up; maybe it crashes in its n-th flush."""
    rm = ReadModel(app, batch_size=batch_size)
    try:
        if crash_at is None:
            rm.catch_up()
        else:
            with crash_on_flush(after=crash_at):
                try:
                    rm.catch_up()
                except SimulatedCrash:
                    pass
    finally:
        rm.close()


def check_history(url: str, steps: list[tuple], final_batch: int) -> None:
    app = GttApplication(url, clock=Clock(), actor="registrar")
    ids: list[UUID] = []
    for step in steps:
        if step[0] == "catch_up":
            incremental_catch_up(app, step[1], step[2])
            continue
        cmd = to_command(step, ids)
        if cmd is None:
            continue
        try:
            iid = app.handle(cmd)
        except DomainError:
            continue  # refused: nothing recorded
        if step[0] == "register":
            ids.append(iid)
    rm = ReadModel(app, batch_size=final_batch)
    rm.catch_up()
    incremental = dump(rm)
    assert len(incremental["event_timeline"]) == (app.recorder.max_notification_id() or 0)
    with shared_pages() as pages:
        rm.rebuild(batch_size=1000)
    assert pages == [len(rm.projections)]  # every projection in one transaction
    assert dump(rm) == incremental
    rm.close()
    app.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=history, final_batch=st.integers(1, 9))
def test_incremental_equals_rebuild_sqlite(steps, final_batch):
    with fresh_store("sqlite") as url:
        check_history(url, steps, final_batch)


@pytest.mark.postgres
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=history, final_batch=st.integers(1, 9))
def test_incremental_equals_rebuild_postgres(steps, final_batch):
    with fresh_store("postgres") as url:
        check_history(url, steps, final_batch)
