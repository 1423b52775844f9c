"""Per major: cooperation bases (P8-R1, P14-R3), co-developed courses and textbooks
(P6-R4), technicians brought in (P6-R6), observation weeks (P6-R3) and internships.

A major is ``(school, code)``. Agreements count for a major when they name the school as a
party and the major's code in ``majors``; technicians (expert-teaching exchanges hosted by
the school) count for the majors of the agreement they came under. An internship belongs
to the major its student is enrolled in at the placing school. Findings per 100 count open
audit findings on the internships that touch the period (when the audits were run).

Windows: courses and textbooks count the 3 years to the period's end; bases built and
technicians are per-year targets (the year to date on a quarter or month card);
observation weeks are per semester (the semester to date on a quarter or month card).
Each such window is stated in ``details["windows"]``.
"""

from __future__ import annotations

from decimal import Decimal

from gtt_domain.domain.internship import Internship
from gtt_domain.evaluation.common import BASE_KINDS, activated_in, agreements_of, state_windows
from gtt_domain.evaluation.model import Scorecard, mean, per_hundred, ratio
from gtt_domain.evaluation.pack import EvaluationPack
from gtt_domain.evaluation.periods import Period, annual_window, semesters_in, years_back
from gtt_domain.evaluation.snapshot import Snapshot


def subjects(snap: Snapshot) -> list[tuple[str, str]]:
    return sorted((iid, code) for iid, inst in snap.institutions.items()
                  for code in inst.majors if code not in inst.closed_majors)


def internships_of(snap: Snapshot, school_id: str, code: str) -> list[Internship]:
    return list(snap.internships_by_major().get((school_id, code), []))


def scorecard(snap: Snapshot, school_id: str, code: str, period: Period, pack: EvaluationPack) -> Scorecard:
    inst = snap.institutions[school_id]
    bases = agreements_of(snap, school_id, BASE_KINDS, code)
    three = years_back(period, 3)
    year = annual_window(period)
    semesters = semesters_in(period)
    courses = activated_in(agreements_of(snap, school_id, {"co_developed_course"}, code), three)
    books = activated_in(agreements_of(snap, school_id, {"co_developed_textbook"}, code), three)
    technicians = {x.person_id for x in snap.exchanges.values()
                   if x.kind == "expert_teaching" and x.host_id == school_id
                   and year.contains(x.started_on) and x.agreement_id in snap.agreements
                   and code in snap.agreements[x.agreement_id].majors}
    observation = agreements_of(snap, school_id, {"observation"}, code)
    weeks = [sum((f.quantity or Decimal(0) for a in observation for f in a.fulfilments
                  if s.contains(f.on)), Decimal(0)) for s in semesters]
    interns = internships_of(snap, school_id, code)
    started = [i for i in interns if period.contains(i.started_on)]
    ended = [i for i in interns if period.contains(i.ended_on)]
    completed = [i for i in ended if i.status == "completed"]
    certs = [c for i in interns for c in i.certifications if period.contains(c.on)]
    in_period = {str(i.id) for i in interns
                 if period.touches(i.started_on or i.planned_start, i.ended_on or i.planned_end)}
    host_scores = [e.score for i in interns for e in i.evaluations
                   if e.by == "host" and period.contains(e.on)]
    m = pack.metric
    card = Scorecard("major", f"{school_id}:{code}", f"{inst.name} {inst.majors[code].name}",
                     period.label, [
        m("major.active_bases", sum(1 for a in bases if a.is_active_on(period.end))),
        m("major.bases_built", len(activated_in(bases, year))),
        m("major.co_developed_courses_3y", len(courses)),
        m("major.co_developed_textbooks_3y", len(books)),
        m("major.technicians_brought_in", len(technicians)),
        m("major.observation_weeks_min_semester", min(weeks)),
        m("major.internships_started", len(started)),
        m("major.internships_completed", len(completed)),
        m("major.completion_rate", ratio(len(completed), len(ended))),
        m("major.hire_rate", ratio(sum(1 for i in completed if i.hired_on is not None), len(completed))),
        m("major.certification_pass_rate", ratio(sum(1 for c in certs if c.passed), len(certs))),
        m("major.mean_host_evaluation", mean(host_scores)),
        m("major.findings_per_100_internships", per_hundred(snap.open_findings_on(in_period), len(in_period))),
    ])
    return state_windows(card, period, {
        "major.bases_built": year, "major.technicians_brought_in": year,
        "major.co_developed_courses_3y": three, "major.co_developed_textbooks_3y": three,
        "major.observation_weeks_min_semester": semesters})
