"""Per education group (P1): cadres and backbone teachers sent from the head school to
weak branches (P1-R5) and back (P1-R6), filing before the start (P1-R4), research
activities per semester (P1-R3), days at the head school per branch teacher per term
month (P1-R9), funding (P1-R12), each member's teaching-quality trend with "rotation due"
(P1-R7), and the bundled evaluation (P1-R11).

The exchanges and shadow days are counted by :mod:`gtt_domain.domain.group_rules`, the
definitions the P1 audit pack uses, so a scorecard and an audit never disagree on what
was sent. Shadow days are judged in term months of the head school's calendar (10 school
days or more); July and August are holidays where no calendar is recorded. The bundled
score is ``group_weight`` x the share of the group's targets met + ``members_weight`` x
the share of members whose quality rose, times 100.

Exchanges, filing and funding are per-school-year targets (a year's card counts the school
year ending in it; a semester, quarter or month card the school year to date), research
activities per semester (the semester to date), teaching quality is assessed per calendar
year (the year of the period's end); windows other than the period are stated in
``details["windows"]``.
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from gtt_domain.audit.calendars import SchoolDays
from gtt_domain.audit.facts import CalendarFacts, Span
from gtt_domain.audit.refs import EventIndex
from gtt_domain.domain import group_rules as p1
from gtt_domain.domain.community import Community
from gtt_domain.domain.exchange import Exchange
from gtt_domain.evaluation.common import state_windows, teachers_at
from gtt_domain.evaluation.model import Scorecard, ratio
from gtt_domain.evaluation.pack import EvaluationPack
from gtt_domain.evaluation.periods import Period, months_in, school_year_window, semesters_in
from gtt_domain.evaluation.snapshot import Snapshot
from gtt_domain.evaluation.trend import progressed, rotation_due, scores_up_to

OUT_KINDS = frozenset(p1.OUT_KINDS)
IN_KINDS = frozenset(p1.IN_KINDS)
HOLIDAY_MONTHS = frozenset({7, 8})
#: a month is judged for P1-R9 when the head school is in session on this many days (the P1 pack's)
MONTH_SCHOOL_DAYS = 10


def subjects(snap: Snapshot) -> list[str]:
    return sorted(c for c, comm in snap.communities.items() if comm.kind == "education_group")


def members_in(comm: Community, period: Period) -> dict[str, str]:
    """Institution id -> role, for every member at some time in the period."""
    return {s.institution_id: s.role for s in comm.members
            if s.joined_on <= period.end and (s.left_on is None or s.left_on >= period.start)}


def flows(snap: Snapshot, comm: Community, period: Period, *, weak_only: bool = False
          ) -> tuple[list[Exchange], list[Exchange]]:
    """Cadres and backbone teachers sent head → branch (to weak branches with ``weak_only``,
    P1-R5) and branch → head (P1-R6), started in ``period``."""
    out: list[Exchange] = []
    back: list[Exchange] = []
    for x in snap.exchanges.values():
        if x.status == "cancelled" or not period.contains(x.started_on) or x.started_on is None:
            continue
        day = x.started_on
        way = p1.direction(x.kind, x.sending_id, x.host_id, comm.core_institution_id, comm.member_role_on,
                           day, comm.weak_branches_on(day) if weak_only else None)
        if way is None or not p1.eligible(snap.persons.get(x.person_id), day):
            continue
        (out if way == "out" else back).append(x)
    return out, back


def school_days_of(snap: Snapshot, institution_id: str) -> SchoolDays | None:
    cal = snap.calendars.get(institution_id)
    if cal is None:
        return None
    facts = CalendarFacts(str(cal.id), institution_id,
                          [Span(t.label, t.first_day, t.last_day) for t in cal.terms.values()],
                          [Span(b.label, b.first_day, b.last_day) for b in cal.breaks.values()],
                          EventIndex(cal.id, []))
    return SchoolDays.of(institution_id, facts)


def term_months(snap: Snapshot, comm: Community, period: Period) -> list[Period]:
    """The months of ``period`` judged for P1-R9: term months of the head school's calendar
    (July and August are holidays where none is recorded)."""
    cal = school_days_of(snap, comm.core_institution_id)
    months = months_in(period)
    if cal is None:
        return [mo for mo in months if mo.start.month not in HOLIDAY_MONTHS]
    out = []
    for mo in months:
        first = mo.start.replace(day=1)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        if cal.count(first, last) >= MONTH_SCHOOL_DAYS:
            out.append(mo)
    return out


def shadow_minimum(snap: Snapshot, comm: Community, period: Period) -> tuple[int | None, list[dict[str, Any]]]:
    head = comm.core_institution_id
    branches = [i for i in members_in(comm, period) if i != head]
    teachers = sorted({t for b in branches for t in teachers_at(snap, b, period.end)})
    months = term_months(snap, comm, period)
    held: dict[str, set[date]] = {}  # a teacher's shadow-learning days, each once
    for a in comm.activities.values():
        if a.kind == p1.SHADOW_ACTIVITY:
            for t in a.participants:
                held.setdefault(t, set()).add(a.held_on)
    stays: dict[str, list[Exchange]] = {}
    for x in snap.exchanges.values():
        if x.kind == p1.SHADOW_EXCHANGE and x.host_id == head:
            stays.setdefault(x.person_id, []).append(x)
    cells: list[dict[str, Any]] = [{"teacher": t, "month": mo.label,
              "days": sum(1 for d in held.get(t, ()) if mo.contains(d))
              + sum(x.days_on_site_between(mo.start, mo.end) for x in stays.get(t, ()))}
             for t in teachers for mo in months]
    return (min(c["days"] for c in cells) if cells else None), cells


def filed_first(x: Exchange) -> bool:
    return x.filed_on is not None and x.started_on is not None and x.filed_on <= x.started_on


def member_trends(snap: Snapshot, comm: Community, period: Period) -> list[dict[str, Any]]:
    year = period.end.year
    out = []
    for iid, role in sorted(members_in(comm, period).items(), key=lambda kv: kv[1] != "head"):
        inst = snap.institutions.get(iid)
        quality = inst.quality if inst is not None else {}
        out.append({"institution_id": iid, "name": snap.name_of(iid), "role": role,
                    "scores": {str(y): s for y, s in scores_up_to(quality, year).items()},
                    "progressed": progressed(quality, year),
                    "rotation_due": rotation_due(quality, year)})
    return out


def scorecard(snap: Snapshot, community_id: str, period: Period, pack: EvaluationPack) -> Scorecard:
    comm = snap.communities[community_id]
    year = school_year_window(period)
    out, _ = flows(snap, comm, year, weak_only=True)
    sent, back = flows(snap, comm, year)
    started = sent + back
    semesters = semesters_in(period)
    research = [sum(1 for a in comm.activities.values() if a.kind == "research_activity" and s.contains(a.held_on))
                for s in semesters]
    shadow_min, shadow_cells = shadow_minimum(snap, comm, period)
    trends = member_trends(snap, comm, period)
    m = pack.metric
    card = Scorecard("group", community_id, comm.name, period.label, [
        m("group.exchanges_out", len(out)),
        m("group.exchanges_in", len(back)),
        m("group.exchange_balance", len(sent) - len(back)),
        m("group.filed_before_start_share", ratio(sum(1 for x in started if filed_first(x)), len(started))),
        m("group.research_activities_min_semester", min(research)),
        m("group.shadow_days_min_teacher_month", shadow_min),
        m("group.funding", comm.funding_received(year.start, year.end)),
        m("group.members_rotation_due", sum(1 for t in trends if t["rotation_due"])),
    ])
    judged = [x for x in card.metrics if x.met is not None]
    group_share = Decimal(card.met_count) / len(judged) if judged else Decimal(0)
    rated = [t for t in trends if t["progressed"] is not None]
    members_share = Decimal(sum(1 for t in rated if t["progressed"])) / len(rated) if rated else Decimal(0)
    bundled = (100 * (pack.group_weight * group_share + pack.members_weight * members_share)
               ).quantize(Decimal("0.01"), ROUND_HALF_UP)
    card.metrics.append(m("group.bundled_score", bundled))
    card.details = {
        "members": trends,
        "flows": [{"branch_id": b, "branch": snap.name_of(b),
                   "out": sum(1 for x in sent if x.host_id == b),
                   "in": sum(1 for x in back if x.sending_id == b)}
                  for b in sorted(i for i in members_in(comm, year) if i != comm.core_institution_id)],
        "shadow_days": shadow_cells,
        "bundled": {"group_share": str(group_share.quantize(Decimal("0.0001"))),
                    "members_share": str(members_share.quantize(Decimal("0.0001"))),
                    "group_weight": str(pack.group_weight), "members_weight": str(pack.members_weight)},
    }
    quality_year = Period(date(period.end.year, 1, 1), date(period.end.year, 12, 31), str(period.end.year))
    return state_windows(card, period, {
        **dict.fromkeys(("group.exchanges_out", "group.exchanges_in", "group.exchange_balance",
                         "group.filed_before_start_share", "group.funding"), year),
        "group.research_activities_min_semester": semesters,
        "group.members_rotation_due": quality_year})
