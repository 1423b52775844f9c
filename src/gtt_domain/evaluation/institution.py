"""Per school: partner enterprises (P14-R1), demonstration bases built (P14-R2) and
departments without one (P14-R3), specialty teachers below 6 months of enterprise practice
in 5 years (N-TEP-1: those who held a specialty-teacher or internship-instructor role for
the whole window, as the audit counts them), and the rotation and backbone shares of the
teachers it sent (N-ROT). Targets apply to the stages they were written for (P14 vocational
colleges, N-TEP vocational schools, N-ROT compulsory schools: ``evaluation.toml``).

Partners are enterprises that are party to an agreement with the school in force on the
period's last day. Rotation counts rotation exchanges the school started in the period
over its teachers on the period's last day; backbone teachers hold the role
``backbone_teacher`` on the day they left. Demonstration bases built and the rotation
shares are per-year targets (the year to date on a quarter or month card); N-TEP-1 counts
5 years to the period's end; each such window is stated in ``details["windows"]``.
"""

from __future__ import annotations

from collections import defaultdict

from gtt_domain.evaluation.common import (
    SIX_MONTHS_DAYS,
    exchanges_of_kind,
    practice_days,
    state_windows,
    teachers_at,
)
from gtt_domain.evaluation.model import Scorecard, ratio
from gtt_domain.evaluation.pack import EvaluationPack
from gtt_domain.evaluation.periods import Period, annual_window, years_back
from gtt_domain.evaluation.snapshot import Snapshot

BACKBONE_ROLE = "backbone_teacher"
#: N-TEP-1's specialty teachers (the N-TEP pack's roles)
SPECIALTY_ROLES = frozenset({"specialty_teacher", "internship_instructor"})


def specialty_throughout(snap: Snapshot, person_id: str, window: Period) -> bool:
    """Held a specialty role from the window's start to its end (N-TEP-1 judges them)."""
    p = snap.persons.get(person_id)
    return p is not None and any(r.role in SPECIALTY_ROLES and r.since <= window.start
                                 and (r.until is None or r.until > window.end) for r in p.roles)


def subjects(snap: Snapshot) -> list[str]:
    return sorted(i for i, inst in snap.institutions.items() if inst.kind == "school")


def partner_enterprises(snap: Snapshot, school_id: str, period: Period) -> set[str]:
    out: set[str] = set()
    for a in snap.agreements.values():
        if a.has_party(school_id) and a.is_active_on(period.end):
            out |= {p for p in a.parties if p != school_id and p in snap.institutions
                    and snap.institutions[p].kind == "enterprise"}
    return out


def scorecard(snap: Snapshot, school_id: str, period: Period, pack: EvaluationPack) -> Scorecard:
    inst = snap.institutions[school_id]
    demo = [a for a in snap.agreements.values() if a.kind == "demonstration_base" and a.has_party(school_id)]
    covered = {inst.majors[c].department for a in demo if a.is_active_on(period.end)
               for c in a.majors if c in inst.majors}
    teachers = teachers_at(snap, school_id, period.end)
    five = years_back(period, 5)
    year = annual_window(period)
    practice = defaultdict(list)
    for x in exchanges_of_kind(snap, "enterprise_practice"):
        practice[x.person_id].append(x)
    below = [t for t in teachers if specialty_throughout(snap, t, five)
             and practice_days(practice[t], five) < SIX_MONTHS_DAYS]
    rotated = [x for x in exchanges_of_kind(snap, "rotation")
               if x.sending_id == school_id and year.contains(x.started_on)]
    rotated_people = {x.person_id: x.started_on for x in rotated}
    backbone = [p for p, day in rotated_people.items()
                if p in snap.persons and day is not None and BACKBONE_ROLE in snap.persons[p].roles_on(day)]
    m = pack.metric
    card = Scorecard("institution", school_id, inst.name, period.label, [
        m("institution.partner_enterprises", len(partner_enterprises(snap, school_id, period))),
        m("institution.demonstration_bases_built", sum(1 for a in demo if year.contains(a.activated_on))),
        m("institution.departments_without_demonstration_base",
          len(set(inst.departments) - covered)),
        m("institution.teachers", len(teachers)),
        m("institution.teachers_below_6_months_5y", len(below)),
        m("institution.rotation_share", ratio(len(rotated_people), len(teachers))),
        m("institution.backbone_share", ratio(len(backbone), len(rotated_people))),
    ])
    return state_windows(card, period, {
        "institution.demonstration_bases_built": year, "institution.teachers_below_6_months_5y": five,
        "institution.rotation_share": year, "institution.backbone_share": year})
