"""Bitemporal fact tables declared and filtered (see :mod:`gtt_projections.facts.temporal`
for how their rows are kept): what a query of the fact tables needs, apart from the writer
and its projection machinery."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from gtt_projections.schema import Position, UtcDateTime
from sqlalchemy import Column, Index, MetaData, String, Table, and_, or_
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import TypeDecorator

Value = dict[str, Any]
Assertion = Callable[[Value | None], Value | None]

#: the bitemporal columns of every fact table, in this order after the item's columns
TEMPORAL = ("valid_from", "valid_to", "recorded_from", "recorded_to", "recorded_from_pos",
            "recorded_to_pos")


class DecimalText(TypeDecorator[Decimal]):
    """Decimals stored as their exact text (SQLite has no decimal type; a float would
    turn 4123.45 into 4123.4500000001 and a finding's values would differ from replay)."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: object) -> str | None:
        return None if value is None else str(value)

    def process_result_value(self, value: str | None, dialect: object) -> Decimal | None:
        return None if value is None else Decimal(value)


@dataclass(frozen=True)
class FactTable:
    """A bitemporal table: the item's key columns, its value columns, the six time columns."""

    table: Table
    key: tuple[str, ...]
    values: tuple[str, ...]
    #: a core item exists from the earliest effective time of any of its aggregate's events
    core: bool = False
    #: items are met again later (a core, a document list): worth keeping between batches
    revisited: bool = True

    @property
    def name(self) -> str:
        return self.table.name


def fact_table(name: str, metadata: MetaData, key: Iterable[Column[Any]], values: Iterable[Column[Any]],
               *, core: bool = False, revisited: bool = True) -> FactTable:
    """Declare a fact table; its primary key is the item plus where its rectangle starts."""
    key_cols = list(key)
    value_cols = list(values)
    temporal = [
        Column("valid_from", UtcDateTime, nullable=False),
        Column("valid_to", UtcDateTime),
        Column("recorded_from", UtcDateTime, nullable=False),
        Column("recorded_to", UtcDateTime),
        Column("recorded_from_pos", Position, nullable=False),
        Column("recorded_to_pos", Position),
    ]
    for c in key_cols:
        c.primary_key = True
    temporal[4].primary_key = True
    temporal[0].primary_key = True
    table = Table(name, metadata, *key_cols, *value_cols, *temporal,
                  Index(f"ix_{name}_item", *[c.name for c in key_cols], "recorded_to"))
    return FactTable(table, tuple(c.name for c in key_cols), tuple(c.name for c in value_cols), core,
                     revisited)


# --- the two time bounds -----------------------------------------------------------------

def as_of_bound(as_of: date | datetime | None) -> datetime | None:
    """The first instant *after* ``as_of`` (a date counts to its end, UTC), or None."""
    if as_of is None:
        return None
    if isinstance(as_of, datetime):
        moment = as_of if as_of.tzinfo else as_of.replace(tzinfo=UTC)
        return moment + timedelta(microseconds=1)
    return datetime.combine(as_of, time(0), tzinfo=UTC) + timedelta(days=1)


def known_at_bound(known_at: date | datetime | None) -> datetime | None:
    """``known_at`` as a moment (a date is its start, UTC), or None for "everything recorded"."""
    if known_at is None:
        return None
    if isinstance(known_at, datetime):
        return known_at if known_at.tzinfo else known_at.replace(tzinfo=UTC)
    return datetime.combine(known_at, time(0), tzinfo=UTC)


def visible(t: Table, as_of: date | datetime | None = None,
            known_at: date | datetime | None = None) -> ColumnElement[bool]:
    """Rows true on ``as_of`` as the record stood at ``known_at`` (None: no bound)."""
    a, k = as_of_bound(as_of), known_at_bound(known_at)
    conds: list[ColumnElement[bool]] = []
    if a is None:
        conds.append(t.c.valid_to.is_(None))
    else:
        conds += [t.c.valid_from < a, or_(t.c.valid_to.is_(None), t.c.valid_to >= a)]
    if k is None:
        conds.append(t.c.recorded_to.is_(None))
    else:
        conds += [t.c.recorded_from <= k, or_(t.c.recorded_to.is_(None), t.c.recorded_to > k)]
    return and_(*conds)
