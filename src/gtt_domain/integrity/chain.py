"""Extending the hash chain over the global notification order, and reading it back.

The chain follows the one total order every reader replays (notification ids), so it
catches edits, deletions, insertions and moves across aggregates, not only within one.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from eventsourcing.persistence import ApplicationRecorder, Notification
from sqlalchemy.exc import IntegrityError

from gtt_domain.integrity.canonical import GENESIS, chain_hash
from gtt_domain.integrity.store import ChainRow, IntegrityStore, SealRow

if TYPE_CHECKING:
    from gtt_domain.application.app import GttApplication

DEFAULT_BATCH = 2000


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


LogRecord = StoredEvent | OrphanChainRecord | SealRow


def recorder(app: GttApplication) -> ApplicationRecorder:
    return cast(ApplicationRecorder, app.recorder)


def notifications(app: GttApplication, batch_size: int) -> Iterator[Notification]:
    """Every stored event in notification order, read in pages of ``batch_size``."""
    rec, start = recorder(app), None
    while True:
        page = rec.select_notifications(start, batch_size, inclusive_of_start=False)
        yield from page
        if len(page) < batch_size:
            return
        start = page[-1].id


def extend(app: GttApplication, store: IntegrityStore, batch_size: int = DEFAULT_BATCH) -> ChainHead:
    """Chain every event after the chain's last position, one transaction per batch."""
    rec, added = recorder(app), 0
    while True:
        last = store.last()
        position, count, prev = (last.position, last.ordinal, last.chain_hash) if last else (0, 0, GENESIS)
        page = rec.select_notifications(last.position if last else None, batch_size,
                                        inclusive_of_start=False)
        if not page:
            return ChainHead(position, count, prev, added)
        rows = []
        for n in page:
            prev = chain_hash(prev, n.id, n.originator_id, n.originator_version, n.topic, bytes(n.state))
            count += 1
            rows.append(ChainRow(n.id, count, prev))
        try:
            store.append(rows)
        except IntegrityError:  # another process extended it first: continue from its head
            continue
        added += len(rows)


def extend_chain(app: GttApplication, *, batch_size: int = DEFAULT_BATCH) -> ChainHead:
    """Chain every stored event not chained yet; returns the new head."""
    with IntegrityStore(app.url) as store:
        return extend(app, store, batch_size)


def stored_log(app: GttApplication, store: IntegrityStore,
               batch_size: int = DEFAULT_BATCH) -> Iterator[LogRecord]:
    """Events, chain records and seals merged in position order (seals after their position)."""
    events = notifications(app, batch_size)
    chain = store.iter_rows(batch_size)
    seals = deque(sorted(store.all_seals(), key=lambda s: (s.position, s.number)))
    e, c = next(events, None), next(chain, None)
    while e is not None or c is not None:
        pos = min(x for x in (e.id if e else None, c.position if c else None) if x is not None)
        while seals and seals[0].position < pos:
            yield seals.popleft()
        recorded = c.chain_hash if c is not None and c.position == pos else None
        if recorded is not None:
            c = next(chain, None)
        if e is not None and e.id == pos:
            yield StoredEvent(e.id, str(e.originator_id), e.originator_version, e.topic,
                              bytes(e.state), recorded)
            e = next(events, None)
        else:
            assert recorded is not None
            yield OrphanChainRecord(pos, recorded)
    yield from seals
