"""Persons (personal fields sealed) and their roles.

Declared apart from the projection that fills them (``gtt_projections.models.persons``),
so a query imports SQLAlchemy Core and these tables, not the domain's event classes.
"""

from __future__ import annotations

from gtt_projections.schema import UtcDateTime, metadata
from sqlalchemy import Boolean, Column, Date, Index, Integer, String, Table

NAME = "persons"
#: the definition version of these tables and of the handlers that fill them: a
#: change to either bumps it, and the projection is rebuilt
VERSION = 1

persons = Table(
    "persons",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("home_institution_id", String(36)),
    Column("external_id", String(100)),
    Column("major_institution_id", String(36)),
    Column("major_code", String(50)),
    Column("department", String(200)),
    Column("admitted_on", Date),
    Column("semester_at_admission", Integer),
    Column("semester", Integer),
    Column("semester_as_of", Date),
    Column("erased", Boolean, nullable=False),
    Column("registered_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_persons_home", "home_institution_id"),
)

person_roles = Table(
    "person_roles",
    metadata,
    Column("person_id", String(36), primary_key=True),
    Column("role", String(50), primary_key=True),
    Column("since", Date, nullable=False),
    Column("until", Date),
)

TABLES = (persons, person_roles)
