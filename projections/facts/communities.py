"""Community facts: the folded state of each community (members, roles, teams, charters,
funding, approvals…) and, itemised because a learning team holds hundreds, its activities."""

from __future__ import annotations

import json
from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from gtt_projections.facts.states import StateFacts, dump_state, load_state
from gtt_projections.facts.tables import activities
from gtt_projections.facts.tables import community_states as states
from gtt_projections.facts.temporal import FactWriter, Value, moment_of, ref_of
from gtt_projections.writer import RowWriter

from gtt_domain.domain.community import Community


class CommunityStates(StateFacts):
    name = "fact_community_states"
    version = 2
    aggregate = Community
    core = states
    facts = (states, activities)
    tables = (states.table, activities.table)

    @singledispatchmethod
    def apply(self, event: Any, rows: RowWriter) -> None:
        """Events of other aggregates."""

    @apply.register
    def _(self, e: Community.Event, rows: RowWriter) -> None:
        self.fold(e, rows)

    @apply.register
    def _(self, e: Community.ActivityHeld, rows: RowWriter) -> None:
        assert isinstance(rows, FactWriter)
        at = moment_of(e, rows.position)
        cid = str(e.originator_id)
        rows.touch_core(states, (cid,), at)

        def saw(old: Value | None) -> Value | None:  # the mutator's _saw(held_on), in the state
            if old is None:
                return None
            community = load_state(Community, cid, e.originator_version, old["state"])
            community.last_fact_on = max(community.last_fact_on, e.held_on)
            return {**old, "state": dump_state(community)}

        rows.assert_item(states, (cid,), at, saw)
        row = {"kind": e.kind, "held_on": e.held_on, "participants": json.dumps(list(e.participants)),
               "grade": e.grade, "approved_by": e.approved_by, "has_record": bool(e.record.strip()),
               "ref": ref_of(e, at)}
        # an activity id is recorded once (the aggregate refuses a second): a new item
        rows.assert_item(activities, (cid, e.activity_id), at, lambda old: dict(row), new=True)

    @apply.register
    def _(self, e: Community.ActivityCorrected, rows: RowWriter) -> None:
        # the item only: a correction dates no new fact of the body (its mutator does not _saw)
        assert isinstance(rows, FactWriter)
        at = moment_of(e, rows.position)
        cid = str(e.originator_id)
        rows.touch_core(states, (cid,), at)

        def correct(old: Value | None) -> Value | None:
            if old is None or e.retracted:
                return None  # the mutator skips a correction of nothing
            return {"kind": e.kind, "held_on": e.held_on, "participants": json.dumps(list(e.participants)),
                    "grade": e.grade, "approved_by": e.approved_by, "has_record": bool(e.record.strip()),
                    "ref": old["ref"]}  # evidence cites the activity as first recorded

        rows.assert_item(activities, (cid, e.activity_id), at, correct)
