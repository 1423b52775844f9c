"""Issue 17 part 2: a follower survives a lost connection; writers fail fast, in one line.

* ``gtt projections run`` on PostgreSQL keeps running while its server connections are
  terminated with ``pg_terminate_backend`` (no server restart): it says so on one line per
  attempt, reconnects, resumes from the stored positions, and its tables equal a rebuild.
* A writer whose database does not answer (a closed port, a lock another session holds)
  fails with one line naming ``GTT_DB_TIMEOUT`` within that bound, and records nothing.

Only connections this test started are terminated: the follower runs with its own
``PGAPPNAME`` (libpq's application name), and only backends with that name are ended.
"""

from __future__ import annotations

import importlib.util
import re
import signal
import socket
import sqlite3
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from readside_procs import dump

from gtt_domain.application import GttApplication
from gtt_domain.commands.institution import RegisterInstitution

_spec = importlib.util.spec_from_file_location("installed", Path(__file__).parents[1] / "cli" / "installed.py")
assert _spec is not None and _spec.loader is not None
installed = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(installed)
gtt, gtt_script, user_env = installed.gtt, installed.gtt_script, installed.user_env

BOUND = 2  # GTT_DB_TIMEOUT in these tests, seconds
#: what "within the bound" allows on top of it: not a speed check, a wait that ignored the
#: bound (the failure this replaces waited 30-60 s per attempt, and retried) must not pass;
#: starting Python and the CLI on a loaded CI machine took 12 s once, so the margin is wide.
#: The bound each wait is given is checked exactly in test_every_wait_is_given_the_bound.
START_UP = 40


