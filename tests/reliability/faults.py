"""Helpers for the issue 17 fault tests: a store seeded for large imports, the installed
``gtt`` as a process that can be killed, and what is stored afterwards."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

sys.path.insert(0, str(Path(__file__).parents[1] / "cli"))
from installed import gtt, gtt_script, user_env  # noqa: E402, F401  (gtt: re-exported for the tests)

from gtt_domain.application import GttApplication  # noqa: E402
from gtt_domain.commands.internship import StartInternship  # noqa: E402
from gtt_domain.domain.base import natural_id  # noqa: E402
from gtt_domain.imports import import_file  # noqa: E402

START = date(2024, 3, 4)


def interns(n: int) -> list[str]:
    return [f"I{k:04d}" for k in range(n)]


def seed_internships(url: str, tmp: Path, n: int) -> list[str]:
    """A school, a host, ``n`` students and their started internships (through the importer)."""
    app = GttApplication(url, actor="setup")
    try:
        inst = tmp / "inst.csv"
        _write(inst, ["external_id", "kind", "name", "region"],
               [["SCH1", "school", "Anxi Vocational College", "Anxi"], ["ENT1", "enterprise", "Gree", "Zhuhai"]])
        assert import_file(app, inst, "institutions").ok
        ids = interns(n)
        persons = tmp / "persons.csv"
        _write(persons, ["student_number", "kind", "name", "institution"],
               [[f"S{i}", "student", f"Student {i}", "SCH1"] for i in ids])
        assert import_file(app, persons, "persons").written == n
        places = tmp / "interns.csv"
        _write(places, ["external_id", "student_number", "school", "host", "kind", "post", "planned_start",
                        "planned_end"],
               [[i, f"S{i}", "SCH1", "ENT1", "post", "AC assembly", START.isoformat(), "2027-12-31"] for i in ids])
        assert import_file(app, places, "internships").written == n
        app.handle_batch([StartInternship(internship_id=natural_id("internship", i), on=START) for i in ids])
    finally:
        app.close()
    return ids


def attendance_file(path: Path, ids: list[str], rows: int) -> list[tuple[str, date]]:
    """``rows`` attendance rows, an internship's days one after another (as a host's
    export per intern lists them), then the next internship's; the (internship, day) keys
    in file order (line = index + 2)."""
    per = -(-rows // len(ids))
    keys = [(ids[k // per], START + timedelta(days=k % per)) for k in range(rows)]
    _write(path, ["internship", "day", "hours"], [[i, d.isoformat(), "8"] for i, d in keys])
    return keys


def _write(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def start_gtt(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """``gtt ARGS…`` as a child process (stdout and stderr piped)."""
    return subprocess.Popen([str(gtt_script()), *args], env=env or user_env(), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def kill_when(proc: subprocess.Popen[str], ready: Callable[[], bool], *, timeout: float = 600,
              poll: float = 0.05) -> None:
    """SIGKILL ``proc`` as soon as ``ready()`` holds (checked every ``poll`` s); fails if the
    process ends first or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while not ready():
        if proc.poll() is not None:
            out, err = proc.communicate()
            raise AssertionError(f"the process ended (exit {proc.returncode}) before the kill point: {out}{err}")
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("the kill point was never reached")
        time.sleep(poll)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL


def stored_attendance(url: str) -> Counter[tuple[str, date]]:
    """(internship id, day) of every stored ``AttendanceRecorded`` event, with its count."""
    from gtt_domain.domain.internship import Internship

    app = GttApplication(url)
    try:
        topic = f"{Internship.AttendanceRecorded.__module__}:{Internship.AttendanceRecorded.__qualname__}"
        found: Counter[tuple[str, date]] = Counter()
        start = 1
        while True:
            page = app.recorder.select_notifications(start=start, limit=10_000, topics=[topic])
            if not page:
                return found
            for n in page:
                event = app.mapper.to_domain_event(n)
                found[(str(event.originator_id), event.day)] += 1
            start = page[-1].id + 1
    finally:
        app.close()


def expected_attendance(keys: list[tuple[str, date]]) -> Counter[tuple[str, date]]:
    return Counter((str(natural_id("internship", i)), d) for i, d in keys)


def run_state(url: str, run_id: UUID) -> Any:
    """The recording run as stored, or ``None``."""
    from eventsourcing.application import AggregateNotFoundError

    app = GttApplication(url)
    try:
        return app.repository.get(run_id)
    except AggregateNotFoundError:
        return None
    finally:
        app.close()
