"""Issue 17 part 4: an internship keeps only what its rules need, and the store keeps only
each aggregate's latest snapshot; version 1 snapshots (every day's details) still load."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from eventsourcing.domain import Snapshot
from eventsourcing.utils import get_topic
from test_internship_app import START, placed_and_started, world

from gtt_domain import DomainError, GttApplication
from gtt_domain.application.timetravel import state_at
from gtt_domain.commands.internship import (
    CorrectAttendance,
    RecordAbsence,
    RecordAttendance,
    RecordAttendanceBatch,
)
from gtt_domain.domain.internship import Internship


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.postgres), "sqlalchemy"])
def any_url(request, tmp_path) -> str:
    """Every backend: eventsourcing's SQLite and PostgreSQL recorders and
    eventsourcing-sqlalchemy (on an SQLite file)."""
    if request.param == "sqlalchemy":
        return f"sqlalchemy+sqlite:///{tmp_path / 'gtt-sqla.sqlite3'}"
    return request.getfixturevalue(f"{request.param}_url")


def days(n: int, offset: int = 0) -> list[dict]:
    return [{"internship_id": None, "day": START + timedelta(days=offset + k), "hours": "7.5",
             "overtime_hours": "0.25", "night_shift": k % 7 == 0} for k in range(n)]


def record(app: GttApplication, iid, rows: list[dict]) -> None:
    for chunk in range(0, len(rows), 40):
        app.handle(RecordAttendanceBatch(rows=[{**r, "internship_id": iid} for r in rows[chunk:chunk + 40]]))


def test_only_the_latest_snapshot_is_kept_and_it_loads_as_the_replay(any_url, clock):
    w = world(any_url, clock)
    iid = placed_and_started(w)
    record(w.app, iid, days(160))  # versions 3..162 in saves of 40: snapshots at 82, 122, 162
    snaps = list(w.app.snapshots.get(iid))
    assert [s.originator_version for s in snaps] == [162]
    assert len(snaps[0].state["attendance_book"].cells) == 5 * 160  # five bytes a day, not a record
    fresh = GttApplication(any_url)
    loaded = fresh.get(iid, Internship)
    replayed = None
    for ev in fresh.events.get(iid):
        replayed = ev.mutate(replayed)
    assert loaded == replayed and loaded.attendance is None
    assert len(loaded.attendance_book) == 160
    assert loaded.attendance_book.get(START) == (Decimal("7.5"), Decimal("0.25"), True, False, False)
    # the rules still hold after loading from the snapshot
    with pytest.raises(DomainError, match="already recorded"):
        fresh.handle(RecordAttendance(internship_id=iid, day=START, hours=Decimal(8)))
    with pytest.raises(DomainError, match="changes nothing"):
        fresh.handle(CorrectAttendance(internship_id=iid, day=START, hours=Decimal("7.50")))
    with pytest.raises(DomainError, match="overtime 8 h is not within 0..7.5"):
        fresh.handle(CorrectAttendance(internship_id=iid, day=START, overtime_hours=Decimal(8)))
    fresh.close()


def test_a_version_1_snapshot_with_every_days_details_still_loads(db_url, clock):
    """Snapshots written before issue 17 kept ``attendance``/``absences`` dicts of records."""
    w = world(db_url, clock)
    iid = placed_and_started(w)
    record(w.app, iid, days(30))
    w.app.handle(RecordAbsence(internship_id=iid, day=START + timedelta(days=40), reason="ill"))
    w.app.handle(CorrectAttendance(internship_id=iid, day=START + timedelta(days=3), hours=Decimal(9)))
    detailed = state_at(w.app, iid)
    state = {k: v for k, v in vars(detailed).items()
             if k not in ("_id", "_version", "_pending_events", "attendance_book", "absence_book")}
    assert isinstance(state["attendance"], dict) and len(state["attendance"]) == 30
    old = Snapshot(originator_id=iid, originator_version=detailed.version,  # type: ignore[call-arg]
                   timestamp=Snapshot.create_timestamp(), topic=get_topic(Internship), state=state)
    w.app.snapshots.put([old])
    fresh = GttApplication(db_url)
    assert [s.originator_version for s in fresh.snapshots.get(iid)] == [detailed.version]
    loaded = fresh.get(iid, Internship)
    replayed = None
    for ev in fresh.events.get(iid):
        replayed = ev.mutate(replayed)
    assert loaded == replayed
    assert loaded.absence_book.days() == [START + timedelta(days=40)]
    assert loaded.attendance_book.get(START + timedelta(days=3)).hours == Decimal(9)
    with pytest.raises(DomainError, match="after 2025-03-20"):
        loaded.complete(date(2025, 3, 20), fresh.meta())
    fresh.close()


def test_prune_snapshots_keeps_each_aggregates_latest(any_url, clock):
    """A store written before issue 17 kept every snapshot: ``prune_snapshots`` deletes all
    but each aggregate's latest, and the aggregate loads the same."""
    w = world(any_url, clock)
    iid = placed_and_started(w)
    record(w.app, iid, days(160))
    recorder = w.app.snapshots.recorder
    pruning = type(recorder)
    recorder.__class__ = pruning.__mro__[1]  # eventsourcing's own recorder: keeps every snapshot
    try:
        older = [w.app.mapper.to_stored_event(Snapshot.take(w.app.repository.get(iid, version=v)))
                 for v in (50, 100)]
        recorder.insert_events(older)
    finally:
        recorder.__class__ = pruning
    assert [s.originator_version for s in w.app.snapshots.get(iid)] == [50, 100, 162]
    before = w.app.get(iid, Internship)
    assert w.app.prune_snapshots() == 2
    assert [s.originator_version for s in w.app.snapshots.get(iid)] == [162]
    assert w.app.prune_snapshots() == 0
    assert GttApplication(any_url).get(iid, Internship) == before