def wait_until(condition, limit: float = 90.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "the follower did not catch up"
        time.sleep(0.1)


def terminate(pg_url: str, appname: str) -> int:
    """End every server backend of the follower (by its application name); how many."""
    import psycopg

    plain = pg_url.split("?", 1)[0].replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        rows = conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE application_name = %s", (appname,)).fetchall()
    return sum(1 for (ok,) in rows if ok)


def write(app: GttApplication, n: int, tag: str) -> None:
    for i in range(n):
        app.handle(RegisterInstitution(kind="school", name=f"{tag} {i}", region="Anxi"))


def test_follower_keeps_running_through_pg_terminate_backend(pg_url):
    from gtt_projections import ReadModel

    app = GttApplication(pg_url, actor="setup")
    write(app, 3, "Before")
    env = user_env(GTT_DATABASE_URL=pg_url, GTT_DB_TIMEOUT=str(BOUND))
    assert gtt("projections", "run", "--once", env=env).returncode == 0
    appname = f"gtt-follow-{uuid.uuid4().hex[:8]}"
    follower = subprocess.Popen(
        [str(gtt_script()), "projections", "run", "--poll-interval", "0.05", "--timeout", "300"],
        env={**env, "PGAPPNAME": appname}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    rm = ReadModel(app)
    try:
        write(app, 4, "First")
        head = rm.head()
        wait_until(lambda: {s.position for s in rm.status()} == {head})
        for round_ in range(2):  # twice: the second outage hits the reconnected follower
            assert terminate(pg_url, appname) >= 1
            write(app, 5, f"During {round_}")  # while it reconnects
            head = rm.head()
            wait_until(lambda: {s.position for s in rm.status()} == {head})  # noqa: B023
            assert follower.poll() is None, "the follower exited"
    finally:
        follower.send_signal(signal.SIGINT)
        out, err = follower.communicate(timeout=60)
    assert follower.returncode == 0, err[-2000:]
    lines = err.splitlines()
    lost = [x for x in lines if x.startswith("connection lost (")]
    back = [x for x in lines if x.startswith("reconnected after ")]
    assert len(lost) >= 2 and len(back) >= 2, err[-2000:]
    assert all(re.fullmatch(r"connection lost \(.+\); reconnecting in [\d.]+ s \(attempt \d+\)", x) for x in lost)
    assert all(re.fullmatch(r"reconnected after \d+ attempt\(s\); following from position \d+", x) for x in back)
    assert "Traceback" not in err
    # exactly once: nothing parked, and every table equals a clean rebuild
    assert {s.dead_letters for s in rm.status()} == {0}
    incremental = dump(rm)
    rm.rebuild()
    assert dump(rm) == incremental
    rm.close()
    app.close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def register(env: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    result = gtt("institution", "register", "--kind", "school", "--name", "Outage", "--region", "Anxi",
                 env=env, timeout=120)
    return result, time.monotonic() - started


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


def test_every_wait_is_given_the_bound(monkeypatch):
    """SQLite's busy wait and PostgreSQL's connect, checkout and lock waits all take
    GTT_DB_TIMEOUT (the stores' engines and eventsourcing's recorders)."""
    from gtt_domain.application.config import engine_waits, eventsourcing_env

    monkeypatch.setenv("GTT_DB_TIMEOUT", "3")
    assert engine_waits("sqlite:////tmp/x.sqlite3") == {"connect_args": {"timeout": 3}}
    pg = engine_waits("postgresql+psycopg://postgres@127.0.0.1:5432/test")
    assert (pg["pool_timeout"], pg["connect_args"]["connect_timeout"]) == (3, 3)
    assert "lock_timeout=3000" in pg["connect_args"]["options"]
    assert eventsourcing_env("sqlite:////tmp/x.sqlite3")["SQLITE_LOCK_TIMEOUT"] == "3"
    env = eventsourcing_env("postgresql+psycopg://postgres@127.0.0.1:5432/test")
    assert (env["POSTGRES_LOCK_TIMEOUT"], env["POSTGRES_CONNECT_TIMEOUT"]) == ("3", "3")


def test_a_writer_with_no_server_fails_within_the_bound():
    url = f"postgresql+psycopg://postgres@127.0.0.1:{closed_port()}/test"
    result, took = register(user_env(GTT_DATABASE_URL=url, GTT_DB_TIMEOUT=str(BOUND)))
    line = one_error_line(result)
    assert "no connection within 2 s (GTT_DB_TIMEOUT)" in line
    assert took < BOUND + START_UP


def test_a_writer_blocked_by_a_lock_fails_within_the_bound_and_records_nothing(pg_url):
    import psycopg

    app = GttApplication(pg_url, actor="setup")
    write(app, 1, "Before")
    before = app.recorder.max_notification_id()
    schema = pg_url.rsplit("schema=", 1)[1]
    env = user_env(GTT_DATABASE_URL=pg_url, GTT_DB_TIMEOUT=str(BOUND))
    plain = pg_url.split("?", 1)[0].replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain) as holder:  # another session holds the events table's lock
        holder.execute(f'LOCK TABLE "{schema}".gtt_events IN EXCLUSIVE MODE')
        result, took = register(env)
        holder.rollback()
    line = one_error_line(result)
    assert "a lock was not granted within 2 s (GTT_DB_TIMEOUT)" in line
    assert app.recorder.max_notification_id() == before
    assert register(env)[0].returncode == 0  # the same command once the lock is gone
    assert app.recorder.max_notification_id() == before + 1
    app.close()


def test_a_writer_blocked_on_sqlite_fails_within_the_bound_and_records_nothing(tmp_path):
    path = tmp_path / "gtt.sqlite3"
    app = GttApplication(f"sqlite:///{path}", actor="setup")
    write(app, 1, "Before")
    before = app.recorder.max_notification_id()
    env = user_env(GTT_DATABASE_URL=f"sqlite:///{path}", GTT_DB_TIMEOUT=str(BOUND))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process is writing
    try:
        result, took = register(env)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    # the bound the wait had, said as PostgreSQL's is (no timing asserted: a loaded machine
    # can take seconds to start the process; that SQLite's wait is GTT_DB_TIMEOUT is
    # checked where the engine is configured)
    assert one_error_line(result) == ("Error: database busy: a lock was not granted within 2 s (GTT_DB_TIMEOUT); "
                                      "another writer holds it, try again")
    assert app.recorder.max_notification_id() == before
    app.close()


@pytest.mark.parametrize("value", ["0", "soon", "-3"])
def test_a_bad_timeout_is_named(tmp_path, value):
    result, _ = register(user_env(GTT_DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}", GTT_DB_TIMEOUT=value))
    assert result.returncode != 0 and "GTT_DB_TIMEOUT" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_follower_on_sqlite_waits_out_a_lock_held_past_the_bound(tmp_path):
    """SQLite has no connection to lose, but a writer holding the file past GTT_DB_TIMEOUT
    makes the follower's batch fail the same way: it says so, waits, and carries on."""
    from gtt_projections import ReadModel

    path = tmp_path / "gtt.sqlite3"
    url = f"sqlite:///{path}"
    app = GttApplication(url, actor="setup")
    write(app, 2, "Before")
    env = user_env(GTT_DATABASE_URL=url, GTT_DB_TIMEOUT="1")
    assert gtt("projections", "run", "--once", env=env).returncode == 0
    follower = subprocess.Popen(
        [str(gtt_script()), "projections", "run", "--poll-interval", "0.05", "--timeout", "300"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    rm = ReadModel(app)
    try:
        write(app, 3, "First")
        head = rm.head()
        wait_until(lambda: {s.position for s in rm.status()} == {head})
        # 100 institutions in one transaction, and at once a writer holds the file for 4 s:
        # the follower is still reading and applying them when it needs to write
        holder = sqlite3.connect(path, isolation_level=None, timeout=30)
        app.handle_batch([RegisterInstitution(kind="school", name=f"Held {i}", region="Anxi")
                          for i in range(100)])
        holder.execute("BEGIN IMMEDIATE")
        time.sleep(4)
        holder.execute("ROLLBACK")
        holder.close()
        head = rm.head()
        wait_until(lambda: {s.position for s in rm.status()} == {head})
        assert follower.poll() is None, "the follower exited"
    finally:
        follower.send_signal(signal.SIGINT)
        _out, err = follower.communicate(timeout=60)
    assert follower.returncode == 0, err[-2000:]
    lines = err.splitlines()
    lost = [x for x in lines if x.startswith("connection lost (")]
    assert lost and all("locked" in x for x in lost), err[-2000:]
    assert any(x.startswith("reconnected after ") for x in lines), err[-2000:]
    assert {s.dead_letters for s in rm.status()} == {0}
    incremental = dump(rm)
    rm.rebuild()
    assert dump(rm) == incremental
    rm.close()
    app.close()
