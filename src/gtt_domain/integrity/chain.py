"""Extending the hash chain over the global notification order, and reading it back.

The chain follows the one total order every reader replays (notification ids), so it
catches edits, deletions, insertions and moves across aggregates, not only within one.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

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
    VerifyRow,
    canonical_id,
    event_tuple,
    page_is_plain,
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
    seals = deque(sorted(store.all_seals(), key=lambda s: (s.position, s.number)))
    yield from merge(pages(event_reader(app, store), batch_size), pages(store.chain_rows, batch_size), seals)
    yield from seals


def merge(events: Iterator[EventTuple | BadRow], chain: Iterator[tuple[int, bytes]],
          seals: deque[SealRow]) -> Iterator[LogRecord]:
    """``events`` and ``chain`` records merged by position, with each seal of ``seals`` taken
    (from the left) before the first record past its position; later seals stay."""
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


class Run(NamedTuple):
    """Stored events with no seal among them, every column of the type gtt writes:
    ``recorded`` holds each one's chain hash (None where the chain has not reached it yet),
    ``ids`` maps each stored originator id to its canonical form, UTF-8."""

    rows: list[VerifyRow]
    recorded: list[bytes | None]
    ids: dict[str, bytes]


def verify_log(app: GttApplication, store: IntegrityStore,
               batch_size: int = DEFAULT_BATCH) -> Iterator[LogRecord | Run]:
    """What :func:`stored_log` yields, with the well-formed stored events read by
    :meth:`IntegrityStore.verify_rows` yielded as :class:`Run`\\ s (one per stretch between
    seals): the checker hashes those in a tight loop (issue 18). A page holding a row
    ``event_tuple`` would refuse, or chain records that are not exactly at its events'
    positions (an orphan, a gap before a chained event), is merged the general way, as are
    stores whose rows SQLite does not read here."""
    rec = recorder(app)
    table = getattr(rec, "events_table_name", None)
    if not isinstance(rec, SQLiteApplicationRecorder) or table is None \
            or store.verify_rows(table, 0, 1) is None:
        yield from stored_log(app, store, batch_size)
        return
    seals = deque(sorted(store.all_seals(), key=lambda s: (s.position, s.number)))
    ids: dict[str, bytes] = {}  # each aggregate's id is checked and formatted once
    after = 0
    while True:
        page = store.verify_rows(table, after, batch_size)
        assert page is not None
        rows = page.rows
        if not rows:
            break
        last, columns = rows[-1][0], list(zip(*rows, strict=True))
        recorded = _aligned(columns[0], page.chain)
        if recorded is not None and page_is_plain(columns) \
                and _known(ids, set(columns[1]).difference(ids)):
            yield from _runs(rows, recorded, ids, seals)
        else:  # a refused row, an orphan chain record or a gap in this page: the general way
            events = iter(store.event_rows(table, after, len(rows)))
            yield from merge(events, iter(store.chain_rows_upto(after, last)), seals)
        after = last
        if len(rows) < batch_size:
            break
    if store.chain_count(after, None):  # chain records past the last stored event
        yield from merge(iter(()), pages(lambda a, n: store.chain_rows(max(a, after), n), batch_size), seals)
    yield from seals


def _aligned(positions: tuple[int, ...], chain: list[tuple[Any, Any]]) -> list[bytes | None] | None:
    """The chain hash recorded at each of ``positions`` (None past the chain's end), when
    the chain records of the page are exactly the first events' (no orphan, no gap) and
    each hash is bytes; else None."""
    if not chain:
        return [None] * len(positions)
    at, hashes = zip(*chain, strict=True)
    n = len(at)
    if n > len(positions) or at != positions[:n] or set(map(type, hashes)) != {bytes}:
        return None
    return [*hashes, *([None] * (len(positions) - n))]


def _known(ids: dict[str, bytes], new: set[str]) -> bool:
    """Add the canonical form of each id of ``new`` to ``ids``; False if one has none."""
    for raw in new:
        canonical = canonical_id(raw)
        if canonical is None:
            return False
        ids[raw] = canonical.encode()
    return True


def _runs(rows: list[VerifyRow], recorded: list[bytes | None], ids: dict[str, bytes],
          seals: deque[SealRow]) -> Iterator[Run | SealRow]:
    """``rows`` cut before each stored event that comes after a seal (as :func:`merge`)."""
    i, last = 0, rows[-1][0]
    while seals and seals[0].position < last:
        seal = seals.popleft()
        j = bisect_right(rows, seal.position, lo=i, key=itemgetter(0))
        if j > i:
            yield Run(rows[i:j], recorded[i:j], ids)
            i = j
        yield seal
    yield Run(rows[i:], recorded[i:], ids)
