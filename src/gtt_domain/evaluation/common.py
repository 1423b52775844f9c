"""Small readings shared by the metric families."""

from __future__ import annotations

from datetime import date

from gtt_domain.domain.agreement import Agreement
from gtt_domain.domain.exchange import Exchange
from gtt_domain.evaluation.model import Scorecard
from gtt_domain.evaluation.periods import Period
from gtt_domain.evaluation.snapshot import Snapshot

#: agreement kinds that make a cooperation base (P8-R1, P14-R3)
BASE_KINDS = frozenset({"training_base", "post_internship_base", "demonstration_base"})
#: "2 months" (P6-R5) and "6 months" (N-TEP-1) of enterprise practice, in days on site
TWO_MONTHS_DAYS = 60
SIX_MONTHS_DAYS = 180


def agreements_of(snap: Snapshot, institution_id: str, kinds: frozenset[str] | set[str],
                  major: str | None = None) -> list[Agreement]:
    """Agreements of ``kinds`` naming the institution as a party (and ``major``, if given)."""
    return [a for a in snap.agreements.values()
            if a.kind in kinds and a.has_party(institution_id)
            and (major is None or major in a.majors)]


def activated_in(agreements: list[Agreement], period: Period) -> list[Agreement]:
    return [a for a in agreements if period.contains(a.activated_on)]


def practice_days(exchanges: list[Exchange], period: Period) -> int:
    """Days on site logged in spans wholly inside ``period``."""
    return sum(x.days_on_site_between(period.start, period.end) for x in exchanges)


def teachers_at(snap: Snapshot, institution_id: str, day: date) -> list[str]:
    return list(snap.teachers_by_home(day).get(institution_id, []))


def exchanges_of_kind(snap: Snapshot, kind: str) -> list[Exchange]:
    return [x for x in snap.exchanges.values() if x.kind == kind and x.status != "cancelled"]


def state_windows(card: Scorecard, period: Period, windows: dict[str, Period | list[Period]]) -> Scorecard:
    """Name, in ``details["windows"]``, the window of each metric counted over one other than
    the period (a 3-year span, the year to date, the semester to date), so no reader takes
    a quarter's card for a quarter's count."""
    stated = {}
    for key, window in windows.items():
        spans = window if isinstance(window, list) else [window]
        if [(w.start, w.end) for w in spans] != [(period.start, period.end)]:
            stated[key] = [w.describe() for w in spans] if isinstance(window, list) else window.describe()
    if stated:
        card.details.setdefault("windows", {}).update(stated)
    return card
