"""Follow mode: events written by another process reach the read tables without a restart
(LISTEN/NOTIFY on PostgreSQL, polling on SQLite)."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
import time
from pathlib import Path

from gtt_projections.queries import list_institutions, timeline
from readside_helpers import register_school

WRITER = Path(__file__).with_name("readside_writer_process.py")


def wait_until(condition, limit: float = 60.0) -> None:
    """Poll ``condition``; a bound so a broken follower fails the test instead of hanging it."""
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "follower did not catch up"
        time.sleep(0.05)


def test_follow_sees_events_from_another_process(db_url, app, read_model, caplog):
    caplog.set_level(logging.INFO, logger="gtt_projections.follow")
    register_school(app, "Local")
    rm = read_model()
    stop = threading.Event()
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["applied"] = rm.follow(stop=stop, poll_interval=0.05, batch_size=2)
        except BaseException as e:
            outcome["error"] = e

    follower = threading.Thread(target=run)
    follower.start()
    try:
        wait_until(lambda: len(list_institutions(rm, catch_up=False)) == 1)
        subprocess.run([sys.executable, str(WRITER), db_url, "5"], check=True, timeout=120)
        wait_until(lambda: len(list_institutions(rm, catch_up=False)) == 6)
    finally:
        stop.set()
        follower.join(timeout=60)
    assert not follower.is_alive()
    assert "error" not in outcome
    assert outcome["applied"] == 12  # 6 events, each in 2 projections, each exactly once
    remote = timeline(rm, actor="other-process", catch_up=False)
    assert [r.summary for r in remote] == [f"Registered: kind=school, name='Remote {i}', region=Anxi"
                                           for i in range(5)]
    mode = "LISTEN/NOTIFY" if db_url.startswith("postgresql") else "polling"
    assert f"following by {mode}" in caplog.text
