"""Follow mode: events written by another process reach the read tables without a restart
(LISTEN/NOTIFY on PostgreSQL, polling on SQLite)."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.projection import ProjectionRunner
from gtt_projections import ReadView
from gtt_projections.models.institutions import Institutions, institutions
from gtt_projections.queries import list_institutions, timeline
from readside_helpers import register_school
from sqlalchemy import select

from gtt_domain.application import GttApplication
from gtt_domain.application.config import postgres_schema

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
    # 6 registrations, each applied exactly once by every projection that reads them
    readers = [p for p in rm.projections.values()
               if p.handles("gtt_domain.domain.institution:Institution.Registered")]
    assert len(readers) >= 2 and outcome["applied"] == 6 * len(readers)
    remote = timeline(rm, actor="other-process", catch_up=False)
    assert [r.summary for r in remote] == [f"Registered: kind=school, name='Remote {i}', region=Anxi"
                                           for i in range(5)]
    mode = "LISTEN/NOTIFY" if db_url.startswith("postgresql") else "polling"
    assert f"following by {mode}" in caplog.text


class RunnerApp(GttApplication):
    """GttApplication built the way ProjectionRunner builds applications: from ``env``."""

    name = "gtt"

    def __init__(self, env=None):
        super().__init__(env["GTT_URL"])


@pytest.mark.postgres
def test_projections_run_under_eventsourcings_projection_runner(pg_url, clock):
    app = GttApplication(pg_url, clock=clock)
    base, schema = pg_url.split("?", 1)[0], postgres_schema(pg_url)
    env = {"GTT_URL": pg_url, "INSTITUTIONS_PERSISTENCE_MODULE": "eventsourcing_sqlalchemy",
           "INSTITUTIONS_SQLALCHEMY_URL": f"{base}?options=-csearch_path%3D{schema}"}
    register_school(app, "Before")
    with ProjectionRunner(application_class=RunnerApp, projection_class=Institutions,
                          view_class=ReadView, env=env) as runner:
        register_school(app, "During")
        runner.wait(app.recorder.max_notification_id(), timeout=30)
        with runner.view.transaction(commit=False) as session:
            names = session.execute(select(institutions.c.name).order_by(institutions.c.name)).scalars()
            assert list(names) == ["Before", "During"]
        with pytest.raises(IntegrityError):  # the runner's position cannot be recorded twice
            runner.view.insert_tracking(Tracking("gtt", 2))
    app.close()
