"""Issue 17: the cost of recording attendance does not grow with the internship, and
snapshots stay smaller than the events they summarise.

* ``long internship``: ms per ``internship.record-attendance`` command (one day, one
  transaction, the internship loaded from its latest snapshot + the events after it) on
  an internship already holding 1,000 days, against the same on one holding 10 days. Each
  run times a window of 50 commands (one full snapshot interval) on each side, alternately.
* ``snapshot bytes``: the bytes of every stored snapshot of the demo store against the
  bytes of every stored event (``length(state)`` of each row, as stored).
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any
from uuid import UUID

from benchmarks.common import Figure, median, timed
from benchmarks.raw import connect, events_table
from benchmarks.store import START, StepClock, attendance_row, setup_internships
from gtt_domain.application.app import GttApplication

SHORT, LONG = 10, 1_000
WINDOW = 50  # commands per run and side: one snapshot interval, so each side takes one snapshot


def _fill(app: GttApplication, iid: UUID, days: int, rnd: random.Random) -> None:
    for lo in range(0, days, 500):
        rows = [attendance_row(iid, START + timedelta(days=d), rnd) for d in range(lo, min(days, lo + 500))]
        app.handle_batch([("internship.record-attendance-batch", {"rows": rows})])


def snapshot_table(url: str) -> str:
    events, _ = events_table(url)
    return events.replace("stored_events", "stored_snapshots").replace("gtt_events", "gtt_snapshots")


def _sizes(url: str, iid: UUID | None = None) -> dict[str, int]:
    events, _ = events_table(url)
    snaps = snapshot_table(url)
    where, args = "", ()
    if iid is not None:
        key: Any = iid.hex if url.startswith("sqlite") else iid
        where, args = (" WHERE originator_id = ?", (key,)) if url.startswith("sqlite") else (
            " WHERE originator_id = %s", (key,))
    out: dict[str, int] = {}
    with connect(url) as conn:
        cur = conn.cursor()
        for name, table in (("events", events), ("snapshots", snaps)):
            cur.execute(f"SELECT COUNT(*), COALESCE(SUM(LENGTH(state)), 0) FROM {table}{where}", args)
            count, size = cur.fetchone()
            out[f"{name}"], out[f"{name}_bytes"] = int(count), int(size)
        conn.rollback()
    return out


def run(url: str, runs: int, long_days: int = LONG) -> Figure:
    app = GttApplication(url, clock=StepClock(), actor="bench")
    rnd = random.Random(3)
    iids = setup_internships(app, 2 * runs, rnd)
    short, long = iids[:runs], iids[runs:]
    for iid in short:
        _fill(app, iid, SHORT, rnd)
    for iid in long:
        _fill(app, iid, long_days, rnd)

    def window(iid: UUID, first: int) -> float:
        rows = [attendance_row(iid, START + timedelta(days=first + k), rnd) for k in range(WINDOW)]
        return timed(lambda: [app.handle(r, name="internship.record-attendance") for r in rows]) * 1000 / WINDOW

    at_short: list[float] = []
    at_long: list[float] = []
    for r in range(runs):
        at_short.append(window(short[r], SHORT))
        at_long.append(window(long[r], long_days))
    detail: dict[str, Any] = {
        "days_before": {"short": SHORT, "long": long_days}, "commands_per_run": WINDOW,
        "short_runs_ms": at_short, "long_runs_ms": at_long,
        "long_internship_store": _sizes(url, long[0]),
        "snapshot_version_kept": [s.originator_version for s in app.snapshots.get(long[0])],
    }
    app.close()
    return Figure(f"attendance at day {long_days:,} vs {SHORT}", "ms per command", median(at_long),
                  median(at_short), "ratio <= 1.25", higher_is_better=False, runs=runs, detail=detail)


def snapshot_bytes(url: str) -> Figure:
    sizes = _sizes(url)
    return Figure("snapshot bytes vs event bytes", "bytes", float(sizes["snapshots_bytes"]),
                  float(sizes["events_bytes"]), "ratio <= 1", higher_is_better=False, runs=1,
                  detail=sizes)
