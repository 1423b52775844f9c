"""Per department: teachers with at least 2 months of enterprise practice in the period as a
share of its teachers (P6-R5) and a named liaison (P6-R8).

Teachers carry no department in the record, so a practice spell counts for the department
of the majors named by the agreement it ran under; the denominator is the department's
latest counted teacher number. (N-TEP-1, which needs every teacher, is on the institution.)
Two months of practice is a per-school-year target (P6-R5): a year's card counts the school
year ending in it, a semester, quarter or month card the school year to date (stated in
``details["windows"]``).
"""

from __future__ import annotations

from collections import defaultdict

from gtt_domain.domain.exchange import Exchange
from gtt_domain.evaluation.common import (
    TWO_MONTHS_DAYS,
    exchanges_of_kind,
    practice_days,
    state_windows,
)
from gtt_domain.evaluation.model import Scorecard, ratio
from gtt_domain.evaluation.pack import EvaluationPack
from gtt_domain.evaluation.periods import Period, school_year_window
from gtt_domain.evaluation.snapshot import Snapshot


def subjects(snap: Snapshot) -> list[tuple[str, str]]:
    return sorted((iid, d) for iid, inst in snap.institutions.items() for d in inst.departments)


def departments_of(snap: Snapshot, x: Exchange) -> set[str]:
    inst = snap.institutions.get(x.sending_id)
    agreement = snap.agreements.get(x.agreement_id or "")
    if inst is None or agreement is None:
        return set()
    found = {inst.majors[c].department for c in agreement.majors if c in inst.majors}
    return {d for d in found if d is not None}


def practising_teachers(snap: Snapshot, school_id: str, department: str, period: Period) -> set[str]:
    spells: dict[str, list[Exchange]] = defaultdict(list)
    for x in exchanges_of_kind(snap, "enterprise_practice"):
        if x.sending_id == school_id and department in departments_of(snap, x):
            spells[x.person_id].append(x)
    return {p for p, xs in spells.items() if practice_days(xs, period) >= TWO_MONTHS_DAYS}


def scorecard(snap: Snapshot, school_id: str, department: str, period: Period,
              pack: EvaluationPack) -> Scorecard:
    inst = snap.institutions[school_id]
    dept = inst.departments[department]
    year = school_year_window(period)
    practising = practising_teachers(snap, school_id, department, year)
    m = pack.metric
    card = Scorecard("department", f"{school_id}:{department}", f"{inst.name} {department}",
                     period.label, [
        m("department.teachers", dept.teacher_count),
        m("department.teachers_with_2_months_practice", len(practising)),
        m("department.practice_share", ratio(len(practising), dept.teacher_count)),
        m("department.liaison_named", int(dept.liaison_person_id is not None)),
    ])
    return state_windows(card, period, {"department.teachers_with_2_months_practice": year,
                                        "department.practice_share": year})
