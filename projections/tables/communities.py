"""Communities with their members, roles, activities and participants.

Declared apart from the projection that fills them (``gtt_projections.models.communities``),
so a query imports SQLAlchemy Core and these tables, not the domain's event classes.
"""

from __future__ import annotations

from gtt_projections.schema import UtcDateTime, metadata
from sqlalchemy import Column, Date, Index, Integer, Numeric, String, Table

NAME = "communities"
#: the definition version of these tables and of the handlers that fill them: a
#: change to either bumps it, and the projection is rebuilt
VERSION = 1

communities = Table(
    "communities",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("kind", String(30), nullable=False),
    Column("name", String(200), nullable=False),
    Column("region", String(100), nullable=False),
    Column("core_institution_id", String(36), nullable=False),
    Column("status", String(10), nullable=False),
    Column("established_on", Date, nullable=False),
    Column("dissolved_on", Date),
    Column("external_id", String(100)),
    Column("member_count", Integer, nullable=False),
    Column("activity_count", Integer, nullable=False),
    Column("charter_count", Integer, nullable=False),
    Column("funding_total", Numeric(16, 2), nullable=False),
    Column("team_subject", String(100)),
    Column("team_grade", String(40)),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_communities_kind_region", "kind", "region"),
)

community_members = Table(
    "community_members",
    metadata,
    Column("community_id", String(36), primary_key=True),
    Column("institution_id", String(36), primary_key=True),
    Column("role", String(10), nullable=False),
    Column("joined_on", Date, nullable=False),
    Column("left_on", Date),
    Column("plaque_on", Date),
    Column("spells", Integer, nullable=False),
    Index("ix_community_members_institution", "institution_id"),
)

community_roles = Table(
    "community_roles",
    metadata,
    Column("community_id", String(36), primary_key=True),
    Column("person_id", String(36), primary_key=True),
    Column("role", String(50), primary_key=True),
    Column("since", Date, nullable=False),
    Column("until", Date),
)

community_activities = Table(
    "community_activities",
    metadata,
    Column("community_id", String(36), primary_key=True),
    Column("activity_id", String(100), primary_key=True),
    Column("kind", String(30), nullable=False),
    Column("held_on", Date, nullable=False),
    Column("grade", String(40)),
    Column("participant_count", Integer, nullable=False),
    Column("approved_by", String(36)),
    Index("ix_community_activities_held_on", "held_on"),
)

community_activity_participants = Table(
    "community_activity_participants",
    metadata,
    Column("community_id", String(36), primary_key=True),
    Column("activity_id", String(100), primary_key=True),
    Column("person_id", String(36), primary_key=True),
)

TABLES = (communities, community_members, community_roles, community_activities,
              community_activity_participants)
