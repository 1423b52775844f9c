"""Per education group (P1): exchanges head school -> branches (P1-R5) and back (P1-R6),
filing before the start (P1-R4), research activities per semester (P1-R3), shadow days
per branch teacher per month (P1-R9), funding (P1-R12), each member's teaching-quality
trend with "rotation due" (P1-R7), and the bundled evaluation (P1-R11).

Out = rotation or support-teaching exchanges from the head to a branch started in the
period; in = rotation or shadow-learning exchanges from a branch to the head. Shadow days
are ``shadow_day`` activities a branch teacher took part in, per teaching month (July and
August are holidays). The bundled score is ``group_weight`` x the share of the group's
targets met + ``members_weight`` x the share of members whose quality rose, times 100.

Exchanges, filing and funding are per-year targets (the year to date on a quarter or
month card), research activities per semester (the semester to date), teaching quality
is assessed per calendar year (the year of the period's end); windows other than the
period are stated in ``details["windows"]``.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from gtt_domain.domain.community import Community
from gtt_domain.domain.exchange import Exchange
from gtt_domain.evaluation.common import state_windows, teachers_at
from gtt_domain.evaluation.model import Scorecard, ratio
from gtt_domain.evaluation.pack import EvaluationPack
from gtt_domain.evaluation.periods import Period, annual_window, months_in, semesters_in
from gtt_domain.evaluation.snapshot import Snapshot
from gtt_domain.evaluation.trend import progressed, rotation_due, scores_up_to

OUT_KINDS = frozenset({"rotation", "support_teaching"})
IN_KINDS = frozenset({"rotation", "shadow_learning"})
HOLIDAY_MONTHS = frozenset({7, 8})


def subjects(snap: Snapshot) -> list[str]:
    return sorted(c for c, comm in snap.communities.items() if comm.kind == "education_group")


def members_in(comm: Community, period: Period) -> dict[str, str]:
    """Institution id -> role, for every member at some time in the period."""
    return {s.institution_id: s.role for s in comm.members
            if s.joined_on <= period.end and (s.left_on is None or s.left_on >= period.start)}


def flows(snap: Snapshot, comm: Community, period: Period) -> tuple[list[Exchange], list[Exchange]]:
    head = comm.core_institution_id
    branches = {i for i, r in members_in(comm, period).items() if i != head}
    live = [x for x in snap.exchanges.values() if x.status != "cancelled" and period.contains(x.started_on)]
    out = [x for x in live if x.kind in OUT_KINDS and x.sending_id == head and x.host_id in branches]
    back = [x for x in live if x.kind in IN_KINDS and x.host_id == head and x.sending_id in branches]
    return out, back


def shadow_minimum(snap: Snapshot, comm: Community, period: Period) -> tuple[int | None, list[dict[str, Any]]]:
    head = comm.core_institution_id
    branches = [i for i in members_in(comm, period) if i != head]
    teachers = sorted({t for b in branches for t in teachers_at(snap, b, period.end)})
    months = [mo for mo in months_in(period) if mo.start.month not in HOLIDAY_MONTHS]
    shadow = [a for a in comm.activities.values() if a.kind == "shadow_day"]
    cells: list[dict[str, Any]] = [{"teacher": t, "month": mo.label,
              "days": sum(1 for a in shadow if mo.contains(a.held_on) and t in a.participants)}
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
    year = annual_window(period)
    out, back = flows(snap, comm, year)
    started = out + back
    semesters = semesters_in(period)
    research = [sum(1 for a in comm.activities.values() if a.kind == "research_activity" and s.contains(a.held_on))
                for s in semesters]
    shadow_min, shadow_cells = shadow_minimum(snap, comm, period)
    trends = member_trends(snap, comm, period)
    m = pack.metric
    card = Scorecard("group", community_id, comm.name, period.label, [
        m("group.exchanges_out", len(out)),
        m("group.exchanges_in", len(back)),
        m("group.exchange_balance", len(out) - len(back)),
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
                   "out": sum(1 for x in out if x.host_id == b),
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
