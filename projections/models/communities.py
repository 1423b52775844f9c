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
from gtt_projections.tables.communities import (
    NAME,
    TABLES,
    VERSION,
    communities,
    community_activities,
    community_activity_participants,
    community_members,
    community_roles,
)
from gtt_projections.writer import Inc, RowWriter

from gtt_domain.domain.community import Community as C

#: the person-role table also holds learning-team membership under this role name
TEAM_ROLE = "team_member"


def _touch(rows: RowWriter, e: Any, **values: Any) -> None:
    rows.update(communities, {"id": str(e.originator_id)},
                updated_at=e.meta.recorded_at, version=e.originator_version, **values)


def _member_key(e: Any, institution_id: str) -> dict[str, str]:
    return {"community_id": str(e.originator_id), "institution_id": institution_id}


class Communities(GttProjection):
    name = NAME
    defer_indexes = True  # handlers read rows by primary key only
    version = VERSION
    tables = TABLES

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
