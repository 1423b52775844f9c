"""Bitemporal fact rows kept exactly equal to replaying the log under two bounds.

Every fact row is a rectangle on two time axes (the bitemporal pattern of SQL:2011 and
XTDB): ``[valid_from, valid_to)`` is when it was true in the world (the effective time of
the events that made it), ``[recorded_from, recorded_to)`` is when the record said so
(``recorded_*_pos`` are the log positions of the same moments). An open end is NULL.
Rows are never updated except to close their recorded interval, and never deleted: the
table *is* the history, and "as of A, as known at K" is a filter::

    valid_from <= A < valid_to  and  recorded_from <= K < recorded_to

The rectangles are maintained so that this filter returns, for every item, exactly what
folding the item's events with ``effective <= A`` and ``recorded <= K`` in version order
gives (``gtt_domain.application.timetravel``, the reference). An event is an *assertion*
on an item: a function from the item's old value (or ``None`` where it does not exist)
to its new value (or ``None``: absent). Applying it at effective time ``e`` and recorded
time ``r`` closes (at ``r``) the item's current rows that reach past ``e`` and inserts
their left part unchanged and their right part transformed. Because the current rows
already hold the fold of every earlier event at each valid time, this is exact for any
order of effective times, including late-recorded and back-dated facts.

A *core* item (one row per aggregate holding its scalar attributes) also follows the
replay's rule that an aggregate exists as soon as any of its events counts: an event
dated before the aggregate's first valid time extends it back with the creation value.
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from gtt_projections.facts.table import (  # noqa: F401 — declared there, used here and by importers
    TEMPORAL,
    Assertion,
    DecimalText,
    FactTable,
    Value,
    as_of_bound,
    fact_table,
    known_at_bound,
    visible,
)
from gtt_projections.writer import RowWriter
from sqlalchemy import Table, and_, bindparam, select

# --- maintaining the rectangles ------------------------------------------------------------

@dataclass
class Rect:
    """One current row (``recorded_to`` open) of an item."""

    valid_from: datetime
    valid_to: datetime | None
    recorded_from: datetime
    recorded_from_pos: int
    value: Value

    def reaches_past(self, when: datetime) -> bool:
        return self.valid_to is None or self.valid_to > when


@dataclass
class Item:
    """An item's current rows (sorted, non-overlapping) and, for a core item, the value
    its creation gave it (what an extension back in time starts from)."""

    rects: list[Rect] = field(default_factory=list)
    base: Value | None = None
    loaded: bool = False


@dataclass(frozen=True)
class Moment:
    """Where an event sits on the two axes."""

    effective: datetime
    recorded: datetime
    position: int


def _gaps(rects: list[Rect], start: datetime) -> list[tuple[datetime, datetime | None]]:
    """Parts of ``[start, inf)`` no rect covers (rects sorted by ``valid_from``)."""
    out: list[tuple[datetime, datetime | None]] = []
    cursor: datetime | None = start
    for r in rects:
        if cursor is None:
            break
        if r.valid_to is not None and r.valid_to <= cursor:
            continue
        if r.valid_from > cursor:
            out.append((cursor, r.valid_from))
        cursor = r.valid_to if r.valid_to is None or r.valid_to > cursor else cursor
    if cursor is not None:
        out.append((cursor, None))
    return out


def transform(rects: list[Rect], at: Moment, fn: Assertion) -> tuple[list[Rect], list[Rect], list[Rect]]:
    """Apply ``fn`` from ``at.effective`` on: (rects kept, rects closed, rects inserted)."""
    kept: list[Rect] = []
    closed: list[Rect] = []
    added: list[Rect] = []
    e = at.effective
    for r in rects:
        if not r.reaches_past(e):
            kept.append(r)
            continue
        new = fn(copy.copy(r.value))
        start = max(r.valid_from, e)
        if new == r.value:
            kept.append(r)
            continue
        closed.append(r)
        if r.valid_from < e:
            added.append(Rect(r.valid_from, e, at.recorded, at.position, r.value))
        if new is not None:
            added.append(Rect(start, r.valid_to, at.recorded, at.position, new))
    created = fn(None)
    if created is not None:
        for lo, hi in _gaps(rects, e):
            added.append(Rect(lo, hi, at.recorded, at.position, dict(created)))
    return kept, closed, added


def coalesce(rects: list[Rect]) -> list[Rect]:
    """Sorted, with touching rects of equal value and the same recording merged."""
    out: list[Rect] = []
    for r in sorted(rects, key=lambda x: x.valid_from):
        prev = out[-1] if out else None
        if (prev is not None and prev.valid_to == r.valid_from and prev.value == r.value
                and prev.recorded_from_pos == r.recorded_from_pos):
            out[-1] = Rect(prev.valid_from, r.valid_to, prev.recorded_from, prev.recorded_from_pos, prev.value)
        else:
            out.append(r)
    return out


ItemKey = tuple[str, tuple[Any, ...]]


class ItemCache:
    """Current rows of revisited items as committed, kept between a projection's batches.

    Valid only while this process is the one advancing the projection: it remembers the
    position it is valid at, and a batch that continues from another position (another
    runner moved it) starts with an empty cache. ``complete`` means every revisited item
    of the tables is here (they were reset by this process and nothing was evicted since),
    so an item not found does not exist and needs no query.
    """

    def __init__(self, capacity: int = 50_000):
        self.capacity = capacity
        self.items: OrderedDict[ItemKey, Item] = OrderedDict()
        self.position: int | None = None
        self.complete = False

    def clear(self, *, complete: bool = False) -> None:
        self.items.clear()
        self.position = None
        self.complete = complete

    def take(self, key: ItemKey) -> Item | None:
        item = self.items.get(key)
        if item is None:
            return None
        self.items.move_to_end(key)
        return Item(item.rects, item.base, True)

    def keep(self, items: Mapping[ItemKey, Item], position: int) -> None:
        self.items.update(items)
        while len(self.items) > self.capacity:
            self.items.popitem(last=False)
            self.complete = False
        self.position = position


class FactWriter(RowWriter):
    """A :class:`RowWriter` that also maintains bitemporal items (see module doc).

    The current rows of each item touched in a batch are read once (or taken from the
    projection's :class:`ItemCache`) and kept here, so a page of 1,000 events reads each
    internship's core row at most once and inserts attendance rows without reading at all
    (an item declared ``new`` has no rows yet).
    """

    def __init__(self, tables: Iterable[Table], facts: Iterable[FactTable],
                 cache: ItemCache | None = None):
        super().__init__(tables)
        self.facts = {f.name: f for f in facts}
        self.cache = cache
        self._items: dict[ItemKey, Item] = {}
        self._item_undo: dict[ItemKey, Item | None] | None = None

    def revisited_items(self) -> dict[ItemKey, Item]:
        """The items of revisited tables as this batch leaves them (for the cache)."""
        return {k: v for k, v in self._items.items() if self.facts[k[0]].revisited}

    # --- per-event undo also restores the item cache -----------------------------------

    def begin_event(self) -> None:
        super().begin_event()
        self._item_undo = {}

    def undo_event(self) -> None:
        super().undo_event()
        for k, old in (self._item_undo or {}).items():
            if old is None:
                self._items.pop(k, None)
            else:
                self._items[k] = old
        self._item_undo = None

    def end_event(self) -> None:
        super().end_event()
        self._item_undo = None

    # --- items ------------------------------------------------------------------------

    def _item(self, ft: FactTable, key: tuple[Any, ...], *, new: bool) -> Item:
        k = (ft.name, key)
        item = self._items.get(k)
        if self._item_undo is not None and k not in self._item_undo:
            # rect lists are replaced, never changed in place: a shallow copy restores
            self._item_undo[k] = Item(item.rects, item.base, item.loaded) if item is not None else None
        if item is None:
            cached = self.cache.take(k) if self.cache is not None and ft.revisited else None
            if cached is not None:
                item = cached
            else:
                known_absent = new or (ft.revisited and self.cache is not None and self.cache.complete)
                item = Item(loaded=known_absent)
                if not known_absent:
                    self._load(ft, key, item)
            self._items[k] = item
        return item

    def _load(self, ft: FactTable, key: tuple[Any, ...], item: Item) -> None:
        if self._session is None:
            raise RuntimeError("FactWriter needs a session to read an item's rows")
        current, first = _item_queries(ft)
        params = {f"k_{c}": v for c, v in zip(ft.key, key, strict=True)}
        conn = self._session.connection()
        for row in conn.execute(current, params).mappings():
            item.rects.append(Rect(row["valid_from"], row["valid_to"], row["recorded_from"],
                                   row["recorded_from_pos"], {c: row[c] for c in ft.values}))
        item.rects.sort(key=lambda r: r.valid_from)
        if ft.core:
            found = conn.execute(first, params).mappings().first()
            item.base = {c: found[c] for c in ft.values} if found is not None else None
        item.loaded = True

    def _pk_of(self, ft: FactTable, key: tuple[Any, ...], r: Rect) -> dict[str, Any]:
        return {**dict(zip(ft.key, key, strict=True)), "recorded_from_pos": r.recorded_from_pos,
                "valid_from": r.valid_from}

    def _commit(self, ft: FactTable, key: tuple[Any, ...], item: Item, at: Moment,
                kept: list[Rect], closed: list[Rect], added: list[Rect]) -> None:
        for r in closed:
            pk = self._pk_of(ft, key, r)
            if r.recorded_from_pos == at.position:
                self.delete(ft.table, pk)  # made and superseded by the same event: never true
            else:
                self.update(ft.table, pk, recorded_to=at.recorded, recorded_to_pos=at.position)
        fresh = coalesce(added)
        for r in fresh:
            self.insert(ft.table, {**self._pk_of(ft, key, r), **r.value, "valid_to": r.valid_to,
                                "recorded_from": r.recorded_from, "recorded_to": None,
                                "recorded_to_pos": None})
        item.rects = sorted(kept + fresh, key=lambda x: x.valid_from)

    def assert_item(self, ft: FactTable, key: Mapping[str, Any] | tuple[Any, ...], at: Moment,
                    fn: Assertion, *, new: bool = False) -> None:
        """Apply ``fn`` to the item ``key`` of ``ft`` from ``at.effective`` on."""
        k = tuple(key[c] for c in ft.key) if isinstance(key, Mapping) else tuple(key)
        item = self._item(ft, k, new=new)
        kept, closed, added = transform(item.rects, at, fn)
        if ft.core and item.base is None:
            created = fn(None)
            item.base = dict(created) if created is not None else None
        self._commit(ft, k, item, at, kept, closed, added)

    def touch_core(self, ft: FactTable, key: tuple[Any, ...], at: Moment) -> None:
        """Any event of the aggregate: extend the core item back to ``at.effective`` if it
        starts later (the replay keeps an aggregate's creation once any event counts)."""
        item = self._item(ft, key, new=False)
        if item.base is None or not item.rects:
            return
        first = item.rects[0].valid_from
        if at.effective >= first:
            return
        added = [Rect(at.effective, first, at.recorded, at.position, dict(item.base))]
        self._commit(ft, key, item, at, item.rects, [], added)


@cache
def _item_queries(ft: FactTable) -> tuple[Any, Any]:
    """An item's current rows, and its first row (a core's creation value): built once."""
    t = ft.table
    where = and_(*(t.c[c] == bindparam(f"k_{c}") for c in ft.key))
    current = select(t).where(where, t.c.recorded_to.is_(None))
    first = select(t).where(where).order_by(t.c.recorded_from_pos, t.c.valid_from).limit(1)
    return current, first


def moment_of(event: Any, position: int) -> Moment:
    """The event's effective and recorded times (``meta``; the timestamp if it has none)."""
    meta = getattr(event, "meta", None)
    if meta is None:
        return Moment(event.timestamp, event.timestamp, position)
    return Moment(meta.effective, meta.recorded_at, position)


def ref_of(event: Any, at: Moment) -> str:
    """A pointer to the event for a finding's evidence: ``version|position|type|effective day``."""
    return f"{event.originator_version}|{at.position}|{type(event).__name__}|{at.effective.date().isoformat()}"
