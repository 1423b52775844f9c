"""Issue 8 part 2: ``kill -9`` a rebuild mid-batch and a follower mid-stream.

Real subprocesses (``readside_procs.py``). The test-only ``Tally`` projection stops
inside the batch holding position P, either in its handler (``handler``: the timeline's
rows of that page are written in the page's shared transaction, Tally's not yet) or after
its rows were written and its position moved, before the commit (``flush``); the test waits
for the ``hang P`` line and sends SIGKILL. After a restart (a plain catch-up) every read
table, and every position, equals a clean rebuild.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from readside_procs import dump, read_model

from gtt_domain.application import GttApplication
from gtt_domain.commands.institution import OpenDepartment, RegisterInstitution
from gtt_domain.domain.base import natural_id

PROCS = Path(__file__).with_name("readside_procs.py")


def _populate(app: GttApplication, n: int, prefix: str) -> None:
    for i in range(n):
        iid = app.handle(RegisterInstitution(kind="school", name=f"{prefix} {i}", region="Anxi"))
        app.handle(OpenDepartment(institution_id=iid, name="Nursing", teacher_count=i))


def _populate_in_one_transaction(app: GttApplication, n: int, prefix: str) -> None:
    """Like ``_populate`` but one commit: the writer is done before a follower that hangs
    inside its batch (holding SQLite's write lock) could block it."""
    commands: list = []
    for i in range(n):
        key = f"{prefix}-{i}"
        commands.append(RegisterInstitution(kind="school", name=f"{prefix} {i}", region="Anxi",
                                            external_id=key))
        commands.append(OpenDepartment(institution_id=natural_id("institution", key),
                                       name="Nursing", teacher_count=i))
    app.handle_batch(commands)


HANG_POINTS = {"handler": "GTT_TEST_HANG_AT", "flush": "GTT_TEST_HANG_AFTER_FLUSH"}


def _start(args: list[str], point: str, hang_at: int) -> subprocess.Popen[str]:
    env = {**os.environ, HANG_POINTS[point]: str(hang_at)}
    return subprocess.Popen([sys.executable, str(PROCS), *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _kill_at_hang(proc: subprocess.Popen[str], hang_at: int) -> list[str]:
    """Read the process's lines until it reports the hang, then SIGKILL it."""
    assert proc.stdout is not None
    lines = []
    for line in proc.stdout:  # ends at EOF if the process exits without hanging
        lines.append(line.strip())
        if line.strip() == f"hang {hang_at}":
            break
    proc.send_signal(signal.SIGKILL)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL, (lines, err)
    assert lines[-1] == f"hang {hang_at}", (lines, err)
    return lines


def _restart_equals_clean_rebuild(app: GttApplication) -> None:
    rm = read_model(app)
    rm.catch_up(batch_size=4)
    after_restart = dump(rm)
    head = app.recorder.max_notification_id()
    assert [p for _, p, _ in after_restart["positions"]] == [head] * 3
    assert after_restart["tally_counts"] == [("all", head)]
    rm.rebuild()
    assert dump(rm) == after_restart
    rm.close()


@pytest.mark.parametrize("point", list(HANG_POINTS))
def test_kill_a_rebuild_mid_batch(db_url, point):
    app = GttApplication(db_url, actor="setup")
    _populate(app, 8, "School")  # 16 events; batches of 3
    rm = read_model(app)
    rm.catch_up()  # a complete read model, then a rebuild that dies half-way
    rm.close()
    proc = _start(["rebuild", db_url], point, hang_at=11)  # in the batch 10..12
    lines = _kill_at_hang(proc, 11)
    assert "progress 9/16" in lines and "done" not in lines

    rm = read_model(app)  # the state the kill left: Tally (rebuilt in place) partial; timeline
    killed = {s.name: s.position for s in rm.status()}  # and institutions were being rebuilt
    assert killed == {"timeline": 16, "tally": 9, "institutions": 16}  # aside: live tables whole
    rm.close()
    _restart_equals_clean_rebuild(app)
    app.close()


@pytest.mark.parametrize("point", list(HANG_POINTS))
def test_kill_a_follower_mid_stream(db_url, tmp_path, point):
    app = GttApplication(db_url, actor="setup")
    _populate(app, 2, "Before")  # 4 events, caught up by the follower first
    proc = _start(["follow", db_url, str(tmp_path / "never")], point, hang_at=8)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "following"
    _populate_in_one_transaction(app, 4, "During")  # positions 5..12 arrive while it follows
    _kill_at_hang(proc, 8)

    rm = read_model(app)
    killed = {s.name: s.position for s in rm.status()}
    assert 4 <= killed["tally"] < 8  # stopped inside a batch; the page is one transaction
    assert killed["timeline"] == killed["institutions"] == killed["tally"]  # for all three
    rm.close()
    _restart_equals_clean_rebuild(app)
    app.close()
