"""The adoptions on record, read from their own events only (no fold of the whole log)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from gtt_domain.application.timetravel import Moment, fold
from gtt_domain.domain.adoption import Adoption

TOPICS = [get_topic(Adoption.PackAdopted), get_topic(Adoption.PackReadopted), get_topic(Adoption.AdoptionEnded)]
NAMES = {"institution": "name", "agreement": "title", "community": "name"}


def adoption_ids(app: Any, page: int = 1000) -> Iterator[UUID]:
    seen: set[UUID] = set()
    start = 0
    while True:
        rows = app.recorder.select_notifications(start=start, limit=page, topics=TOPICS, inclusive_of_start=False)
        for n in rows:
            if n.originator_id not in seen:
                seen.add(n.originator_id)
                yield n.originator_id
        if len(rows) < page:
            return
        start = rows[-1].id


def _name(app: Any, kind: str, adopter_id: str) -> str:
    try:
        agg = app.repository.get(UUID(adopter_id))
    except Exception:
        return ""
    return str(getattr(agg, NAMES.get(kind, "name"), ""))


def adoptions_on_record(app: Any, *, known_at: Moment | None = None, on: date | None = None) -> list[dict[str, Any]]:
    """One row per period of adoption (pack, adopter, from, until, authority, reference),
    as recorded by ``known_at``; ``in_force`` says whether it covers ``on``."""
    rows = []
    for aid in adoption_ids(app):
        a = fold(app.events.get(aid), known_at=known_at).aggregate
        if not isinstance(a, Adoption):
            continue
        name = _name(app, a.adopter_kind, a.adopter_id)
        for p in a.periods:
            rows.append({"pack_id": a.pack_id, "adopter_kind": a.adopter_kind, "adopter_id": a.adopter_id,
                         "adopter": name, "from_day": p.from_day, "until": p.until, "authority": p.authority,
                         "reference": p.reference, "in_force": None if on is None else p.covers(on),
                         "adoption_id": str(a.id)})
    return sorted(rows, key=lambda r: (r["pack_id"], r["adopter_kind"], r["adopter"], r["from_day"]))
