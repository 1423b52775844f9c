"""The event timeline: who recorded what, when, and when it took effect."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from gtt_projections.queries.base import ReadRow, fetch, fresh
from gtt_projections.tables.timeline import event_timeline
from sqlalchemy import select

if TYPE_CHECKING:
    from gtt_projections.readmodel import ReadModel


class TimelineEntry(ReadRow):
    position: int
    event_id: str
    aggregate_id: UUID
    aggregate_kind: str
    aggregate_version: int
    event_type: str
    actor: str | None
    recorded_at: datetime
    effective_at: datetime
    reason: str | None
    correlation_id: str | None
    summary: str


def timeline(
    rm: ReadModel, *, aggregate_id: UUID | str | None = None, kind: str | None = None,
    event_type: str | None = None, actor: str | None = None,
    since: datetime | None = None, until: datetime | None = None,
    after_position: int | None = None, limit: int | None = None, catch_up: bool = True,
) -> list[TimelineEntry]:
    """Events in log order; ``since``/``until`` bound ``effective_at`` (until is exclusive)."""
    fresh(rm, ["timeline"], catch_up)
    t = event_timeline
    stmt = select(t).order_by(t.c.position)
    if aggregate_id is not None:
        stmt = stmt.where(t.c.aggregate_id == str(aggregate_id))
    if kind:
        stmt = stmt.where(t.c.aggregate_kind == kind)
    if event_type:
        stmt = stmt.where(t.c.event_type == event_type)
    if actor:
        stmt = stmt.where(t.c.actor == actor)
    if since is not None:
        stmt = stmt.where(t.c.effective_at >= since)
    if until is not None:
        stmt = stmt.where(t.c.effective_at < until)
    if after_position is not None:
        stmt = stmt.where(t.c.position > after_position)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [TimelineEntry(**r) for r in fetch(rm, stmt)]
