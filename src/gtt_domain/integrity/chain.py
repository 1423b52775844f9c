"""Extending the hash chain over the global notification order, and reading it back.

The chain follows the one total order every reader replays (notification ids), so it
catches edits, deletions, insertions and moves across aggregates, not only within one.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar, cast

from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from sqlalchemy.exc import IntegrityError

from gtt_domain.domain.errors import GttError
from gtt_domain.integrity.canonical import GENESIS, chain_hash
from gtt_domain.integrity.store import (
    BadRow,
    ChainRow,
    EventTuple,
    IntegrityStore,
    SealRow,
    event_tuple,
)

if TYPE_CHECKING:
    from gtt_domain.application.app import GttApplication

DEFAULT_BATCH = 10_000
T = TypeVar("T")


@dataclass(frozen=True)
class ChainHead:
    """Where the chain stands: last chained position, events chained, head hash."""

    position: int
    count: int
    head: bytes
    added: int = 0


@dataclass(frozen=True)
class StoredEvent:
    position: int
    originator_id: str
    version: int
    topic: str
    state: bytes
    recorded: bytes | None  # the chain hash recorded for this position, if any


@dataclass(frozen=True)
class OrphanChainRecord:
    """A chain record whose event is not in the store."""

    position: int
    chain_hash: bytes


@dataclass(frozen=True)
class BadStoredRow:
    """A stored row gtt would not have written (see :class:`BadRow`)."""

    position: int
    kind: str
    reason: str
    stored: EventTuple | None
    recorded: bytes | None


LogRecord = StoredEvent | OrphanChainRecord | SealRow | BadStoredRow


class UnchainableRow(GttError):
    """``extend_chain``/``seal`` met a stored row gtt would not have written; nothing at or
    after it was chained (run ``gtt audit verify``)."""

    def __init__(self, bad: BadRow) -> None:
        self.position, self.kind, self.reason = bad.position, bad.kind, bad.reason
        super().__init__(f"position {bad.position}: {bad.reason}; not chained (run gtt audit verify)")


def recorder(app: GttApplication) -> ApplicationRecorder:
    return cast(ApplicationRecorder, app.recorder)


def _native_recorders() -> tuple[type, ...]:
    """The recorders whose event tables ``IntegrityStore.event_rows`` reads (PostgreSQL's
    only when the ``postgres`` extra is installed)."""
    try:
        from eventsourcing.postgres import PostgresApplicationRecorder
    except ImportError:
        return (SQLiteApplicationRecorder,)
    return (SQLiteApplicationRecorder, PostgresApplicationRecorder)


def event_reader(app: GttApplication,
                 store: IntegrityStore) -> Callable[[int, int], list[EventTuple | BadRow]]:
    """``read(after, limit)`` of stored events as tuples: straight from the driver for
    eventsourcing's own SQLite and PostgreSQL recorders (whose tables we know), through the
    recorder's ``select_notifications`` for any other (e.g. the ``sqlalchemy+`` backend)."""
    rec = recorder(app)
    if isinstance(rec, _native_recorders()):
        table: str = rec.events_table_name  # type: ignore[attr-defined]
        return lambda after, limit: store.event_rows(table, after, limit)

    def through_recorder(after: int, limit: int) -> list[EventTuple | BadRow]:
        page = rec.select_notifications(after or None, limit, inclusive_of_start=False)
        return [event_tuple(n.id, n.originator_id, n.originator_version, n.topic, n.state)
                for n in page]

    return through_recorder


def pages(read: Callable[[int, int], list[T]], batch_size: int) -> Iterator[T]:
    """Every row ``read(after, limit)`` gives, page by page (rows start with a position)."""
    after = 0
    while True:
        page = read(after, batch_size)
        yield from page
        if len(page) < batch_size:
            return
        after = page[-1][0]  # type: ignore[index]


def extend(app: GttApplication, store: IntegrityStore, batch_size: int = DEFAULT_BATCH) -> ChainHead:
    """Chain every event after the chain's last position, one transaction per batch."""
    read, added = event_reader(app, store), 0
    while True:
        last = store.last()
        position, count, prev = (last.position, last.ordinal, last.chain_hash) if last else (0, 0, GENESIS)
        page = read(position, batch_size)
        if not page:
            return ChainHead(position, count, prev, added)
        rows, bad = [], None
        for row in page:
            if isinstance(row, BadRow):
                bad = row
                break
            pos, oid, version, topic, state = row
            prev = chain_hash(prev, pos, oid, version, topic, state)
            count += 1
            rows.append(ChainRow(pos, count, prev))
        try:
            if rows:
                store.append(rows)
        except IntegrityError:  # another process extended it first: continue from its head
            continue
        added += len(rows)
        if bad is not None:
            raise UnchainableRow(bad)


def extend_chain(app: GttApplication, *, batch_size: int = DEFAULT_BATCH) -> ChainHead:
    """Chain every stored event not chained yet; returns the new head."""
    with IntegrityStore(app.url) as store:
        return extend(app, store, batch_size)


def stored_log(app: GttApplication, store: IntegrityStore,
               batch_size: int = DEFAULT_BATCH) -> Iterator[LogRecord]:
    """Events, chain records and seals merged in position order (seals after their position)."""
    events = pages(event_reader(app, store), batch_size)
    chain = pages(store.chain_rows, batch_size)
    seals = deque(sorted(store.all_seals(), key=lambda s: (s.position, s.number)))
    e, c = next(events, None), next(chain, None)
    while e is not None or c is not None:
        if e is None:
            assert c is not None
            pos = c[0]
        else:
            pos = e[0] if c is None else min(e[0], c[0])
        while seals and seals[0].position < pos:
            yield seals.popleft()
        recorded = None
        if c is not None and c[0] == pos:
            recorded = c[1]
            c = next(chain, None)
        if e is not None and e[0] == pos:
            yield BadStoredRow(*e, recorded) if isinstance(e, BadRow) else StoredEvent(*e, recorded)
            e = next(events, None)
        else:
            assert recorded is not None
            yield OrphanChainRecord(pos, recorded)
    yield from seals
