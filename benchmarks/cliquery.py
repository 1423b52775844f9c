"""CLI query: ``gtt internships list --host X --format json`` vs a python3 -c sqlite3 query."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks.common import Figure, median, timed, unavailable
from benchmarks.raw import connect
from gtt_domain.application.config import sqlite_path

GOAL = "ratio <= 3"
BASELINE = ("import sqlite3, json, sys; c = sqlite3.connect(sys.argv[1]); "
            "c.row_factory = sqlite3.Row; "
            "rows = c.execute('SELECT * FROM {table} WHERE host_id = ?', (sys.argv[2],)).fetchall(); "
            "print(json.dumps([dict(r) for r in rows], default=str))")


def internships_table() -> str | None:
    """The read table of the ``internships`` projection, if that projection exists."""
    from gtt_projections import registered

    for p in registered():
        if p.name == "internships":
            for t in p.tables:
                if "host_id" in t.c:
                    return str(t.name)
    return None


def catch_up(url: str) -> None:
    """Bring the read tables up to the log first (untimed): the figure measures a query on
    a current store, and ``--only cli`` runs without the rebuild figure that builds them."""
    from gtt_projections import ReadModel

    from gtt_domain.application.app import GttApplication

    app = GttApplication(url)
    try:
        with ReadModel(app) as rm:
            rm.catch_up()
    finally:
        app.close()


def gtt_cli() -> list[str]:
    exe = Path(sys.executable).with_name("gtt")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "gtt_cli.main"]


def run(url: str, runs: int) -> Figure:
    if url.startswith("postgres"):
        return unavailable("CLI query", "ms", GOAL, "measured on SQLite only")
    table = internships_table()
    if table is None:
        return unavailable("CLI query", "ms", GOAL,
                           "no 'internships' projection with a host_id column at run time")
    catch_up(url)
    with connect(url) as conn:
        host = conn.execute(f"SELECT host_id, COUNT(*) n FROM {table} GROUP BY host_id "
                            "ORDER BY n DESC LIMIT 1").fetchone()[0]
    env = dict(os.environ, GTT_DATABASE_URL=url)
    ours_cmd = [*gtt_cli(), "internships", "list", "--host", str(host), "--format", "json"]
    base_cmd = ["python3", "-c", BASELINE.format(table=table), sqlite_path(url), str(host)]
    help_ok = subprocess.run([*gtt_cli(), "internships", "list", "--help"], env=env,
                             capture_output=True).returncode == 0
    if not help_ok:
        return unavailable("CLI query", "ms", GOAL, "'gtt internships list' not available")
    outputs: dict[str, Any] = {}

    def call(cmd: list[str], key: str) -> None:
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
        outputs[key] = len(out.stdout)

    call(ours_cmd, "ours")  # warm-up; the CLI catches the projection up first
    a = [timed(lambda: call(ours_cmd, "ours")) * 1000 for _ in range(runs)]
    b = [timed(lambda: call(base_cmd, "base")) * 1000 for _ in range(runs)]
    return Figure("CLI query", "ms", median(a), median(b), GOAL, higher_is_better=False,
                  runs=runs, detail={"host": str(host), "table": table,
                                     "output_chars": outputs, "ours_runs": a, "baseline_runs": b})
