"""Exactly once: a position is recorded with its rows, and a range cannot be processed twice."""

from __future__ import annotations

import threading

import pytest
from gtt_projections import ReadModel, TrackingConflictError
from gtt_projections.batch import PageDecoder, run_batch
from gtt_projections.models.timeline import event_timeline
from readside_helpers import SimulatedCrash, crash_on_flush, dump, populate
from sqlalchemy import func, select


def test_reprocessing_a_batch_is_refused(app, read_model):
    populate(app, 3)
    rm = read_model()
    rm.catch_up(batch_size=4)
    before = dump(rm)
    page = app.recorder.select_notifications(start=0, limit=4, inclusive_of_start=False)
    for name, expected in (("institutions", None), ("timeline", None), ("timeline", 0)):
        with pytest.raises(TrackingConflictError):
            run_batch(rm.projections[name], app.name, expected, page, PageDecoder(app.mapper.to_domain_event))
    assert dump(rm) == before
    assert rm.catch_up().total_applied == 0


def test_a_crash_mid_batch_leaves_rows_and_position_consistent(app, read_model):
    populate(app, 4)  # 12 events
    rm = read_model()
    with crash_on_flush(after=3), pytest.raises(SimulatedCrash):
        rm.catch_up(["timeline"], batch_size=5)
    # flushes 1 and 2 committed (positions 5 and 10); flush 3 wrote rows, then rolled back
    assert [s.position for s in rm.status(["timeline"])] == [10]
    with rm.connect() as conn:
        count, top = conn.execute(select(func.count(), func.max(event_timeline.c.position))).one()
    assert (count, top) == (10, 10)
    rm.catch_up(batch_size=5)
    incremental = dump(rm)
    rm.rebuild()
    assert dump(rm) == incremental


def test_concurrent_catch_ups_apply_each_event_once(app, read_model):
    populate(app, 10)  # 30 events
    readers = [read_model() for _ in range(3)]
    readers[0].catch_up(batch_size=1000)
    expected = dump(readers[0])
    for p in readers[0].projections.values():  # empty again, tables in place
        p.view.reset(p.name, p.version, p.tables)
    applied: list[int] = []
    errors: list[BaseException] = []

    def run(rm: ReadModel) -> None:
        try:
            applied.append(rm.catch_up(batch_size=3).applied.get("timeline", 0))
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=run, args=(rm,)) for rm in readers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(applied) == 30
    assert dump(readers[0]) == expected
