"""One writer process for the concurrency figure: set up, say ready, wait, write, report.

``python -m benchmarks.writer URL COMMANDS``: one attendance day per command and per
transaction, on its own internships (no conflicts between writers).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from datetime import timedelta

from benchmarks.store import START, StepClock, attendance_row, setup_internships
from gtt_domain.application.app import GttApplication

INTERNSHIPS = 10


def main(url: str, commands: int) -> None:
    app = GttApplication(url, clock=StepClock(), actor="bench")
    rnd = random.Random()
    iids = setup_internships(app, INTERNSHIPS, rnd)
    print("ready", flush=True)
    sys.stdin.readline()
    t0 = time.time()
    for c in range(commands):
        row = attendance_row(iids[c % INTERNSHIPS], START + timedelta(days=1 + c // INTERNSHIPS), rnd)
        app.handle(row, name="internship.record-attendance")
    t1 = time.time()
    app.close()
    print(json.dumps({"start": t0, "end": t1, "commands": commands}), flush=True)


def concurrent(url: str, writers: int, commands: int) -> float:
    """Commands/s of ``writers`` processes writing at once (first start to last end)."""
    GttApplication(url).close()  # create the tables first: concurrent CREATEs race on PostgreSQL
    procs = [subprocess.Popen([sys.executable, "-m", "benchmarks.writer", url, str(commands)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
             for _ in range(writers)]
    for p in procs:
        assert p.stdout is not None
        if p.stdout.readline().strip() != "ready":
            raise RuntimeError("writer failed to start")
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    reports = []
    for p in procs:
        out, _ = p.communicate()
        if p.returncode:
            raise RuntimeError(f"writer exited with {p.returncode}")
        reports.append(json.loads(out.strip().splitlines()[-1]))
    span = max(r["end"] for r in reports) - min(r["start"] for r in reports)
    return sum(r["commands"] for r in reports) / span


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
