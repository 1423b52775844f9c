"""Per home–school community (P2-R1): parent (or parent-council) meetings per grade per
semester, at least one. The grades are those the community's activities name. On a
quarter or month card the semester is the one holding its last day, to that day (stated in
``details["windows"]``)."""

from __future__ import annotations

from typing import Any

from gtt_domain.evaluation.common import state_windows
from gtt_domain.evaluation.model import Scorecard
from gtt_domain.evaluation.pack import EvaluationPack
from gtt_domain.evaluation.periods import Period, semesters_in
from gtt_domain.evaluation.snapshot import Snapshot

MEETINGS = frozenset({"parent_meeting", "parent_council_meeting"})


def subjects(snap: Snapshot) -> list[str]:
    return sorted(c for c, comm in snap.communities.items() if comm.kind == "home_school")


def scorecard(snap: Snapshot, community_id: str, period: Period, pack: EvaluationPack) -> Scorecard:
    comm = snap.communities[community_id]
    grades = sorted({a.grade for a in comm.activities.values() if a.grade})
    meetings = [a for a in comm.activities.values() if a.kind in MEETINGS]
    semesters = semesters_in(period)
    cells: list[dict[str, Any]] = [{"grade": g, "semester": s.label,
              "meetings": sum(1 for a in meetings if a.grade == g and s.contains(a.held_on))}
             for g in grades for s in semesters]
    m = pack.metric
    card = Scorecard("home_school", community_id, comm.name, period.label, [
        m("home_school.grades", len(grades)),
        m("home_school.parent_meetings", sum(c["meetings"] for c in cells)),
        m("home_school.grades_short_of_meetings", sum(1 for c in cells if c["meetings"] < 1)),
    ])
    card.details = {"meetings": cells}
    return state_windows(card, period, dict.fromkeys(
        ("home_school.parent_meetings", "home_school.grades_short_of_meetings"), semesters))
