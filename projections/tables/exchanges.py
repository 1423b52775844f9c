"""Staff exchanges with their days and reviews.

Declared apart from the projection that fills them (``gtt_projections.models.exchanges``),
so a query imports SQLAlchemy Core and these tables, not the domain's event classes.
"""

from __future__ import annotations

from gtt_projections.schema import UtcDateTime, metadata
from sqlalchemy import Column, Date, Index, Integer, String, Table

NAME = "exchanges"
#: the definition version of these tables and of the handlers that fill them: a
#: change to either bumps it, and the projection is rebuilt
VERSION = 1

exchanges = Table(
    "exchanges",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("person_id", String(36), nullable=False),
    Column("sending_id", String(36), nullable=False),
    Column("host_id", String(36), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("mode", String(10), nullable=False),
    Column("status", String(10), nullable=False),
    Column("community_id", String(36)),
    Column("agreement_id", String(36)),
    Column("planned_start", Date, nullable=False),
    Column("planned_end", Date, nullable=False),
    Column("external_id", String(100)),
    Column("target_count", Integer, nullable=False),
    Column("filed_on", Date),
    Column("approved_on", Date),
    Column("approved_by", String(200)),
    Column("started_on", Date),
    Column("completed_on", Date),
    Column("cancelled_on", Date),
    Column("days_on_site", Integer, nullable=False),
    Column("review_count", Integer, nullable=False),
    Column("assessment_result", String(10)),
    Column("assessed_on", Date),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_exchanges_person", "person_id"),
    Index("ix_exchanges_host", "host_id"),
)

exchange_days = Table(
    "exchange_days",
    metadata,
    Column("exchange_id", String(36), primary_key=True),
    Column("from_day", Date, primary_key=True),
    Column("to_day", Date, nullable=False),
    Column("days", Integer, nullable=False),
)

exchange_reviews = Table(
    "exchange_reviews",
    metadata,
    Column("exchange_id", String(36), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("reviewed_on", Date, nullable=False),
    Column("summary", String(2000), nullable=False),
    Column("rating", String(40)),
)

TABLES = (exchanges, exchange_days, exchange_reviews)
