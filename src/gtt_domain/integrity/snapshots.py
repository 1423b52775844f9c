"""Snapshots checked against the replay of their aggregate's events.

Snapshots are caches (eventsourcing's ``stored_snapshots`` / ``gtt_snapshots``) and are
not in the hash chain. ``check_snapshots`` compares every stored snapshot with the
aggregate replayed from its (chained) events up to the snapshot's version;
``replay_aggregate`` loads an aggregate from its events alone, never from a snapshot, and
says which of its snapshots disagree (``gtt show`` uses it, so an edited snapshot is
never shown).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

from gtt_domain.integrity.report import SNAPSHOT, UNREADABLE, Problem
from gtt_domain.integrity.store import IntegrityStore

if TYPE_CHECKING:
    from eventsourcing.domain import CanSnapshotAggregate

    from gtt_domain.application.app import GttApplication


@dataclass(frozen=True)
class BadSnapshot:
    aggregate_id: UUID
    version: int
    reason: str


def _snapshot_ids(app: GttApplication) -> Iterator[UUID | str]:
    """Every originator id in the snapshot table, as stored, in a stable order."""
    recorder = app.snapshots.recorder if app.snapshots is not None else None
    table = getattr(recorder, "events_table_name", None)
    if table is None:
        return
    with IntegrityStore(app.url) as store:
        sql = f"SELECT DISTINCT originator_id FROM {store._qualified(table)} ORDER BY originator_id"
        with store.engine.connect() as conn:
            rows = conn.exec_driver_sql(sql).fetchall()
    for (value,) in rows:
        yield value


def _comparable(app: GttApplication, aggregate: Any) -> tuple[str, int, Any]:
    """Topic, version and state of the snapshot the aggregate would give, after the same
    JSON round trip the stored one went through."""
    snapshot_class = getattr(type(aggregate), "Snapshot", type(app).snapshot_class)
    taken = cast(Any, snapshot_class).take(aggregate)
    transcoder = app.mapper.transcoder
    return taken.topic, taken.originator_version, transcoder.decode(transcoder.encode(taken.state))


def _fold(aggregate: Any, events: Any) -> Any:
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


def snapshots_of(app: GttApplication, aggregate_id: UUID) -> tuple[int, list[BadSnapshot]]:
    """How many snapshots one aggregate has, and those that disagree with the replay of its events."""
    assert app.snapshots is not None
    bad: list[BadSnapshot] = []
    try:
        # the snapshot store is typed as any event store; what it holds are snapshots
        stored = cast("list[CanSnapshotAggregate[UUID]]", list(app.snapshots.get(aggregate_id)))
    except Exception as e:  # an edited snapshot may not even decode
        return 1, [BadSnapshot(aggregate_id, 0, f"a snapshot cannot be decoded ({type(e).__name__})")]
    aggregate, version = None, 0
    for snap in stored:
        v = snap.originator_version
        if v > version:
            aggregate = _fold(aggregate, app.events.get(aggregate_id, gt=version or None, lte=v))
            version = aggregate.version if aggregate is not None else 0
        if aggregate is None or version != v:
            bad.append(BadSnapshot(aggregate_id, v, f"there is no event at version {v} to replay to"))
            continue
        topic, _, state = _comparable(app, aggregate)
        if (snap.topic, snap.state) != (topic, state):
            bad.append(BadSnapshot(aggregate_id, v, "it disagrees with the replay of its events"))
    return len(stored), bad


def _event_position(app: GttApplication, aggregate_id: UUID, version: int) -> int:
    table = getattr(app.recorder, "events_table_name", None)
    if table is None:
        return 0
    with IntegrityStore(app.url) as store:
        if store.is_sqlite:
            sql = (f"SELECT rowid FROM {store._qualified(table)} WHERE originator_id = ? "
                   "AND originator_version = ?")
            params: tuple[Any, ...] = (aggregate_id.hex, version)
        else:
            sql = (f"SELECT notification_id FROM {store._qualified(table)} WHERE originator_id = %s "
                   "AND originator_version = %s")
            params = (aggregate_id, version)
        with store.engine.connect() as conn:
            row = conn.exec_driver_sql(sql, params).first()
    return int(row[0]) if row else 0


def bad_snapshots(app: GttApplication) -> tuple[int, list[BadSnapshot], Problem | None]:
    """How many snapshots were compared with replay, those that disagree, and a problem
    when a snapshot's id is not even an id."""
    checked = 0
    found: list[BadSnapshot] = []
    for raw_id in _snapshot_ids(app):
        try:
            aggregate_id = raw_id if isinstance(raw_id, UUID) else UUID(str(raw_id))
        except ValueError:
            return checked, found, Problem(0, UNREADABLE, f"a snapshot's originator_id {str(raw_id)[:40]!r} "
                                           "is not an id")
        if isinstance(raw_id, str) and raw_id != aggregate_id.hex:
            return checked, found, Problem(0, SNAPSHOT, f"a snapshot's originator_id {raw_id[:40]!r} is not "
                                           "stored as gtt writes it")
        count, bad = snapshots_of(app, aggregate_id)
        checked += count
        found.extend(bad)
    return checked, found, None


def check_snapshots(app: GttApplication) -> tuple[int, Problem | None]:
    """How many snapshots were compared with replay, and the first that disagrees (its
    position is that of the event the snapshot claims to summarise)."""
    checked, found, problem = bad_snapshots(app)
    if problem is not None or not found:
        return checked, problem
    b = found[0]
    return checked, Problem(_event_position(app, b.aggregate_id, b.version), SNAPSHOT,
                            f"snapshot of {b.aggregate_id} at version {b.version}: {b.reason} "
                            "(edited? gtt show ignores it; writes use it until discarded)")


def discard_snapshots(app: GttApplication, bad: list[BadSnapshot]) -> int:
    """Delete the given snapshots (caches: the aggregate then loads from its events)."""
    recorder = app.snapshots.recorder if app.snapshots is not None else None
    table = getattr(recorder, "events_table_name", None)
    if table is None or not bad:
        return 0
    with IntegrityStore(app.url) as store, store.engine.begin() as conn:
        mark = "?" if store.is_sqlite else "%s"
        sql = (f"DELETE FROM {store._qualified(table)} WHERE originator_id = {mark}"
               + (f" AND originator_version = {mark}" if all(b.version for b in bad) else ""))
        for b in bad:
            oid: Any = b.aggregate_id.hex if store.is_sqlite else b.aggregate_id
            conn.exec_driver_sql(sql, (oid, b.version) if b.version else (oid,))
    return len(bad)


def replay_aggregate(app: GttApplication, aggregate_id: UUID) -> tuple[Any, list[BadSnapshot]]:
    """The aggregate from its events alone (``None`` when it has none), and those of its
    snapshots that disagree with them."""
    aggregate = _fold(None, app.events.get(aggregate_id))
    if aggregate is None or app.snapshots is None:
        return aggregate, []
    return aggregate, snapshots_of(app, aggregate_id)[1]
