"""Everything the yearly report shows, from one fold of the log: headline counts, every
family's scorecards, internships per month by status, and audit findings by rule and
severity (when the audit package is installed)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from gtt_domain.application.timetravel import Moment
from gtt_domain.evaluation.model import Scorecard
from gtt_domain.evaluation.pack import EvaluationPack, load_pack
from gtt_domain.evaluation.periods import Period, months_in
from gtt_domain.evaluation.run import FAMILIES, score_snapshot
from gtt_domain.evaluation.snapshot import Snapshot
from gtt_domain.evaluation.source import ReplaySource, Source

STATUS_EVENTS = ("started", "completed", "terminated")


@dataclass
class Overview:
    period: Period
    headline: dict[str, int]
    cards: dict[str, list[Scorecard]]
    internship_months: list[str]
    internships_by_status: dict[str, list[int]]
    #: None when the audit package is missing or the audit was left out (``audit_skipped``)
    findings: list[dict[str, Any]] | None = None
    audit_skipped: bool = False


def internships_per_month(snap: Snapshot, period: Period) -> tuple[list[str], dict[str, list[int]]]:
    """Internships started, completed and terminated in each month of the period."""
    months = months_in(period)
    counts: dict[str, list[int]] = {s: [0] * len(months) for s in STATUS_EVENTS}
    for i in snap.internships.values():
        marks = {"started": i.started_on,
                 "completed": i.ended_on if i.status == "completed" else None,
                 "terminated": i.ended_on if i.status == "terminated" else None}
        for status, day in marks.items():
            for n, mo in enumerate(months):
                if mo.contains(day):
                    counts[status][n] += 1
    return [m.label for m in months], counts


def headline(snap: Snapshot, cards: dict[str, list[Scorecard]], period: Period) -> dict[str, int]:
    kinds = Counter(i.kind for i in snap.institutions.values())
    every = [c for cs in cards.values() for c in cs]
    return {
        "schools": kinds.get("school", 0),
        "enterprises": kinds.get("enterprise", 0),
        "internships_started": sum(1 for i in snap.internships.values() if period.contains(i.started_on)),
        "exchanges_started": sum(1 for x in snap.exchanges.values() if period.contains(x.started_on)),
        "scorecards": len(every),
        "metrics_met": sum(c.met_count for c in every),
        "metrics_not_met": sum(c.not_met_count for c in every),
    }


#: how the report groups a finding's status (waived and exempt findings are counted, never hidden)
STATUS_COLUMNS = ("remedied", "closed", "waived", "exempt")


def by_rule_and_severity(found: list[Any]) -> list[dict[str, Any]]:
    """Findings counted by rule and severity: ``count`` still to answer (open, acknowledged,
    assigned, disputed, reopened), then remedied, closed, waived, exempt and the total."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for f in found:
        row = rows.setdefault((f.rule_id, str(f.severity)), {"rule": f.rule_id, "severity": str(f.severity),
                                                             "count": 0, **dict.fromkeys(STATUS_COLUMNS, 0),
                                                             "total": 0})
        row["total"] += 1
        if f.status in STATUS_COLUMNS:
            row[f.status] += 1
        else:
            row["count"] += 1
    return [rows[k] for k in sorted(rows)]


def build_overview(app: Any, period: Period, *, pack: EvaluationPack | None = None,
                   known_at: Moment | None = None, with_audit: bool = True,
                   source: Source | None = None) -> Overview:
    pack = pack or load_pack()
    source = source or ReplaySource(app)
    snap = source.snapshot(None, known_at)
    if with_audit:
        snap.findings = source.findings(period.end, known_at)
    cards = {name: score_snapshot(snap, name, period, pack=pack) for name in FAMILIES}
    months, by_status = internships_per_month(snap, period)
    return Overview(period, headline(snap, cards, period), cards, months, by_status,
                    None if snap.findings is None else by_rule_and_severity(snap.findings),
                    audit_skipped=not with_audit)
