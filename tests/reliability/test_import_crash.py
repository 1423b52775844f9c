"""Issue 17: ``kill -9`` during the write pass of ``gtt import``, then the same command again.

docs/import.md ("An interrupted import") says what a crash leaves: the rows of the
batches committed before it — exactly the file's rows up to the line its recording run
noted last — and that run, open. The same command again resumes after that line and
records every row exactly once. The installed ``gtt`` runs in a child process; the test
watches the store and sends SIGKILL while batches are being written.
"""

from __future__ import annotations

import pytest
from eventsourcing.application import AggregateNotFoundError
from faults import (
    attendance_file,
    expected_attendance,
    gtt,
    kill_when,
    run_state,
    seed_internships,
    start_gtt,
    stored_attendance,
)

from gtt_domain.application import GttApplication
from gtt_domain.domain.recording_run import RecordingRun, import_run_id
from gtt_domain.imports.runner import file_digest

ROWS = 100_000
INTERNSHIPS = 100  # 1,000 days each
BATCH = 1000


def _through_line(app: GttApplication, run_id) -> int:  # type: ignore[no-untyped-def]
    try:
        run = app.repository.get(run_id)
    except AggregateNotFoundError:
        return 0
    assert isinstance(run, RecordingRun)
    return run.through_line


@pytest.mark.slow
def test_kill_9_during_the_write_pass_then_the_same_command_completes_it_exactly_once(db_url, tmp_path):
    ids = seed_internships(db_url, tmp_path, INTERNSHIPS)
    path = tmp_path / "attendance.csv"
    keys = attendance_file(path, ids, ROWS)
    run_id = import_run_id("attendance", file_digest(path), 1)
    command = ("--db", db_url, "import", str(path), "--kind", "attendance", "--batch-size", str(BATCH),
               "--format", "table")

    watcher = GttApplication(db_url)
    proc = start_gtt(*command)
    kill_when(proc, lambda: _through_line(watcher, run_id) >= 20_001)  # 20+ batches in, 80 to go
    watcher.close()

    # the state in between, as docs/import.md says: the committed batches' rows, a run noting them
    run = run_state(db_url, run_id)
    assert run is not None and not run.completed
    line = run.through_line
    assert 20_001 <= line < ROWS + 1 and (line - 1) % BATCH == 0
    assert (run.recorded, run.skipped, run.batches) == (line - 1, 0, (line - 1) // BATCH)
    assert stored_attendance(db_url) == expected_attendance(keys[: line - 1])  # rows of lines 2..line, once

    again = gtt(*command, timeout=900)
    assert again.returncode == 0, again.stderr
    assert again.stdout == (f"attendance: {ROWS} row(s): {ROWS - (line - 1)} recorded, {line - 1} already "
                            f"recorded; resumed an interrupted import after line {line}\n")
    stored = stored_attendance(db_url)
    assert stored == expected_attendance(keys) and set(stored.values()) == {1}  # every row, exactly once
    run = run_state(db_url, run_id)
    assert run.completed and (run.recorded, run.through_line) == (ROWS, ROWS + 1)
    assert run.batches == ROWS // BATCH  # no batch twice

    # and a third time: nothing more is recorded, no new run is journaled
    third = gtt(*command, timeout=900)
    assert third.returncode == 0, third.stderr
    assert third.stdout == f"attendance: {ROWS} row(s): 0 recorded, {ROWS} already recorded\n"
    assert stored_attendance(db_url) == stored
    assert run_state(db_url, import_run_id("attendance", file_digest(path), 2)) is None
