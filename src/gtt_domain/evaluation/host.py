"""Per host enterprise: interns hosted in the period, cap headroom against N-INT-11 (interns
at most 10% of on-post staff, on the busiest day of the period) and the mean host
evaluation and open audit findings on its internships touching the period (None when the
audits were not run). Headroom is None while the host has reported no headcount."""

from __future__ import annotations

from datetime import timedelta

from gtt_domain.domain.internship import Internship
from gtt_domain.evaluation.model import Scorecard, mean
from gtt_domain.evaluation.pack import EvaluationPack
from gtt_domain.evaluation.periods import Period
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


def scorecard(snap: Snapshot, host_id: str, period: Period, pack: EvaluationPack) -> Scorecard:
    host = snap.institutions[host_id]
    interns = [i for i in snap.internships.values() if i.host_id == host_id]
    spans = [s for s in (on_post_span(i, period) for i in interns) if s is not None]
    busiest = peak(spans)
    cap = None if host.on_post_staff is None else host.on_post_staff * CAP_SHARE // 100
    scores = [e.score for i in interns for e in i.evaluations if e.by == "host" and period.contains(e.on)]
    m = pack.metric
    return Scorecard("host", host_id, host.name, period.label, [
        m("host.interns_hosted", len(spans)),
        m("host.peak_interns_on_a_day", busiest),
        m("host.intern_cap", cap),
        m("host.cap_headroom", None if cap is None else cap - busiest),
        m("host.interns_completed", sum(1 for i in interns if i.status == "completed" and period.contains(i.ended_on))),
        m("host.mean_evaluation", mean(scores)),
        m("host.open_findings", snap.open_findings_on(
            {str(i.id) for i in interns if period.touches(i.started_on or i.planned_start, i.ended_on or i.planned_end)})),
    ])
