"""Which filed exemption covers a finding: the national rule it cites, the aspect of the
breach (a night shift, overtime, work on a statutory holiday, a high-risk post), the
internship it is about and the day.

An exemption allows only what its kind says, for the school that filed it, and only from
the day it was filed and in force (an arrangement filed after the night shift it was for
does not excuse that shift).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from gtt_domain.audit import facts as f

if TYPE_CHECKING:
    from gtt_domain.audit.world import World

#: exemption kind -> (source ref of the rule it relaxes, aspect of the finding)
COVERS: dict[str, tuple[str, str]] = {
    "night_shift": ("N-INT-6", "night_shift"),
    "overtime": ("N-INT-6", "overtime"),
    "statutory_holiday": ("N-INT-6", "statutory_holiday"),
    "high_risk_post": ("N-INT-5", "post:high_risk"),
}


def in_scope(world: World, e: f.ExemptionFacts, s: Any) -> bool:
    if not isinstance(s, f.InternshipFacts) or s.school_id != e.school_id:
        return False
    if e.host_ids and s.host_id not in e.host_ids:
        return False
    if e.internship_ids and s.id not in e.internship_ids:
        return False
    if e.post_categories and s.post_category not in e.post_categories:
        return False
    if e.majors:
        student = world.person(s.student_id)
        if student is None or student.major_code not in e.majors:
            return False
    return True


def exemption_for(world: World, source_ref: str, aspect: str, s: Any, day: date | None) -> f.ExemptionFacts | None:
    """The exemption covering ``aspect`` of a finding under ``source_ref`` on ``day``."""
    if day is None:
        return None
    for e in world.exemptions():
        if COVERS.get(e.kind) != (source_ref, aspect):
            continue
        if e.filed_on <= day and e.period.contains(day) and in_scope(world, e, s):
            return e
    return None
