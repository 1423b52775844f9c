"""Rebuild: every projection from zero vs raw read + raw executemany of the same rows."""

from __future__ import annotations

import time
from typing import Any

from gtt_projections import ReadModel

from benchmarks.common import Figure, median, timed
from benchmarks.raw import connect, executemany, is_pg, read_events
from gtt_domain.application.app import GttApplication


def rebuild_all(url: str) -> int:
    """Rebuild every registered projection; returns the number of events replayed."""
    app = GttApplication(url)
    try:
        with ReadModel(app) as rm:
            rm.rebuild()
            return int(app.recorder.max_notification_id() or 0)
    finally:
        app.close()


def read_tables(url: str) -> list[str]:
    with ReadModel(GttApplication(url)) as rm:
        return [t.name for p in rm.projections.values() for t in p.tables]


def snapshot_rows(url: str, tables: list[str]) -> dict[str, list[tuple[Any, ...]]]:
    out: dict[str, list[tuple[Any, ...]]] = {}
    with connect(url) as conn:
        cur = conn.cursor()
        for t in tables:
            cur.execute(f"SELECT * FROM {t}")
            out[t] = list(cur.fetchall())
        conn.rollback()
    return out


def raw_side(url: str, rows: dict[str, list[tuple[Any, ...]]]) -> None:
    read_events(url)
    for t, table_rows in rows.items():
        create = (f"CREATE TABLE bench_rm_{t} (LIKE {t})" if is_pg(url)
                  else f"CREATE TABLE bench_rm_{t} AS SELECT * FROM {t} WHERE 0")
        executemany(url, f"bench_rm_{t}", table_rows, create)


def run(url: str, runs: int) -> Figure:
    """No separate warm-up (a rebuild of a large store is minutes): the first timed
    rebuild fills the tables whose rows the baseline then copies (untimed)."""
    a: list[float] = []
    b: list[float] = []
    events = 0
    rows: dict[str, list[tuple[Any, ...]]] = {}
    for i in range(runs):
        t0 = time.perf_counter()
        events = rebuild_all(url)
        a.append(events / (time.perf_counter() - t0))
        if i == 0:
            rows = snapshot_rows(url, read_tables(url))
        b.append(events / timed(lambda rows=rows: raw_side(url, rows)))
    return Figure("rebuild", "events/s", median(a), median(b), "ratio >= 0.30", runs=runs,
                  detail={"events": events, "read_rows": {t: len(r) for t, r in rows.items()},
                          "ours_runs": a, "baseline_runs": b})
