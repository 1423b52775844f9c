"""Issue 17: the import journal (a ``RecordingRun`` per file) and write conflicts, on real
SQLite and PostgreSQL.

An import stopped after some batches leaves exactly those batches' rows and an open run
noting the last line they covered; the same import again resumes after it and records
every row once. A write conflict (another writer changed an internship between the
import loading and saving it) is retried with backoff; conflicts that never clear stop
the import with :class:`ImportInterrupted` saying how far it got.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from import_fixtures import INTERNS, attendance_rows, seed, write_csv

from gtt_domain.application import GttApplication
from gtt_domain.commands.internship import RecordAttendance
from gtt_domain.domain.base import natural_id
from gtt_domain.domain.internship import Internship
from gtt_domain.domain.recording_run import RecordingRun, import_run_id
from gtt_domain.imports import ImportInterrupted, import_file
from gtt_domain.imports.runner import CONFLICT_ATTEMPTS, file_digest

HEADER = ["internship", "day", "hours"]


class Stop(Exception):
    """Stands for the process dying right after a batch was committed."""


@pytest.fixture
def app(db_url, clock, tmp_path):
    app = GttApplication(db_url, clock=clock, actor="importer")
    seed(app, tmp_path)
    yield app
    app.close()


def attendance_events(app: GttApplication) -> Counter[tuple[str, date]]:
    topic = f"{Internship.AttendanceRecorded.__module__}:{Internship.AttendanceRecorded.__qualname__}"
    page = app.recorder.select_notifications(start=1, limit=100_000, topics=[topic])
    events = [app.mapper.to_domain_event(n) for n in page]
    return Counter((str(e.originator_id), e.day) for e in events)


def expected(rows: list[list[object]]) -> Counter[tuple[str, date]]:
    return Counter((str(natural_id("internship", str(r[0]))), date.fromisoformat(str(r[1]))) for r in rows)


def run_of(app: GttApplication, path, attempt: int = 1) -> RecordingRun | None:  # type: ignore[no-untyped-def]
    try:
        run = app.repository.get(import_run_id("attendance", file_digest(path), attempt))
    except Exception:
        return None
    assert isinstance(run, RecordingRun)
    return run


def stop_after_batches(n: int):  # type: ignore[no-untyped-def]
    seen = {"batches": 0}

    def progress(phase: str, rows: int, total: int | None) -> None:
        if phase == "write":
            seen["batches"] += 1
            if seen["batches"] == n:
                raise Stop

    return progress


def test_an_interrupted_import_leaves_its_committed_batches_and_resumes_after_them(app, tmp_path):
    rows = attendance_rows(40)
    path = write_csv(tmp_path / "att.csv", HEADER, rows)
    with pytest.raises(Stop):
        import_file(app, path, "attendance", batch_size=10, progress=stop_after_batches(2))
    run = run_of(app, path)
    assert run is not None and not run.completed
    assert (run.through_line, run.recorded, run.batches, run.rows) == (21, 20, 2, 40)
    assert attendance_events(app) == expected(rows[:20])

    report = import_file(app, path, "attendance", batch_size=7)  # another batch size: lines count
    assert (report.resumed_after, report.written, report.skipped) == (21, 20, 20)
    assert attendance_events(app) == expected(rows)
    run = run_of(app, path)
    assert run.completed and (run.recorded, run.through_line, run.batches) == (40, 41, 2 + 3)

    again = import_file(app, path, "attendance", batch_size=10)
    assert (again.resumed_after, again.written, again.skipped) == (None, 0, 40)
    assert run_of(app, path, attempt=2) is None  # nothing recorded, so no run journaled
    assert attendance_events(app) == expected(rows)


def test_a_changed_file_is_a_new_run_and_records_only_what_is_new(app, tmp_path):
    rows = attendance_rows(30)
    path = write_csv(tmp_path / "att.csv", HEADER, rows[:20])
    with pytest.raises(Stop):
        import_file(app, path, "attendance", batch_size=10, progress=stop_after_batches(1))
    old = run_of(app, path)
    write_csv(path, HEADER, rows)  # the file grew: another digest, another run
    report = import_file(app, path, "attendance", batch_size=10)
    assert (report.resumed_after, report.written, report.skipped) == (None, 20, 10)
    assert attendance_events(app) == expected(rows)
    assert old is not None and not old.completed and run_of(app, path).completed


def racing_writer(app: GttApplication, other: GttApplication, races: int) -> list[int]:
    """Make ``app.handle_batch`` lose a race ``races`` times: while an import's batch is
    loaded and about to be saved, ``other`` records attendance on the same internship
    (a real commit on the same database). Returns a list counting the races run."""
    original = app.handle_batch
    ran: list[int] = []
    day = date(2026, 6, 1)

    def handle_batch(commands, *, journal=None, **meta):  # type: ignore[no-untyped-def]
        def note(uow, event_meta):  # type: ignore[no-untyped-def]
            if journal is not None:
                journal(uow, event_meta)
            if len(ran) < races and commands:
                ran.append(1)
                other.handle(RecordAttendance(internship_id=natural_id("internship", INTERNS[0]),
                                              day=day + timedelta(days=len(ran)), hours=8))

        return original(commands, journal=note, **meta)

    app.handle_batch = handle_batch  # type: ignore[method-assign]
    return ran


def test_write_conflicts_are_retried_with_backoff_and_every_row_is_recorded_once(app, db_url, tmp_path):
    rows = attendance_rows(30)
    path = write_csv(tmp_path / "att.csv", HEADER, rows)
    other = GttApplication(db_url, actor="colleague")
    ran = racing_writer(app, other, races=3)
    waits: list[float] = []
    report = import_file(app, path, "attendance", batch_size=10, sleep=waits.append)
    other.close()
    assert len(ran) == 3 and report.conflicts_retried == 3 and len(waits) == 3
    assert all(0 <= w <= 2.0 for w in waits)
    assert report.written == 30 and run_of(app, path).completed
    stored = attendance_events(app)
    assert stored - expected(rows) == Counter({(str(natural_id("internship", INTERNS[0])), date(2026, 6, d)): 1
                                               for d in (2, 3, 4)})  # the colleague's three days
    assert set(stored.values()) == {1}


def test_conflicts_that_never_clear_stop_the_import_saying_how_far_it_got(app, db_url, tmp_path):
    rows = attendance_rows(30)
    path = write_csv(tmp_path / "att.csv", HEADER, rows)
    other = GttApplication(db_url, actor="colleague")
    # the first batch goes through; from the second on, every attempt loses its race
    original = app.handle_batch
    calls = {"n": 0}

    def first_then_race(commands, *, journal=None, **meta):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 1:
            return original(commands, journal=journal, **meta)

        def note(uow, event_meta):  # type: ignore[no-untyped-def]
            if journal is not None:
                journal(uow, event_meta)
            other.handle(RecordAttendance(internship_id=natural_id("internship", INTERNS[0]),
                                          day=date(2026, 6, 1) + timedelta(days=calls["n"]), hours=8))

        return original(commands, journal=note, **meta)

    app.handle_batch = first_then_race  # type: ignore[method-assign]
    with pytest.raises(ImportInterrupted) as caught:
        import_file(app, path, "attendance", batch_size=10, sleep=lambda _s: None)
    other.close()
    e = caught.value
    assert (e.written, e.through_line, e.attempts) == (10, 11, CONFLICT_ATTEMPTS)
    assert str(e).endswith("10 row(s) recorded by this run (lines up to 11 done); "
                           "import the same file again to continue")
    from gtt_cli.commands.import_ import _interrupted  # the line `gtt import` prints for it

    assert _interrupted(e, db_url) == (
        f"{path}: import interrupted: another writer kept changing the same records ({CONFLICT_ATTEMPTS} "
        "attempts with backoff); 10 row(s) recorded by this run, lines up to 11 done (journaled); "
        "run the same command again to continue")
    assert expected(rows[:10]) - attendance_events(app) == Counter()  # the first batch, once
    assert not run_of(app, path).completed

    app.handle_batch = original  # type: ignore[method-assign]
    report = import_file(app, path, "attendance", batch_size=10)
    assert (report.resumed_after, report.written) == (11, 20)
    stored = attendance_events(app)
    assert expected(rows) - stored == Counter() and set(stored.values()) == {1}
