"""Issue 19: the default demo exercises every plan. For each plan P1-P14 the demo store
holds at least one finding of a rule the plan is the source of (``gtt audit run``, as a
user runs it) or one scorecard metric citing one of its rules with data: a value that is
neither null (nothing to divide by) nor zero (which cannot tell "nothing recorded" from
"nothing done"). P11's text is P6's (plans.md "P6 = P11"): P6's rules are its rules."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from gtt_domain.application.app import GttApplication
from gtt_domain.demo.calendar import END
from gtt_domain.evaluation.periods import evaluation_period
from gtt_domain.evaluation.run import FAMILIES, score_snapshot
from gtt_domain.evaluation.source import ReplaySource

PLANS = [f"P{n}" for n in range(1, 15)]
SAME_TEXT = {"P11": "P6"}
CITED = re.compile(r"\b(P\d+)-[RS]\d+")
GTT = str(Path(sys.executable).with_name("gtt"))
ENV = {**os.environ, "GTT_DATABASE_URL": "", "GTT_READ_DATABASE_URL": "", "GTT_CIPHER_KEY": ""}


def plans_with_findings(url: str) -> dict[str, set[str]]:
    """Plan -> the rules of it with a finding on the demo's last day (the installed ``gtt``);
    ``all``: every rule with a finding."""
    run = subprocess.run([GTT, "--db", url, "audit", "run", "--as-of", END.isoformat(), "--format", "json"],
                         capture_output=True, text=True, env=ENV, timeout=600, check=False)
    assert run.returncode == 0, run.stderr
    out: dict[str, set[str]] = {"all": set()}
    for f in json.loads(run.stdout):
        out["all"].add(f["rule_id"])
        if m := CITED.match(f["rule_id"]):
            out.setdefault(m.group(1), set()).add(f["rule_id"])
    return out


def plans_with_metrics(url: str) -> dict[str, set[str]]:
    """Plan -> the metrics citing it with a value other than null or zero, over every family
    and both calendar years of the demo (one fold of the log)."""
    app = GttApplication(url)
    try:
        snap = ReplaySource(app).snapshot(None, None)
    finally:
        app.close()
    out: dict[str, set[str]] = {}
    for year in (2025, 2026):
        for family in FAMILIES:
            for card in score_snapshot(snap, family, evaluation_period(year)):
                for m in card.metrics:
                    if m.rule is None or m.value is None or m.value == 0:
                        continue
                    for plan in CITED.findall(m.rule):
                        out.setdefault(plan, set()).add(m.key)
    return out


def covered(found: dict[str, set[str]], plan: str) -> bool:
    return bool(found.get(plan) or found.get(SAME_TEXT.get(plan, plan)))


def test_every_plan_has_a_finding_or_a_metric_with_data(demo: dict[str, Any]):
    findings, metrics = plans_with_findings(demo["url"]), plans_with_metrics(demo["url"])
    lacking = [p for p in PLANS if not covered(findings, p) and not covered(metrics, p)]
    assert not lacking, f"plans without a finding or a metric with data on the demo: {', '.join(lacking)}"


def test_the_demo_exercises_what_issue_19_names(demo: dict[str, Any]):
    """P3's communities, P4's titles, P7's order class, P13's quarterly reviews and
    teachers' enterprise practice counted for P6-R5 each leave data, not only a plan somewhere."""
    findings, metrics = plans_with_findings(demo["url"]), plans_with_metrics(demo["url"])
    expected = {
        "P3 tight groups": "community.new_tight_groups" in metrics.get("P3", set()),
        "P3 cross-stage group": "community.new_cross_stage_groups" in metrics.get("P3", set()),
        "P3 online pairing": "community.online_pairing_coverage" in metrics.get("P3", set()),
        "P3 rural co-construction": "community.rural_coconstruction_share" in metrics.get("P3", set()),
        "P3 approvals": "P3-R3-steps" in findings.get("P3", set()),
        "P4 title after primary service": "NMED-1-title" in findings["all"],
        "P4 primary service": "person.continuous_primary_months" in metrics.get("P4", set()),
        "P6-R5 practice": "department.practice_share" in metrics.get("P6", set()),
        "P7 order class": "P7-R1-employment" in findings.get("P7", set()),
        "P13 quarterly reviews": "P13-R2-quarterly" in findings.get("P13", set()),
    }
    missing = [k for k, ok in expected.items() if not ok]
    assert not missing, f"the demo leaves no data for: {', '.join(missing)}"
