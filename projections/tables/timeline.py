"""The timeline: one row per event.

Declared apart from the projection that fills them (``gtt_projections.models.timeline``),
so a query imports SQLAlchemy Core and these tables, not the domain's event classes.
"""

from __future__ import annotations

from gtt_projections.schema import Position, UtcDateTime, metadata
from sqlalchemy import Column, Index, Integer, String, Table, Text

NAME = "timeline"
#: the definition version of these tables and of the handlers that fill them: a
#: change to either bumps it, and the projection is rebuilt
VERSION = 1

event_timeline = Table(
    "event_timeline",
    metadata,
    Column("position", Position, primary_key=True, autoincrement=False),
    Column("event_id", String(80), nullable=False),
    Column("aggregate_id", String(36), nullable=False),
    Column("aggregate_kind", String(40), nullable=False),
    Column("aggregate_version", Integer, nullable=False),
    Column("event_type", String(80), nullable=False),
    Column("actor", String(200)),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("effective_at", UtcDateTime, nullable=False),
    Column("reason", Text),
    Column("correlation_id", String(100)),
    Column("summary", String(200), nullable=False),
    Index("ix_event_timeline_aggregate", "aggregate_id", "position"),
    Index("ix_event_timeline_effective", "effective_at"),
)

TABLES = (event_timeline,)
