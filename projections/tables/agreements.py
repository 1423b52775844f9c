"""Agreements with their parties, majors, obligations, fulfilments and status history.

Declared apart from the projection that fills them (``gtt_projections.models.agreements``),
so a query imports SQLAlchemy Core and these tables, not the domain's event classes.
"""

from __future__ import annotations

from gtt_projections.schema import UtcDateTime, metadata
from sqlalchemy import Column, Date, Index, Integer, Numeric, String, Table

NAME = "agreements"
#: the definition version of these tables and of the handlers that fill them: a
#: change to either bumps it, and the projection is rebuilt
VERSION = 1

agreements = Table(
    "agreements",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("kind", String(30), nullable=False),
    Column("title", String(200), nullable=False),
    Column("status", String(12), nullable=False),
    Column("drafted_on", Date, nullable=False),
    Column("term_start", Date, nullable=False),
    Column("term_end", Date),
    Column("activated_on", Date),
    Column("ended_on", Date),
    Column("end_reason", String(500)),
    Column("terms_version", Integer, nullable=False),
    Column("community_id", String(36)),
    Column("external_id", String(100)),
    Column("party_count", Integer, nullable=False),
    Column("signature_count", Integer, nullable=False),
    Column("obligation_count", Integer, nullable=False),
    Column("fulfilment_count", Integer, nullable=False),
    Column("plaque_count", Integer, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_agreements_kind_status", "kind", "status"),
)

agreement_parties = Table(
    "agreement_parties",
    metadata,
    Column("agreement_id", String(36), primary_key=True),
    Column("party_id", String(36), primary_key=True),
    Column("party_kind", String(12), nullable=False),
    Column("role", String(12), nullable=False),
    Column("signed_on", Date),
    Index("ix_agreement_parties_party", "party_id"),
)

agreement_majors = Table(
    "agreement_majors",
    metadata,
    Column("agreement_id", String(36), primary_key=True),
    Column("major_code", String(50), primary_key=True),
)

agreement_obligations = Table(
    "agreement_obligations",
    metadata,
    Column("agreement_id", String(36), primary_key=True),
    Column("obligation_id", String(100), primary_key=True),
    Column("description", String(2000), nullable=False),
    Column("obligor", String(36), nullable=False),
    Column("quantity", Numeric(18, 4)),
    Column("unit", String(40)),
    Column("cadence", String(30), nullable=False),
    Column("lead_days", Integer),
    Column("amount", Numeric(16, 2)),
    Column("since_version", Integer, nullable=False),
    Column("dropped_in_version", Integer),
    Column("fulfilment_count", Integer, nullable=False),
    Column("fulfilled_quantity", Numeric(18, 4), nullable=False),
    Column("fulfilled_amount", Numeric(16, 2), nullable=False),
)

agreement_fulfilments = Table(
    "agreement_fulfilments",
    metadata,
    Column("agreement_id", String(36), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("obligation_id", String(100), nullable=False),
    Column("fulfilled_on", Date, nullable=False),
    Column("quantity", Numeric(18, 4)),
    Column("amount", Numeric(16, 2)),
    Column("note", String(500)),
    Column("evidence_ref", String(200)),
)

agreement_status_history = Table(
    "agreement_status_history",
    metadata,
    Column("agreement_id", String(36), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("status", String(12), nullable=False),
    Column("from_date", Date, nullable=False),
    Column("reason", String(500)),
)

TABLES = (agreements, agreement_parties, agreement_majors, agreement_obligations,
              agreement_fulfilments, agreement_status_history)
