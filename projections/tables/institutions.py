"""Institutions with their departments, majors and teaching-quality scores.

Declared apart from the projection that fills them (``gtt_projections.models.institutions``),
so a query imports SQLAlchemy Core and these tables, not the domain's event classes.
"""

from __future__ import annotations

from gtt_projections.schema import UtcDateTime, metadata
from sqlalchemy import Column, Date, Index, Integer, Numeric, String, Table

NAME = "institutions"
#: the definition version of these tables and of the handlers that fill them: a
#: change to either bumps it, and the projection is rebuilt
VERSION = 1

institutions = Table(
    "institutions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("name", String(200), nullable=False),
    Column("region", String(100), nullable=False),
    Column("locality", String(20)),
    Column("school_stage", String(30)),
    Column("external_id", String(100)),
    Column("on_post_staff", Integer),
    Column("headcount_as_of", Date),
    Column("department_count", Integer, nullable=False),
    Column("open_major_count", Integer, nullable=False),
    Column("registered_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_institutions_kind_region", "kind", "region"),
)

departments = Table(
    "departments",
    metadata,
    Column("institution_id", String(36), primary_key=True),
    Column("name", String(200), primary_key=True),
    Column("teacher_count", Integer, nullable=False),
    Column("teachers_as_of", Date),
    Column("liaison_person_id", String(36)),
)

majors = Table(
    "majors",
    metadata,
    Column("institution_id", String(36), primary_key=True),
    Column("code", String(50), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("department", String(200)),
    Column("teacher_count", Integer, nullable=False),
    Column("status", String(10), nullable=False),
    Column("opened_at", UtcDateTime, nullable=False),
    Column("closed_at", UtcDateTime),
)

institution_quality = Table(
    "institution_quality",
    metadata,
    Column("institution_id", String(36), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("score", Numeric(8, 2), nullable=False),
    Column("assessor", String(200), nullable=False),
)

TABLES = (institutions, departments, majors, institution_quality)
