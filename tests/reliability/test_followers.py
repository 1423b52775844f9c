"""Issue 8 part 1: two projection followers running at once never apply an event twice.

Two follower processes (``ReadModel.follow``: polling on SQLite, LISTEN/NOTIFY on
PostgreSQL) run on one store while a third process appends. Afterwards the ``Tally``
counter equals the number of events, each position has exactly one row, the followers'
applied counts add up to the log length, and every table equals a clean rebuild.
"""

from __future__ import annotations

import json
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
        outputs = [f.communicate(timeout=60) for f in followers]
    assert [f.returncode for f in followers] == [0, 0], [err for _, err in outputs]

    events = len(app.recorder.select_notifications(start=1, limit=10_000))
    assert events == 3 + 2 * WRITES
    assert _tally(rm) == events  # no event applied twice (nor skipped)
    positions = [p for p, _ in dump(rm)["tally_positions"]]
    assert positions == [n.id for n in app.recorder.select_notifications(start=1, limit=10_000)]
    finals = [json.loads(out.strip().splitlines()[-1]) for out, _ in outputs]
    applied = [f["applied"] for f in finals]
    assert sum(a.get("tally", 0) for a in applied) == events - 3  # the first 3 by the set-up
    assert sum(a.get("timeline", 0) for a in applied) == events - 3
    assert sum(f["returned"] for f in finals) == 3 * (events - 3)  # follow() counts the same

    incremental = dump(rm)
    rm.rebuild()
    assert dump(rm) == incremental
    rm.close()
    app.close()
