"""The event timeline: one row per event in the log, for auditors.

Every event of every aggregate, in log order, with who recorded it, when, when it took
effect and a one-line summary (no personal data: see ``gtt_projections.summary``).
"""

from __future__ import annotations

from typing import Any

from gtt_projections.projection import GttProjection
from gtt_projections.summary import aggregate_kind, summarise
from gtt_projections.tables.timeline import (
    NAME,
    TABLES,
    VERSION,
    event_timeline,
)
from gtt_projections.writer import RowWriter

_KINDS: dict[type[Any], str] = {}


def _kind(event_class: type[Any]) -> str:
    kind = _KINDS.get(event_class)
    if kind is None:
        kind = _KINDS[event_class] = aggregate_kind(event_class)
    return kind


class Timeline(GttProjection):
    name = NAME
    defer_indexes = True  # handlers read rows by primary key only
    version = VERSION
    tables = TABLES

    def handles(self, topic: str) -> bool:
        return True  # every event has a timeline row

    def apply(self, event: Any, rows: RowWriter) -> None:  # type: ignore[override]
        meta = getattr(event, "meta", None)
        kind = _kind(type(event))
        aggregate_id = str(event.originator_id)
        rows.insert(event_timeline, {
            "position": rows.position,
            "event_id": f"{aggregate_id}:{event.originator_version}",
            "aggregate_id": aggregate_id,
            "aggregate_kind": kind,
            "aggregate_version": event.originator_version,
            "event_type": type(event).__name__,
            "actor": meta.actor if meta else None,
            "recorded_at": meta.recorded_at if meta else event.timestamp,
            "effective_at": meta.effective if meta else event.timestamp,
            "reason": meta.reason if meta else None,
            "correlation_id": meta.correlation_id if meta else None,
            "summary": summarise(event, kind),
        })
