"""Communities, their members, people's roles and activities."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

from gtt_projections.queries.base import ReadRow, fetch, fresh
from gtt_projections.tables.communities import (
    communities,
    community_activities,
    community_activity_participants,
    community_members,
    community_roles,
)
from sqlalchemy import exists, select

from gtt_domain.domain.errors import NotFoundError

if TYPE_CHECKING:
    from gtt_projections.readmodel import ReadModel

NAMES = ["communities"]


class CommunitySummary(ReadRow):
    id: UUID
    kind: str
    name: str
    region: str
    core_institution_id: UUID
    status: str
    established_on: date
    dissolved_on: date | None
    external_id: str | None
    member_count: int
    activity_count: int
    charter_count: int
    funding_total: Decimal
    team_subject: str | None
    team_grade: str | None
    updated_at: datetime
    version: int


class Membership(ReadRow):
    community_id: UUID
    institution_id: UUID
    role: str
    joined_on: date
    left_on: date | None
    plaque_on: date | None
    spells: int


class CommunityRole(ReadRow):
    person_id: UUID
    role: str
    since: date
    until: date | None


class Activity(ReadRow):
    community_id: UUID
    activity_id: str
    kind: str
    held_on: date
    grade: str | None
    participant_count: int
    approved_by: UUID | None


class CommunityDetail(CommunitySummary):
    members: list[Membership]
    roles: list[CommunityRole]
    activities: list[Activity]


def list_communities(
    rm: ReadModel, *, kind: str | None = None, region: str | None = None,
    status: str | None = None, institution_id: UUID | str | None = None,
    established_from: date | None = None, established_to: date | None = None,
    catch_up: bool = True,
) -> list[CommunitySummary]:
    """Communities by name; ``institution_id`` is a current member (head included);
    ``established_from``/``established_to`` bound ``established_on`` (both inclusive)."""
    fresh(rm, NAMES, catch_up)
    t, m = communities, community_members
    stmt = select(t).order_by(t.c.name, t.c.id)
    if kind:
        stmt = stmt.where(t.c.kind == kind)
    if region:
        stmt = stmt.where(t.c.region == region)
    if status:
        stmt = stmt.where(t.c.status == status)
    if institution_id is not None:
        stmt = stmt.where(exists().where(m.c.community_id == t.c.id, m.c.left_on.is_(None),
                                         m.c.institution_id == str(institution_id)))
    if established_from is not None:
        stmt = stmt.where(t.c.established_on >= established_from)
    if established_to is not None:
        stmt = stmt.where(t.c.established_on <= established_to)
    return [CommunitySummary(**r) for r in fetch(rm, stmt)]


def get_community(rm: ReadModel, community_id: UUID | str, *, catch_up: bool = True) -> CommunityDetail:
    """One community with members, roles and activities; NotFoundError if absent."""
    fresh(rm, NAMES, catch_up)
    cid = str(community_id)
    found = fetch(rm, select(communities).where(communities.c.id == cid))
    if not found:
        raise NotFoundError("community", cid)
    m, r = community_members, community_roles
    members = fetch(rm, select(m).where(m.c.community_id == cid).order_by(m.c.joined_on, m.c.institution_id))
    roles = fetch(rm, select(r.c.person_id, r.c.role, r.c.since, r.c.until)
                  .where(r.c.community_id == cid).order_by(r.c.since, r.c.role, r.c.person_id))
    return CommunityDetail(
        **found[0], members=[Membership(**x) for x in members],
        roles=[CommunityRole(**x) for x in roles],
        activities=list_activities(rm, community_id=cid, catch_up=False),
    )


def list_members(
    rm: ReadModel, *, community_id: UUID | str | None = None,
    institution_id: UUID | str | None = None, current: bool = False, catch_up: bool = True,
) -> list[Membership]:
    """Memberships (latest spell per member); ``current`` keeps those not left."""
    fresh(rm, NAMES, catch_up)
    m = community_members
    stmt = select(m).order_by(m.c.community_id, m.c.joined_on, m.c.institution_id)
    if community_id is not None:
        stmt = stmt.where(m.c.community_id == str(community_id))
    if institution_id is not None:
        stmt = stmt.where(m.c.institution_id == str(institution_id))
    if current:
        stmt = stmt.where(m.c.left_on.is_(None))
    return [Membership(**r) for r in fetch(rm, stmt)]


def list_activities(
    rm: ReadModel, *, community_id: UUID | str | None = None, kind: str | None = None,
    person_id: UUID | str | None = None, held_from: date | None = None,
    held_to: date | None = None, catch_up: bool = True,
) -> list[Activity]:
    """Activities by date; ``person_id`` a participant; ``held_from``/``held_to`` inclusive."""
    fresh(rm, NAMES, catch_up)
    a, p = community_activities, community_activity_participants
    stmt = select(a).order_by(a.c.held_on, a.c.community_id, a.c.activity_id)
    if community_id is not None:
        stmt = stmt.where(a.c.community_id == str(community_id))
    if kind:
        stmt = stmt.where(a.c.kind == kind)
    if person_id is not None:
        stmt = stmt.where(exists().where(p.c.community_id == a.c.community_id,
                                         p.c.activity_id == a.c.activity_id,
                                         p.c.person_id == str(person_id)))
    if held_from is not None:
        stmt = stmt.where(a.c.held_on >= held_from)
    if held_to is not None:
        stmt = stmt.where(a.c.held_on <= held_to)
    return [Activity(**r) for r in fetch(rm, stmt)]
