"""Agreements with parties, majors, obligations, fulfilments and status history."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

from gtt_projections.queries.base import ReadRow, fetch, fresh
from gtt_projections.tables.agreements import (
    agreement_fulfilments,
    agreement_majors,
    agreement_obligations,
    agreement_parties,
    agreement_status_history,
    agreements,
)
from sqlalchemy import exists, or_, select

from gtt_domain.domain.errors import NotFoundError

if TYPE_CHECKING:
    from gtt_projections.readmodel import ReadModel

NAMES = ["agreements"]


class AgreementSummary(ReadRow):
    id: UUID
    kind: str
    title: str
    status: str
    drafted_on: date
    term_start: date
    term_end: date | None
    activated_on: date | None
    ended_on: date | None
    end_reason: str | None
    terms_version: int
    community_id: UUID | None
    external_id: str | None
    party_count: int
    signature_count: int
    obligation_count: int
    fulfilment_count: int
    plaque_count: int
    updated_at: datetime
    version: int


class AgreementParty(ReadRow):
    party_id: UUID
    party_kind: str
    role: str
    signed_on: date | None


class Obligation(ReadRow):
    obligation_id: str
    description: str
    obligor: UUID
    quantity: Decimal | None
    unit: str | None
    cadence: str
    lead_days: int | None
    amount: Decimal | None
    since_version: int
    dropped_in_version: int | None
    fulfilment_count: int
    fulfilled_quantity: Decimal
    fulfilled_amount: Decimal


class Fulfilment(ReadRow):
    seq: int
    obligation_id: str
    fulfilled_on: date
    quantity: Decimal | None
    amount: Decimal | None
    note: str | None
    evidence_ref: str | None


class StatusChange(ReadRow):
    seq: int
    status: str
    from_date: date
    reason: str | None


class AgreementDetail(AgreementSummary):
    majors: list[str]
    parties: list[AgreementParty]
    obligations: list[Obligation]
    fulfilments: list[Fulfilment]
    status_history: list[StatusChange]


def list_agreements(
    rm: ReadModel, *, kind: str | None = None, status: str | None = None,
    institution_id: UUID | str | None = None, person_id: UUID | str | None = None,
    community_id: UUID | str | None = None, major: str | None = None,
    term_from: date | None = None, term_to: date | None = None, catch_up: bool = True,
) -> list[AgreementSummary]:
    """Agreements by term start. ``institution_id``/``person_id``: a party;
    ``term_from``/``term_to``: the term overlaps that period (open ends count as open)."""
    fresh(rm, NAMES, catch_up)
    t, p, m = agreements, agreement_parties, agreement_majors
    stmt = select(t).order_by(t.c.term_start, t.c.title, t.c.id)
    if kind:
        stmt = stmt.where(t.c.kind == kind)
    if status:
        stmt = stmt.where(t.c.status == status)
    for party, party_kind in ((institution_id, "institution"), (person_id, "person")):
        if party is not None:
            stmt = stmt.where(exists().where(p.c.agreement_id == t.c.id, p.c.party_kind == party_kind,
                                             p.c.party_id == str(party)))
    if community_id is not None:
        stmt = stmt.where(t.c.community_id == str(community_id))
    if major:
        stmt = stmt.where(exists().where(m.c.agreement_id == t.c.id, m.c.major_code == major))
    if term_from is not None:
        stmt = stmt.where(or_(t.c.term_end.is_(None), t.c.term_end >= term_from))
    if term_to is not None:
        stmt = stmt.where(t.c.term_start <= term_to)
    return [AgreementSummary(**r) for r in fetch(rm, stmt)]


def get_agreement(rm: ReadModel, agreement_id: UUID | str, *, catch_up: bool = True) -> AgreementDetail:
    """One agreement with everything under it; NotFoundError if absent."""
    fresh(rm, NAMES, catch_up)
    aid = str(agreement_id)
    found = fetch(rm, select(agreements).where(agreements.c.id == aid))
    if not found:
        raise NotFoundError("agreement", aid)
    m, p, o = agreement_majors, agreement_parties, agreement_obligations
    f, h = agreement_fulfilments, agreement_status_history
    return AgreementDetail(
        **found[0],
        majors=[r["major_code"] for r in fetch(rm, select(m).where(m.c.agreement_id == aid)
                                                .order_by(m.c.major_code))],
        parties=[AgreementParty(**r) for r in fetch(
            rm, select(p).where(p.c.agreement_id == aid).order_by(p.c.role, p.c.party_id))],
        obligations=[Obligation(**r) for r in fetch(
            rm, select(o).where(o.c.agreement_id == aid).order_by(o.c.obligation_id))],
        fulfilments=[Fulfilment(**r) for r in fetch(
            rm, select(f).where(f.c.agreement_id == aid).order_by(f.c.seq))],
        status_history=[StatusChange(**r) for r in fetch(
            rm, select(h).where(h.c.agreement_id == aid).order_by(h.c.seq))],
    )
