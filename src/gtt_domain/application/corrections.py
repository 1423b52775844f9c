"""What corrections share: a correction takes effect when the fact it corrects did, so an
audit as of any date sees the corrected fact wherever it saw the original, and only from
the moment the correction was recorded (issue 19)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from uuid import UUID

from gtt_domain.domain.meta import EventMeta


def effective_as_original(app: Any, aggregate_id: UUID, version: int, meta: EventMeta) -> EventMeta:
    """``meta`` taking effect when event ``version`` of the aggregate did (unless the
    caller set an effective time)."""
    if meta.effective_at is not None or version <= 0:
        return meta
    found = list(app.events.get(aggregate_id, gt=version - 1, lte=version))
    original = getattr(found[0], "meta", None) if found else None
    if original is None:
        return meta
    return replace(meta, effective_at=original.effective)


def effective_as_last(app: Any, aggregate_id: UUID, event_type: str, meta: EventMeta, **match: Any) -> EventMeta:
    """``meta`` taking effect when the last event of ``event_type`` whose fields equal
    ``match`` did (a fact named by a natural key: an activity id, a month and grade…)."""
    if meta.effective_at is not None:
        return meta
    last = None
    for e in app.events.get(aggregate_id):
        if type(e).__name__ == event_type and all(getattr(e, k, None) == v for k, v in match.items()):
            last = e
    if last is None:
        return meta
    return replace(meta, effective_at=last.meta.effective)
