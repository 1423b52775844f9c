"""Time travel: the internship with the most events, as it was two thirds into its
recorded attendance (events folded, no snapshot)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from benchmarks.common import Figure, median, timed
from benchmarks.raw import connect, events_table
from gtt_domain.application.app import GttApplication
from gtt_domain.application.timetravel import state_at


def longest_internship(url: str) -> tuple[UUID, int]:
    table, _ = events_table(url)
    with connect(url) as conn:
        cur = conn.cursor()
        cur.execute(f"SELECT originator_id, MAX(originator_version) v FROM {table} "
                    "WHERE topic LIKE '%Internship%' GROUP BY originator_id ORDER BY v DESC LIMIT 1")
        oid, version = cur.fetchone()
        conn.rollback()
    return UUID(str(oid)), int(version)


def two_thirds_in(app: GttApplication, iid: UUID) -> date:
    """A day inside the internship's history, so the state is neither empty nor the latest."""
    days = app.repository.get(iid).attendance_book.days()
    return days[len(days) * 2 // 3]


def run(url: str, runs: int, calls: int = 20) -> Figure:
    iid, version = longest_internship(url)
    app = GttApplication(url)
    try:
        as_of = two_thirds_in(app, iid)
        found = state_at(app, iid, as_of=as_of) is not None
        per_run = [timed(lambda: [state_at(app, iid, as_of=as_of) for _ in range(calls)])
                   * 1000 / calls for _ in range(runs)]
    finally:
        app.close()
    return Figure("time travel", "ms per state_at", median(per_run), None, "ours <= 20",
                  higher_is_better=False, runs=runs,
                  detail={"events_in_aggregate": version, "as_of": as_of.isoformat(),
                          "found": found, "calls_per_run": calls, "runs_ms": per_run})
