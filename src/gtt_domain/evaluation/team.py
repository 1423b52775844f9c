"""Per learning team (P5): members, weeks with at least one team activity (P5-R4) and the
monthly grade ranking from recorded scores (P5-R5). Weeks are Monday–Sunday weeks lying
wholly inside the period and the team's life; holidays are not excused."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from gtt_domain.evaluation.model import Scorecard
from gtt_domain.evaluation.pack import EvaluationPack
from gtt_domain.evaluation.periods import Period
from gtt_domain.evaluation.snapshot import Snapshot


def subjects(snap: Snapshot) -> list[str]:
    return sorted(c for c, comm in snap.communities.items() if comm.kind == "learning_team")


def month_start(month: str) -> date:
    year, mo = month.split("-")
    return date(int(year), int(mo), 1)


def weeks(start: date, end: date) -> list[Period]:
    monday = start + timedelta(days=(7 - start.weekday()) % 7)
    out = []
    while monday + timedelta(days=6) <= end:
        out.append(Period(monday, monday + timedelta(days=6), f"{monday:%G-W%V}"))
        monday += timedelta(days=7)
    return out


def ranking(results: list[Any]) -> dict[str, list[dict[str, Any]]]:
    """Month -> grades by total score, best first (ties by grade name)."""
    totals: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for r in results:
        totals[r.month][r.grade] = totals[r.month].get(r.grade, Decimal(0)) + r.score
    return {month: [{"rank": n + 1, "grade": g, "score": s} for n, (g, s) in
                    enumerate(sorted(grades.items(), key=lambda kv: (-kv[1], kv[0])))]
            for month, grades in sorted(totals.items())}


def scorecard(snap: Snapshot, community_id: str, period: Period, pack: EvaluationPack) -> Scorecard:
    comm = snap.communities[community_id]
    end = min(period.end, comm.dissolved_on or period.end)
    span = weeks(max(period.start, comm.established_on), end)
    held = [a.held_on for a in comm.activities.values() if a.kind == "team_activity"]
    idle = [w.label for w in span if not any(w.contains(d) for d in held)]
    results = [r for r in comm.results if period.contains(month_start(r.month))]
    m = pack.metric
    card = Scorecard("team", community_id, comm.name, period.label, [
        m("team.size", len(comm.team_on(end))),
        m("team.weeks", len(span)),
        m("team.weeks_with_activity", len(span) - len(idle)),
        m("team.weeks_without_activity", len(idle)),
    ])
    card.details = {"idle_weeks": idle, "ranking": ranking(results)}
    return card
