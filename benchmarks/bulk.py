"""Bulk events: an attendance import vs raw executemany of as many rows of the same size."""

from __future__ import annotations

import importlib
import random
from typing import Any

from benchmarks.common import Figure, paired_rates
from benchmarks.raw import events_like, insert_events_like
from benchmarks.single import last_state_size
from benchmarks.store import (
    BATCH_ROWS,
    DAYS,
    PG_BATCH_ROWS,
    StepClock,
    attendance_batches,
    record_batches,
    setup_internships,
)
from gtt_domain.application.app import GttApplication


def importer() -> Any:
    """``gtt_domain.imports.import_file`` if it exists (the import helper's), else None."""
    try:
        return importlib.import_module("gtt_domain.imports").import_file
    except (ImportError, AttributeError):
        return None


def run(url: str, runs: int, events: int) -> Figure:
    app = GttApplication(url, clock=StepClock(), actor="bench")
    rnd = random.Random(2)
    per_run = max(1, events // DAYS)
    batches = [setup_internships(app, per_run, rnd) for _ in range(runs)]
    count = per_run * DAYS
    # each side times its write only: the rows it is handed are built before (issue 18);
    # one internship's days recorded first size the baseline's rows like ours
    record_batches(app, attendance_batches(app, setup_internships(app, 1, rnd), rnd))
    size = last_state_size(url)
    inputs = [attendance_batches(app, iids, rnd) for iids in batches]
    base_rows = [events_like(count, size, r) for r in range(runs)]

    def ours(i: int) -> None:
        record_batches(app, inputs[i])

    def base(i: int) -> None:
        insert_events_like(url, count, size, i, base_rows[i])

    ours_rate, base_rate, a, b = paired_rates(runs, count, ours, base)
    app.close()
    return Figure("bulk events", "events/s", ours_rate, base_rate, "ratio >= 0.20", runs=runs,
                  detail={"events_per_run": count, "path": "app.handle_batch(record-attendance-batch)",
                          "rows_per_transaction": min(count, (PG_BATCH_ROWS if url.startswith("postgres") else BATCH_ROWS) // DAYS * DAYS),
                          "payload_bytes": size, "ours_runs": a, "baseline_runs": b})
