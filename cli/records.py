"""Aggregates and events as plain, JSON-ready records (``gtt show``, ``gtt history``).

Field names here are a public contract for scripts: ``id, kind, version, created_on,
modified_on, state`` for an aggregate; ``version, type, actor, recorded_at,
effective_at, reason, correlation_id, fields`` for an event. Event fields sit under
``fields`` so an event field called ``reason`` never hides the metadata's reason.
"""

from __future__ import annotations

from typing import Any

from gtt_cli.output import jsonable

from gtt_domain.domain.base import GttAggregate
from gtt_domain.domain.internship_state import DayBook

#: library bookkeeping on every stored event, reported separately or not at all
EVENT_BOOKKEEPING = {"originator_id", "originator_version", "timestamp", "originator_topic", "meta"}

EVENT_COLUMNS = (
    "version", "type", "actor", "os_user", "recorded_at", "effective_at", "reason", "correlation_id", "fields",
)


def aggregate_record(agg: GttAggregate) -> dict[str, Any]:
    """Current state: the aggregate's public attributes under ``state`` (an internship's
    compact day books, what its rules check, are left out: ``gtt show`` folds the whole
    history, so the same days are under ``attendance`` and ``absences`` with every detail)."""
    state = {k: v for k, v in vars(agg).items() if not k.startswith("_") and not isinstance(v, DayBook)}
    return {
        "id": str(agg.id),
        "kind": getattr(agg, "KIND", type(agg).__name__.lower()),
        "version": agg.version,
        "created_on": jsonable(agg.created_on),
        "modified_on": jsonable(agg.modified_on),
        "state": jsonable(state),
    }


def event_record(event: Any) -> dict[str, Any]:
    """One stored event with its metadata; values as stored (render converts them)."""
    meta = getattr(event, "meta", None)
    return {
        "version": event.originator_version,
        "type": type(event).__name__,
        "actor": getattr(meta, "actor", None),
        "os_user": getattr(meta, "os_user", None),
        "recorded_at": getattr(meta, "recorded_at", event.timestamp),
        "effective_at": getattr(meta, "effective_at", None),
        "reason": getattr(meta, "reason", None),
        "correlation_id": getattr(meta, "correlation_id", None),
        "fields": {k: v for k, v in vars(event).items() if k not in EVENT_BOOKKEEPING},
    }
