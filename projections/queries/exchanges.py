"""Exchanges (rotation, support teaching, enterprise practice, …) with days and reviews."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING
from uuid import UUID

from gtt_projections.queries.base import ReadRow, fetch, fresh
from gtt_projections.tables.exchanges import exchange_days, exchange_reviews, exchanges
from sqlalchemy import or_, select

from gtt_domain.domain.errors import NotFoundError

if TYPE_CHECKING:
    from gtt_projections.readmodel import ReadModel

NAMES = ["exchanges"]


class ExchangeSummary(ReadRow):
    id: UUID
    person_id: UUID
    sending_id: UUID
    host_id: UUID
    kind: str
    mode: str
    status: str
    community_id: UUID | None
    agreement_id: UUID | None
    planned_start: date
    planned_end: date
    external_id: str | None
    target_count: int
    filed_on: date | None
    approved_on: date | None
    approved_by: str | None
    started_on: date | None
    completed_on: date | None
    cancelled_on: date | None
    days_on_site: int
    review_count: int
    assessment_result: str | None
    assessed_on: date | None
    updated_at: datetime
    version: int


class DaysOnSite(ReadRow):
    from_day: date
    to_day: date
    days: int


class Review(ReadRow):
    seq: int
    reviewed_on: date
    summary: str
    rating: str | None


class ExchangeDetail(ExchangeSummary):
    days: list[DaysOnSite]
    reviews: list[Review]


def list_exchanges(
    rm: ReadModel, *, kind: str | None = None, status: str | None = None,
    institution_id: UUID | str | None = None, host_id: UUID | str | None = None,
    person_id: UUID | str | None = None, community_id: UUID | str | None = None,
    agreement_id: UUID | str | None = None, planned_from: date | None = None,
    planned_to: date | None = None, catch_up: bool = True,
) -> list[ExchangeSummary]:
    """Exchanges by planned start. ``institution_id``: sending or host; ``host_id``: host
    only; ``planned_from``/``planned_to``: the planned cycle overlaps that period."""
    fresh(rm, NAMES, catch_up)
    t = exchanges
    stmt = select(t).order_by(t.c.planned_start, t.c.id)
    if kind:
        stmt = stmt.where(t.c.kind == kind)
    if status:
        stmt = stmt.where(t.c.status == status)
    if institution_id is not None:
        iid = str(institution_id)
        stmt = stmt.where(or_(t.c.sending_id == iid, t.c.host_id == iid))
    for column, value in ((t.c.host_id, host_id), (t.c.person_id, person_id),
                          (t.c.community_id, community_id), (t.c.agreement_id, agreement_id)):
        if value is not None:
            stmt = stmt.where(column == str(value))
    if planned_from is not None:
        stmt = stmt.where(t.c.planned_end >= planned_from)
    if planned_to is not None:
        stmt = stmt.where(t.c.planned_start <= planned_to)
    return [ExchangeSummary(**r) for r in fetch(rm, stmt)]


def get_exchange(rm: ReadModel, exchange_id: UUID | str, *, catch_up: bool = True) -> ExchangeDetail:
    """One exchange with its days on site and reviews; NotFoundError if absent."""
    fresh(rm, NAMES, catch_up)
    xid = str(exchange_id)
    found = fetch(rm, select(exchanges).where(exchanges.c.id == xid))
    if not found:
        raise NotFoundError("exchange", xid)
    d, r = exchange_days, exchange_reviews
    return ExchangeDetail(
        **found[0],
        days=[DaysOnSite(**x) for x in fetch(rm, select(d.c.from_day, d.c.to_day, d.c.days)
                                             .where(d.c.exchange_id == xid).order_by(d.c.from_day))],
        reviews=[Review(**x) for x in fetch(rm, select(r.c.seq, r.c.reviewed_on, r.c.summary, r.c.rating)
                                            .where(r.c.exchange_id == xid).order_by(r.c.seq))],
    )
