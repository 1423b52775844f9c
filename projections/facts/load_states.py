"""Aggregates and their event indexes read back from the state fact tables.

What comes back is what a replay under the same bounds folds: the aggregate object (for
scorecards) and the :class:`~gtt_domain.audit.refs.EventIndex` of its applied events (for
the audit's fact adapters and their evidence).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from gtt_projections.facts import codec as s
from gtt_projections.facts import tables as t
from gtt_projections.facts.load_internships import rows_of
from gtt_projections.facts.table import FactTable
from sqlalchemy import Connection

from gtt_domain.audit.refs import EventIndex
from gtt_domain.domain.adoption import Adoption
from gtt_domain.domain.agreement import Agreement
from gtt_domain.domain.base import GttAggregate
from gtt_domain.domain.calendar import SchoolCalendar
from gtt_domain.domain.community import Community
from gtt_domain.domain.community_parts import Activity
from gtt_domain.domain.exchange import Exchange
from gtt_domain.domain.exemption import Exemption
from gtt_domain.domain.finding_case import FindingCase
from gtt_domain.domain.institution import Institution
from gtt_domain.domain.person import Person

Bound = date | datetime | None

TABLES: dict[type[GttAggregate], FactTable] = {
    Institution: t.institutions, Person: t.persons, Agreement: t.agreements,
    Exchange: t.exchanges, Community: t.community_states, Adoption: t.adoptions, SchoolCalendar: t.calendars,
    Exemption: t.exemptions, FindingCase: t.finding_cases,
}


def states(conn: Connection, cls: type[GttAggregate], as_of: Bound = None, known_at: Bound = None,
           ids: Iterable[str] | None = None) -> list[tuple[Any, EventIndex]]:
    """Each aggregate of ``cls`` as folded on ``as_of`` from what was recorded by ``known_at``."""
    ft = TABLES[cls]
    rows = rows_of(conn, ft, as_of, known_at, None if ids is None else sorted(set(ids)),
                   "aggregate_id", "aggregate_id")
    extra: dict[str, list[tuple[int, int, Any]]] = {}
    acts: dict[str, dict[str, Activity]] = {}
    if cls is Community:
        wanted = None if ids is None else sorted(set(ids))
        for a in rows_of(conn, t.activities, as_of, known_at, wanted, "community_id",
                         "community_id", "activity_id"):
            version, position, name, day = a["ref"].split("|")
            event = s.indexed_type("ActivityHeld")()
            event.__dict__.update(activity_id=a["activity_id"], kind=a["kind"],
                                  record="x" if a["has_record"] else "")
            moment = datetime.fromisoformat(day)
            event.meta = s._Stamp(moment, moment)
            extra.setdefault(a["community_id"], []).append((int(version), int(position), event))
            acts.setdefault(a["community_id"], {})[a["activity_id"]] = Activity(
                a["kind"], a["held_on"], json.loads(a["participants"]), a["grade"], a["approved_by"])
    out = []
    for r in rows:
        aid = r["aggregate_id"]
        applied = s.load_index(r["applied"])
        entries = [s.indexed_event(e) for e in applied] + extra.get(aid, [])
        entries.sort(key=lambda x: x[0])
        aggregate = s.load_state(cls, aid, entries[-1][0], r["state"])
        if cls is Community:
            first = {e.activity_id: v for v, _, e in reversed(extra.get(aid, []))}
            aggregate.activities = dict(sorted(acts.get(aid, {}).items(), key=lambda kv: first[kv[0]]))
        out.append((aggregate, EventIndex(aid, entries)))
    out.sort(key=lambda item: (item[1].created.position or 0, str(item[0].id)))  # log order, as a replay
    return out

