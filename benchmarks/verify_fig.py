"""Verify: recompute the integrity chain vs raw read + hashlib.sha256 of the same rows."""

from __future__ import annotations

from benchmarks.common import Figure, paired_rates
from benchmarks.raw import hash_events
from gtt_domain.application.app import GttApplication
from gtt_domain.integrity import extend_chain, verify


def run(url: str, runs: int) -> Figure:
    app = GttApplication(url)
    try:
        head = extend_chain(app)  # chaining is the writer's cost; verify reads it back
        events = head.count
        report = verify(app)  # warm-up
        ok = report.ok
        ours_rate, base_rate, a, b = paired_rates(
            runs, events, lambda _: verify(app), lambda _: hash_events(url))
    finally:
        app.close()
    return Figure("verify", "events/s", ours_rate, base_rate, "ratio >= 0.5", runs=runs,
                  detail={"events": events, "verified_ok": ok, "ours_runs": a, "baseline_runs": b})
