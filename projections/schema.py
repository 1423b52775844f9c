"""Tables every projection shares: stored versions and parked (dead-letter) events.

Read tables of concrete projections are declared on :data:`metadata` too (one MetaData
for the whole read side), in the modules of ``gtt_projections.models``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import BigInteger, Column, DateTime, Integer, MetaData, String, Table, Text
from sqlalchemy.types import TypeDecorator

metadata = MetaData()

#: BIGINT on PostgreSQL, INTEGER on SQLite (so SQLite keeps rowid semantics)
Position = BigInteger().with_variant(Integer(), "sqlite")


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


#: one row per projection: the definition version its tables were built with
projection_versions = Table(
    "projection_versions",
    metadata,
    Column("projection", String(63), primary_key=True),
    Column("version", Integer, nullable=False),
)

#: events a projection could not process; parked so the projection can continue
projection_dead_letters = Table(
    "projection_dead_letters",
    metadata,
    Column("projection", String(63), primary_key=True),
    Column("position", Position, primary_key=True),
    Column("event_id", String(80), nullable=False),
    Column("aggregate_id", String(36), nullable=False),
    Column("topic", Text, nullable=False),
    Column("error", Text, nullable=False),
)

FRAMEWORK_TABLES = (projection_versions, projection_dead_letters)
