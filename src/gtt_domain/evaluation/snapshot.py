"""All aggregates folded from the log in one pass, sorted by type for the metric families."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gtt_domain.application.timetravel import Moment, load_all
from gtt_domain.domain.agreement import Agreement
from gtt_domain.domain.community import Community
from gtt_domain.domain.exchange import Exchange
from gtt_domain.domain.institution import Institution
from gtt_domain.domain.internship import Internship
from gtt_domain.domain.person import Person


@dataclass
class Snapshot:
    institutions: dict[str, Institution] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)
    communities: dict[str, Community] = field(default_factory=dict)
    agreements: dict[str, Agreement] = field(default_factory=dict)
    exchanges: dict[str, Exchange] = field(default_factory=dict)
    internships: dict[str, Internship] = field(default_factory=dict)

    def name_of(self, some_id: str) -> str:
        inst = self.institutions.get(some_id)
        if inst is not None:
            return inst.name
        comm = self.communities.get(some_id)
        return comm.name if comm is not None else some_id


SLOTS: dict[type, str] = {
    Institution: "institutions", Person: "persons", Community: "communities",
    Agreement: "agreements", Exchange: "exchanges", Internship: "internships",
}


def take_snapshot(app: Any, as_of: Moment | None = None, known_at: Moment | None = None) -> Snapshot:
    snap = Snapshot()
    for agg_id, agg in load_all(app, known_at=known_at, as_of=as_of).items():
        slot = SLOTS.get(type(agg))
        if slot is not None:
            getattr(snap, slot)[str(agg_id)] = agg
    return snap
