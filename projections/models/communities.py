"""Communities with their member institutions, people's roles, team and activities.

Memberships and roles are spells; a row holds the latest spell of a member (or of a
person's role), with ``left_on``/``until`` set once it ended. Earlier spells of a member
that left and rejoined are in the timeline (``spells`` counts them). Activity records
(free text) stay in the events; the tables keep kind, date, grade and participants.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from gtt_projections.projection import GttProjection
from gtt_projections.schema import UtcDateTime, metadata
from gtt_projections.writer import Inc, RowWriter
from sqlalchemy import Column, Date, Index, Integer, Numeric, String, Table

from gtt_domain.domain.community import Community as C

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

#: the person-role table also holds learning-team membership under this role name
TEAM_ROLE = "team_member"


def _touch(rows: RowWriter, e: Any, **values: Any) -> None:
    rows.update(communities, {"id": str(e.originator_id)},
                updated_at=e.meta.recorded_at, version=e.originator_version, **values)


def _member_key(e: Any, institution_id: str) -> dict[str, str]:
    return {"community_id": str(e.originator_id), "institution_id": institution_id}


class Communities(GttProjection):
    name = "communities"
    defer_indexes = True  # handlers read rows by primary key only
    version = 1
    tables = (communities, community_members, community_roles, community_activities,
              community_activity_participants)

    @singledispatchmethod
    def apply(self, event: Any, rows: RowWriter) -> None:
        """Events of other aggregates."""

    @apply.register
    def _(self, e: C.Established, rows: RowWriter) -> None:
        cid = str(e.originator_id)
        rows.insert(communities, {
            "id": cid, "kind": e.kind, "name": e.name, "region": e.region,
            "core_institution_id": e.core_institution_id, "status": "active",
            "established_on": e.established_on, "dissolved_on": None, "external_id": e.external_id,
            "member_count": 1, "activity_count": 0, "charter_count": 0,
            "funding_total": Decimal(0), "team_subject": None, "team_grade": None,
            "updated_at": e.meta.recorded_at, "version": e.originator_version,
        })
        rows.insert(community_members, {
            **_member_key(e, e.core_institution_id), "role": "head",
            "joined_on": e.established_on, "left_on": None, "plaque_on": None, "spells": 1,
        })

    @apply.register
    def _(self, e: C.MemberJoined, rows: RowWriter) -> None:
        _touch(rows, e, member_count=Inc(1))
        key = _member_key(e, e.institution_id)
        before = rows.get(community_members, key)
        rows.put(community_members, {
            **key, "role": e.role, "joined_on": e.on, "left_on": None, "plaque_on": e.plaque_on,
            "spells": (before["spells"] if before else 0) + 1,
        })

    @apply.register
    def _(self, e: C.MemberLeft, rows: RowWriter) -> None:
        _touch(rows, e, member_count=Inc(-1))
        rows.update(community_members, _member_key(e, e.institution_id), left_on=e.on)

    @apply.register
    def _(self, e: C.PlaqueHung, rows: RowWriter) -> None:
        _touch(rows, e)
        rows.update(community_members, _member_key(e, e.institution_id), plaque_on=e.on)

    @apply.register
    def _(self, e: C.RoleAssigned, rows: RowWriter) -> None:
        _touch(rows, e)
        rows.put(community_roles, {"community_id": str(e.originator_id), "person_id": e.person_id,
                                   "role": e.role, "since": e.since, "until": None})

    @apply.register
    def _(self, e: C.RoleEnded, rows: RowWriter) -> None:
        _touch(rows, e)
        rows.update(community_roles, {"community_id": str(e.originator_id),
                                      "person_id": e.person_id, "role": e.role}, until=e.on)

    @apply.register
    def _(self, e: C.TeamDefined, rows: RowWriter) -> None:
        _touch(rows, e, team_subject=e.subject, team_grade=e.grade)

    @apply.register
    def _(self, e: C.TeamMemberAdded, rows: RowWriter) -> None:
        _touch(rows, e)
        rows.put(community_roles, {"community_id": str(e.originator_id), "person_id": e.person_id,
                                   "role": TEAM_ROLE, "since": e.on, "until": None})

    @apply.register
    def _(self, e: C.TeamMemberRemoved, rows: RowWriter) -> None:
        _touch(rows, e)
        rows.update(community_roles, {"community_id": str(e.originator_id),
                                      "person_id": e.person_id, "role": TEAM_ROLE}, until=e.on)

    @apply.register
    def _(self, e: C.CharterAdopted, rows: RowWriter) -> None:
        _touch(rows, e, charter_count=Inc(1))

    @apply.register
    def _(self, e: C.ActivityHeld, rows: RowWriter) -> None:
        cid = str(e.originator_id)
        _touch(rows, e, activity_count=Inc(1))
        rows.insert(community_activities, {
            "community_id": cid, "activity_id": e.activity_id, "kind": e.kind,
            "held_on": e.held_on, "grade": e.grade, "participant_count": len(e.participants),
            "approved_by": e.approved_by,
        })
        for pid in e.participants:
            rows.insert(community_activity_participants,
                        {"community_id": cid, "activity_id": e.activity_id, "person_id": pid})

    @apply.register
    def _(self, e: C.FundingReceived, rows: RowWriter) -> None:
        row = rows.get(communities, {"id": str(e.originator_id)})
        total = Decimal(row["funding_total"]) if row else Decimal(0)
        _touch(rows, e, funding_total=total + e.amount)

    @apply.register
    def _(self, e: C.Dissolved, rows: RowWriter) -> None:
        _touch(rows, e, status="dissolved", dissolved_on=e.on)

    @apply.register
    def _(self, e: C.TeamReported, rows: RowWriter) -> None:
        _touch(rows, e)  # reports, scores, approvals and pairings stay in the events (audits)

    @apply.register
    def _(self, e: C.ResultsScored, rows: RowWriter) -> None:
        _touch(rows, e)

    @apply.register
    def _(self, e: C.ApprovalStepRecorded, rows: RowWriter) -> None:
        _touch(rows, e)

    @apply.register
    def _(self, e: C.OnlinePairingRecorded, rows: RowWriter) -> None:
        _touch(rows, e)

    @apply.register
    def _(self, e: C.BranchEntrusted, rows: RowWriter) -> None:
        _touch(rows, e)  # entrustments stay in the events (the P3-R1 evaluation reads them)
