"""Per person sent to primary level in a medical community (P4-R3): the longest continuous
service at a health centre (one medical-dispatch exchange, from its start to its
completion or the period's end) in whole months, and whether it reaches the year a
senior-title application needs. People appear by id only."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from gtt_domain.domain.exchange import Exchange
from gtt_domain.evaluation.model import Scorecard
from gtt_domain.evaluation.pack import EvaluationPack
from gtt_domain.evaluation.periods import Period
from gtt_domain.evaluation.snapshot import Snapshot

PRIMARY_LEVEL = frozenset({"health_centre"})


def dispatches(snap: Snapshot) -> list[Exchange]:
    return [x for x in snap.exchanges.values()
            if x.kind == "medical_dispatch" and x.status in ("started", "completed")
            and x.host_id in snap.institutions and snap.institutions[x.host_id].kind in PRIMARY_LEVEL]


def subjects(snap: Snapshot) -> list[str]:
    return sorted({x.person_id for x in dispatches(snap)})


def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def whole_months(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` inclusive (1 Mar to 28 Feb is 12)."""
    months = 0
    while add_months(start, months + 1) - timedelta(days=1) <= end:
        months += 1
    return months


def scorecard(snap: Snapshot, person_id: str, period: Period, pack: EvaluationPack) -> Scorecard:
    spells = [x for x in dispatches(snap) if x.person_id == person_id
              and x.started_on is not None and x.started_on <= period.end]
    longest = max((whole_months(x.started_on, min(x.completed_on or period.end, period.end))  # type: ignore[arg-type]
                   for x in spells), default=0)
    m = pack.metric
    return Scorecard("person", person_id, person_id, period.label, [
        m("person.dispatches", len(spells)),
        m("person.continuous_primary_months", longest),
    ])
