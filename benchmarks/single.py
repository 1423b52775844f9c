"""Single command: one attendance day through the application vs bare Application.save."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from benchmarks.common import Figure, paired_rates
from benchmarks.raw import connect, events_table
from benchmarks.store import START, StepClock, attendance_row, setup_internships
from gtt_domain.application.app import GttApplication
from gtt_domain.application.config import eventsourcing_env

INTERNSHIPS = 20


class Note(Aggregate):
    """The bare baseline: an aggregate whose one event carries a payload of a given size."""

    @event("Noted")
    def note(self, payload: str) -> None:
        self.last = payload


class Bare(Application):
    name = "benchbare"


def bare_env(url: str, bare_sqlite: str) -> dict[str, str]:
    """Same backend as ``url``: a sibling SQLite file, or the same PostgreSQL schema."""
    if url.startswith("postgres"):
        return eventsourcing_env(url)
    return eventsourcing_env(f"sqlite:///{bare_sqlite}")


def last_state_size(url: str) -> int:
    table, pos = events_table(url)
    with connect(url) as conn:
        cur = conn.cursor()
        cur.execute(f"SELECT state FROM {table} ORDER BY {pos} DESC LIMIT 1")
        size = len(bytes(cur.fetchone()[0]))
        conn.rollback()
    return size


def run(url: str, bare_sqlite: str, runs: int, count: int = 200) -> Figure:
    app = GttApplication(url, clock=StepClock(), actor="bench")
    rnd = random.Random(1)
    iids = setup_internships(app, INTERNSHIPS, rnd)
    day_of: dict[int, int] = {}

    def ours(_: int) -> None:
        for c in range(count):
            k = c % len(iids)
            day_of[k] = day_of.get(k, 0) + 1
            row = attendance_row(iids[k], START + timedelta(days=day_of[k]), rnd)
            app.handle(row, name="internship.record-attendance")

    ours(0)  # warm up, and leaves an attendance event to size the baseline by
    size = last_state_size(url)
    bare = Bare(env=bare_env(url, bare_sqlite))
    agg = Note()
    bare.save(agg)
    pad = "x" * max(1, size - 60)  # the JSON envelope of a one-field event is ~60 bytes

    def base(_: int) -> None:
        for _c in range(count):
            agg.note(pad)
            bare.save(agg)

    ours_rate, base_rate, a, b = paired_rates(runs, count, ours, base)
    detail: dict[str, Any] = {"commands_per_run": count, "payload_bytes": size,
                              "ours_runs": a, "baseline_runs": b}
    app.close()
    bare.close()
    return Figure("single command", "commands/s", ours_rate, base_rate, "ratio >= 0.8",
                  runs=runs, detail=detail)
