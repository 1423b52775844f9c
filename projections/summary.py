"""One-line summaries of events for the timeline, and which aggregate kind an event is of.

The default summary lists an event's own fields (not its metadata or ids). Events of
kinds in :data:`PRIVATE_KINDS` (personal data lives only in Person events) get their
type name only, unless a module registers a summariser with :func:`summariser` that
chooses the fields that are safe to show.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

SUMMARY_LENGTH = 200
PRIVATE_KINDS = frozenset({"person"})
_SKIP = {"originator_id", "originator_version", "originator_topic", "timestamp", "meta"}
_SUMMARISERS: dict[type[Any], Callable[[Any], str]] = {}


def summariser(event_class: type[Any]) -> Callable[[Callable[[Any], str]], Callable[[Any], str]]:
    """Decorator: ``fn(event) -> str`` summarises events of ``event_class`` (and subclasses)."""

    def deco(fn: Callable[[Any], str]) -> Callable[[Any], str]:
        _SUMMARISERS[event_class] = fn
        return fn

    return deco


def aggregate_kind(event_class: type[Any]) -> str:
    """The ``KIND`` of the aggregate class an event class is nested in (or "unknown")."""
    owner_name = event_class.__qualname__.rsplit(".", 1)[0]
    owner: Any = sys.modules.get(event_class.__module__)
    for part in owner_name.split("."):
        owner = getattr(owner, part, None)
    kind = getattr(owner, "KIND", None)
    return kind if isinstance(kind, str) else "unknown"


def _show(value: Any) -> str:
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID | Decimal):
        return str(value)
    if isinstance(value, str):
        return repr(value) if " " in value or value == "" else value
    return repr(value)


def summarise(event: Any, kind: str) -> str:
    for cls in type(event).__mro__:
        fn = _SUMMARISERS.get(cls)
        if fn is not None:
            return fn(event)[:SUMMARY_LENGTH]
    name = type(event).__name__
    if kind in PRIVATE_KINDS:
        return name
    fields = [f"{k}={_show(v)}" for k, v in vars(event).items() if k not in _SKIP and v is not None]
    return (f"{name}: {', '.join(fields)}" if fields else name)[:SUMMARY_LENGTH]
