"""Issue 8 part 1: two projection followers running at once never apply an event twice.

Two follower processes (``ReadModel.follow``: polling on SQLite, LISTEN/NOTIFY on
PostgreSQL) run on one store while a third process appends. Afterwards the ``Tally``
counter equals the number of events, each position has exactly one row, the followers'
applied counts add up to the log length, and every table equals a clean rebuild.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from readside_procs import dump, read_model

from gtt_domain.application import GttApplication
from gtt_domain.commands.institution import RegisterInstitution

PROCS = Path(__file__).with_name("readside_procs.py")
WRITES = 15  # institutions written while the followers run: 30 events

def wait_until(condition, limit: float = 90.0) -> None:
    """Poll ``condition``; the bound turns a stuck follower into a failure, not a hang."""
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "followers did not catch up"
        time.sleep(0.1)


def finish(proc: subprocess.Popen[str]) -> tuple[str, str]:
    """Wait, then read what is left (through the same buffered pipes the test read lines
    from: ``communicate`` would skip what they had read ahead). Output is small."""
    proc.wait(timeout=60)
    assert proc.stdout is not None and proc.stderr is not None
    return proc.stdout.read(), proc.stderr.read()


def _tally(rm) -> int:
    rows = dump(rm)["tally_counts"]
    return rows[0][1] if rows else 0


def test_two_followers_and_a_writer(db_url, tmp_path):
    app = GttApplication(db_url, actor="setup")
    for i in range(3):
        app.handle(RegisterInstitution(kind="school", name=f"Before {i}", region="Anxi"))
    rm = read_model(app)
    # Versions stored and the first events applied before the followers start: two
    # followers starting on a never-built read model both try the first-time reset
    # (projection_versions insert) and one fails; reported to the read-side owner.
    rm.catch_up()
    stopfile = tmp_path / "stop"
    followers = [subprocess.Popen([sys.executable, str(PROCS), "follow", db_url, str(stopfile)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(2)]
    try:
        for f in followers:  # both are running before the writer starts
            assert f.stdout is not None and f.stdout.readline().strip() == "following"
        subprocess.run([sys.executable, str(PROCS), "write", db_url, str(WRITES)], check=True, timeout=120)
        head = rm.head()
        wait_until(lambda: [s.position for s in rm.status()] == [head] * 3)
    finally:
        stopfile.touch()
        outputs = [finish(f) for f in followers]
    assert [f.returncode for f in followers] == [0, 0], [err for _, err in outputs]

    stored = [n.id for n in app.recorder.select_notifications(start=1, limit=10_000)]
    assert len(stored) == 3 + 2 * WRITES
    positions = [p for p, _ in dump(rm)["tally_positions"]]  # primary key: each at most once
    finals = [json.loads(out.strip().splitlines()[-1]) for out, _ in outputs]
    applied = [f["applied"] for f in finals]
    # never applied twice: the counter equals the distinct positions, and so do the applied
    # counts of both followers (plus the 3 of the set-up); nothing parked
    assert _tally(rm) == len(positions) == 3 + sum(a.get("tally", 0) for a in applied)
    assert set(positions) <= set(stored)
    assert {s.dead_letters for s in rm.status()} == {0}
    # nothing skipped either, and the tables equal a clean rebuild
    assert positions == stored
    assert sum(a.get("timeline", 0) for a in applied) == len(stored) - 3
    assert sum(f["returned"] for f in finals) == 3 * (len(stored) - 3)  # follow() counts the same
    incremental = dump(rm)
    rm.rebuild()
    assert dump(rm) == incremental
    rm.close()
    app.close()


#: ``gtt`` itself (gtt_cli.main:main), with INFO logging so it says when it is following
GTT = ("import logging, sys; logging.basicConfig(level=logging.INFO, format='%(message)s');"
       "sys.argv[0] = 'gtt'; from gtt_cli.main import main; main()")


def test_two_gtt_projections_run_processes(db_url):
    """The same through ``gtt projections run``, with every registered projection: the
    applied-count lines of both processes add up to the events each projection handles."""
    from gtt_projections import ReadModel

    base = [sys.executable, "-c", GTT, "--db", db_url, "projections"]
    app = GttApplication(db_url, actor="setup")
    app.handle(RegisterInstitution(kind="school", name="Before", region="Anxi"))
    # initialised first, for the start-up race on projection_versions (see the test above)
    subprocess.run([*base, "run", "--once", "--format", "json"], check=True, timeout=120, capture_output=True)
    rm = ReadModel(app)
    before = rm.head()
    runs = [subprocess.Popen([*base, "run", "--poll-interval", "0.05", "--batch-size", "3", "--timeout", "120",
                              "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    early: list[str] = []
    try:
        for r in runs:  # Ctrl-C is only clean once it follows (before, startup is interrupted)
            assert r.stderr is not None
            for line in r.stderr:
                early.append(line)
                if line.startswith("following by"):
                    break
        subprocess.run([sys.executable, str(PROCS), "write", db_url, "8"], check=True, timeout=120)
        head = rm.head()
        wait_until(lambda: {s.position for s in rm.status()} == {head})
    finally:
        for r in runs:
            r.send_signal(signal.SIGINT)
        outputs = [finish(r) for r in runs]
    assert [r.returncode for r in runs] == [0, 0], [err[-2000:] for _, err in outputs]
    stderr = "".join(early) + "".join(err for _, err in outputs)
    applied = sum(int(m) for m in re.findall(r"^applied (\d+) event", stderr, re.MULTILINE))
    written = app.recorder.select_notifications(start=before, limit=10_000, inclusive_of_start=False)
    expected = sum(p.handles(n.topic) for p in rm.projections.values() for n in written)
    assert {s.dead_letters for s in rm.status()} == {0}  # a second application would be parked
    incremental = dump(rm)
    rm.rebuild()
    rebuilt = dump(rm)
    # never twice: no table holds more rows than the rebuild (the timeline: one per event)
    assert all(len(incremental[t]) <= len(rows) for t, rows in rebuilt.items())
    assert applied <= expected
    assert applied == expected > len(written)
    assert incremental == rebuilt
    rm.close()
    app.close()
