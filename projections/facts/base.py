"""The base of the fact projections: handlers that turn events into bitemporal assertions.

Each fact projection owns the fact tables of one aggregate kind. Its handlers mirror the
aggregate's mutators exactly (same fields, same order, same "skip when the item is
missing"), because the audit compares what they store with a replay of the same events.
Every event of the aggregate also touches its core item (see ``temporal.touch_core``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from gtt_projections.facts.codec import dump_list, load_list
from gtt_projections.facts.temporal import (
    FactTable,
    FactWriter,
    ItemCache,
    Moment,
    Value,
    moment_of,
    ref_of,
)
from gtt_projections.projection import GttProjection
from gtt_projections.writer import RowWriter


class FactsProjection(GttProjection):
    """A projection writing :class:`FactTable` s through a :class:`FactWriter`."""

    facts: ClassVar[tuple[FactTable, ...]] = ()
    core: ClassVar[FactTable]

    def __init__(self, view: Any, *, prepare: bool = True):
        self.items = ItemCache()
        super().__init__(view, prepare=prepare)

    def writer(self, expected: int | None = None) -> RowWriter:
        if expected is None and self.items.position is None and self.items.complete:
            pass  # just reset here: the (empty) cache knows every item
        elif self.items.position != expected:
            self.items.clear()  # another runner moved the position: trust only the tables
        return FactWriter(self.tables, self.facts, self.items)

    def batch_committed(self, rows: RowWriter, position: int) -> None:
        assert isinstance(rows, FactWriter)
        self.items.keep(rows.revisited_items(), position)

    def batch_failed(self) -> None:
        self.items.clear()

    def reset(self) -> None:
        super().reset()
        self.items.clear(complete=True)

    @staticmethod
    def moment(event: Any, rows: RowWriter) -> Moment:
        return moment_of(event, rows.position)

    def touch(self, event: Any, rows: RowWriter) -> Moment:
        """The event's moment, after extending the aggregate's existence back to it."""
        at = moment_of(event, rows.position)
        assert isinstance(rows, FactWriter)
        rows.touch_core(self.core, (str(event.originator_id),), at)
        return at

    def set_core(self, event: Any, rows: RowWriter, at: Moment, fn: Callable[[Value], Value]) -> None:
        """Change the aggregate's core item where it exists (a missing one stays missing)."""
        assert isinstance(rows, FactWriter)
        rows.assert_item(self.core, (str(event.originator_id),), at,
                         lambda old: None if old is None else fn(old))


def update(**changes: Any) -> Callable[[Value], Value]:
    """An assertion body setting ``changes`` on an existing value."""

    def fn(old: Value) -> Value:
        old.update(changes)
        return old

    return fn


__all__ = ["FactsProjection", "dump_list", "load_list", "ref_of", "update"]
