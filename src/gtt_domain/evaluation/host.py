"""Per host enterprise: interns hosted in the period, cap headroom against N-INT-11 (interns
at most 10% of on-post staff, on the busiest day of the period) and the mean host
evaluation and open audit findings on its internships touching the period (None when the
audits were not run). Headroom is None while the host has reported no headcount.

Then the employment office's demonstration-base criteria (P14-R4, the pack's
``criteria``): each criterion's value, threshold and met / not met, and whether the host
meets them all (``host.meets_demonstration_base_criteria``; unknown while a value is).
Completion rate is completed over internships ended in the period; years of cooperation
are whole years from the activation of the longest-running base agreement with the host
still in force on the period's last day (suspensions not subtracted).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from gtt_domain.audit.findings import severity_rank
from gtt_domain.domain.internship import Internship
from gtt_domain.evaluation.common import BASE_KINDS
from gtt_domain.evaluation.criteria import overall
from gtt_domain.evaluation.model import Metric, Number, Scorecard, mean, ratio
from gtt_domain.evaluation.pack import EvaluationPack
from gtt_domain.evaluation.periods import Period
from gtt_domain.evaluation.person import whole_months
from gtt_domain.evaluation.snapshot import Snapshot

CAP_SHARE = 10  # percent of on-post staff (N-INT-11)


def subjects(snap: Snapshot) -> list[str]:
    return sorted({i.host_id for i in snap.internships.values() if i.host_id in snap.institutions})


def on_post_span(i: Internship, period: Period) -> tuple[object, object] | None:
    """The days of the period the intern was on post (started, not yet ended)."""
    if i.started_on is None:
        return None
    last = i.ended_on or period.end
    start, end = max(i.started_on, period.start), min(last, period.end)
    return (start, end) if start <= end else None


def peak(spans: list[tuple]) -> int:
    """The most interns on post on any one day."""
    changes: list[tuple] = []
    for start, end in spans:
        changes += [(start, 1), (end + timedelta(days=1), -1)]
    best = now = 0
    for _day, delta in sorted(changes, key=lambda c: (c[0], c[1])):
        now += delta
        best = max(best, now)
    return best


def years_of_cooperation(snap: Snapshot, host_id: str, day: date) -> int:
    """Whole years the longest base agreement with the host in force on ``day`` has run."""
    starts = [a.activated_on for a in snap.agreements.values()
              if a.kind in BASE_KINDS and a.has_party(host_id) and a.activated_on is not None
              and a.is_active_on(day)]
    return max((whole_months(s, day) // 12 for s in starts), default=0)


def open_findings_at_or_above(snap: Snapshot, internship_ids: set[str], severity: str) -> int | None:
    if snap.findings is None:
        return None
    floor = severity_rank(severity)
    return sum(1 for f in snap.findings if getattr(f, "unanswered", f.status == "open") and f.subject_kind == "internship"
               and f.subject_id in internship_ids and severity_rank(f.severity) >= floor)


def scorecard(snap: Snapshot, host_id: str, period: Period, pack: EvaluationPack) -> Scorecard:
    host = snap.institutions[host_id]
    interns = [i for i in snap.internships.values() if i.host_id == host_id]
    spans = [s for s in (on_post_span(i, period) for i in interns) if s is not None]
    busiest = peak(spans)
    cap = None if host.on_post_staff is None else host.on_post_staff * CAP_SHARE // 100
    headroom = None if cap is None else cap - busiest
    scores = [e.score for i in interns for e in i.evaluations if e.by == "host" and period.contains(e.on)]
    touching = {str(i.id) for i in interns
                if period.touches(i.started_on or i.planned_start, i.ended_on or i.planned_end)}
    ended = [i for i in interns if period.contains(i.ended_on)]
    completed = sum(1 for i in ended if i.status == "completed")
    m = pack.metric
    card = Scorecard("host", host_id, host.name, period.label, [
        m("host.interns_hosted", len(spans)),
        m("host.peak_interns_on_a_day", busiest),
        m("host.intern_cap", cap),
        m("host.cap_headroom", headroom),
        m("host.interns_completed", completed),
        m("host.mean_evaluation", mean(scores)),
        m("host.open_findings", snap.open_findings_on(touching)),
    ])
    if pack.criteria is None:
        return card
    values: dict[str, Any] = {
        "interns_hosted": len(spans), "mean_host_evaluation": mean(scores),
        "completion_rate": ratio(completed, len(ended)), "cap_headroom": headroom,
        "years_of_cooperation": years_of_cooperation(snap, host_id, period.end),
    }
    judged: list[Metric] = []
    for c in pack.criteria.criteria:
        value: Number | None = (open_findings_at_or_above(snap, touching, c.min_severity)
                                if c.min_severity is not None else values[c.measure])
        judged.append(c.judge(value))
    verdict = overall(judged)
    card.metrics += [*judged, verdict]
    card.details["demonstration_base"] = {
        "pack": pack.criteria.header.id, "version": pack.criteria.header.version, "meets": verdict.met,
        "criteria": [{"id": c.id, "title": c.title.en, "title_zh": c.title.zh, "measure": c.measure,
                      "draws_on": c.draws_on, **j.row()} for c, j in zip(pack.criteria.criteria, judged, strict=True)],
    }
    return card
