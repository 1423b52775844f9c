"""Audits and scorecards from the fact tables against the replay of the whole log.

Each figure runs the installed ``gtt`` in a child process, as a user would, alternating with
its baseline: the same command with ``--replay`` (the in-memory fold the fact tables
replaced), or ``gtt institutions list`` (the issue's yardstick for a whole audit). Peak RSS
is the child's ``VmHWM``, sampled until it exits.
"""

from __future__ import annotations

import os
import subprocess
import time
from typing import Any

from benchmarks.cliquery import gtt_cli
from benchmarks.common import Figure, median
from benchmarks.raw import connect

AS_OF = ("--as-of", "2025-06-30", "--known-at", "2025-07-01T00:00")


def run_child(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of ``gtt ARGS``."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([*gtt_cli(), *args], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    peak = 0.0
    status = f"/proc/{proc.pid}/status"
    while proc.poll() is None:
        try:
            with open(status) as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]) / 1024)
        except OSError:
            pass
        time.sleep(0.01)
    wall = time.perf_counter() - t0
    if proc.returncode not in (0, 3):  # 3: findings at or above --fail-on (not used here)
        raise RuntimeError(f"gtt {' '.join(args)} exited {proc.returncode}: {proc.stderr.read()[-500:]!r}")
    return wall, peak


def paired(ours: list[str], base: list[str], env: dict[str, str], runs: int) -> dict[str, Any]:
    a, b, ra, rb = [], [], [], []
    for _ in range(runs):
        w, r = run_child(ours, env)
        a.append(w)
        ra.append(r)
        w, r = run_child(base, env)
        b.append(w)
        rb.append(r)
    return {"ours": median(a), "base": median(b), "ours_rss": max(ra), "base_rss": max(rb),
            "ours_runs": a, "base_runs": b}


def a_busy_internship(url: str) -> str:
    with connect(url) as conn:
        return str(conn.execute("SELECT internship_id, COUNT(*) n FROM fact_internship_attendance "
                                "GROUP BY internship_id ORDER BY n DESC LIMIT 1").fetchone()[0])


def run(url: str, runs: int) -> list[Figure]:
    env = dict(os.environ, GTT_DATABASE_URL=url)
    run_child(["projections", "run", "--once"], env)  # every read table current first
    audit = ["audit", "run", "--format", "json"]
    replayed = paired(audit, [*audit, "--replay"], env, runs)
    listed = paired(audit, ["institutions", "list", "--format", "json"], env, runs)
    dated = paired([*audit, *AS_OF], [*audit, *AS_OF, "--replay"], env, runs)
    group = ["evaluate", "group", "--year", "2025", "--format", "json"]
    evaluated = paired(group, [*group, "--replay"], env, runs)
    subject = a_busy_internship(url)
    one = [run_child([*audit, "--subject", subject], env)[0] for _ in range(runs)]
    return [
        Figure("audit run vs replay", "s", replayed["ours"], replayed["base"], "ratio <= 0.05",
               higher_is_better=False, runs=runs, detail=replayed),
        Figure("audit run vs institutions list", "s", listed["ours"], listed["base"], "ratio <= 3",
               higher_is_better=False, runs=runs, detail=listed),
        Figure("memory: audit run", "peak RSS MB", replayed["ours_rss"], replayed["base_rss"],
               "ours <= 300", higher_is_better=False, runs=runs),
        Figure("audit as-of/known-at vs replay", "s", dated["ours"], dated["base"], "ratio <= 0.05",
               higher_is_better=False, runs=runs, detail=dated),
        Figure("evaluate group vs replay", "s", evaluated["ours"], evaluated["base"], "ratio <= 0.05",
               higher_is_better=False, runs=runs, detail=evaluated),
        Figure("memory: evaluate group", "peak RSS MB", evaluated["ours_rss"], evaluated["base_rss"],
               "ours <= 300", higher_is_better=False, runs=runs),
        Figure("audit one internship", "ms", median(one) * 1000, None, "", higher_is_better=False,
               runs=runs, detail={"subject": subject, "runs": one}),
    ]
