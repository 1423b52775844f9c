"""Issue 17: ``kill -9`` during ``gtt demo`` and during ``gtt audit seal``.

* A demo killed half-way leaves a prefix of its transactions and no completion marker;
  ``gtt demo`` then names the store as holding an interrupted demo (exit 1, nothing
  recorded), and ``--fresh`` records the whole demo, marker last.
* A seal killed while it extends the hash chain leaves whole chain batches and no seal;
  ``gtt audit verify`` still passes (nothing sealed yet), and ``gtt audit seal`` again
  chains the rest exactly once and seals every event.
"""

from __future__ import annotations

import sqlite3

import pytest
from faults import gtt, kill_when, start_gtt

from gtt_domain.application import GttApplication
from gtt_domain.application.config import sqlite_path
from gtt_domain.commands.institution import RegisterInstitution
from gtt_domain.demo import demo_completed, demo_recorded

SCALE = "0.1"  # about 7,900 events


@pytest.mark.slow
def test_kill_9_during_demo_then_it_is_named_and_fresh_records_it_whole(sqlite_url):
    command = ("demo", "--db", sqlite_url, "--scale", SCALE, "--no-summary")
    watcher = GttApplication(sqlite_url)
    proc = start_gtt(*command)
    kill_when(proc, lambda: (watcher.recorder.max_notification_id() or 0) >= 2000, poll=0.01)
    watcher.close()

    app = GttApplication(sqlite_url)
    held = app.recorder.max_notification_id() or 0
    assert 2000 <= held and demo_recorded(app) and not demo_completed(app)
    app.close()

    again = gtt(*command)
    assert again.returncode == 1 and again.stdout == ""
    assert again.stderr == (f"Error: this store holds an interrupted demo ({held} events, no completion marker): "
                            "record it again with --fresh (an SQLite file) or into an empty database\n")
    app = GttApplication(sqlite_url)
    assert app.recorder.max_notification_id() == held  # nothing more recorded
    app.close()

    fresh = gtt(*command, "--fresh")
    assert fresh.returncode == 0, fresh.stderr
    app = GttApplication(sqlite_url)
    total = app.recorder.max_notification_id() or 0
    assert demo_completed(app) and total > held
    last = app.recorder.select_notifications(start=total, limit=1)[0]
    assert last.topic.endswith("RecordingRun.RunCompleted")  # the marker is the last thing recorded
    app.close()
    assert f"Recorded {total} events" in fresh.stdout
    done = gtt(*command)
    assert done.returncode == 0 and "already recorded" in done.stdout


def _chain_and_seals(url: str) -> tuple[list[int], int]:
    with sqlite3.connect(sqlite_path(url)) as conn:
        try:
            chain = [r[0] for r in conn.execute("SELECT position FROM gtt_integrity_chain ORDER BY position")]
            seals = conn.execute("SELECT count(*) FROM gtt_integrity_seals").fetchone()[0]
        except sqlite3.OperationalError:  # the tables are not there yet
            return [], 0
    return chain, seals


@pytest.mark.slow
def test_kill_9_during_seal_then_seal_again_chains_the_rest_once(sqlite_url):
    app = GttApplication(sqlite_url, actor="setup")
    for b in range(25):  # 25,000 events: the chain is extended in batches of 10,000
        app.handle_batch([RegisterInstitution(kind="school", name=f"School {b}-{i}", region="Anxi",
                                              external_id=f"S-{b}-{i}") for i in range(1000)])
    events = app.recorder.max_notification_id()
    app.close()
    assert events == 25_000

    proc = start_gtt("--db", sqlite_url, "audit", "seal")
    kill_when(proc, lambda: len(_chain_and_seals(sqlite_url)[0]) >= 10_000, poll=0.005)
    chain, seals = _chain_and_seals(sqlite_url)
    assert seals == 0 and len(chain) in (10_000, 20_000, 25_000)  # whole batches, no seal
    assert chain == list(range(1, len(chain) + 1))

    verify = gtt("--db", sqlite_url, "audit", "verify")
    assert verify.returncode == 0, verify.stderr
    assert verify.stdout.startswith(f"OK: {events} event(s), no seal")

    again = gtt("--db", sqlite_url, "audit", "seal", "--format", "json")
    assert again.returncode == 0, again.stderr
    chain_after, seals = _chain_and_seals(sqlite_url)
    assert seals == 1 and chain_after == list(range(1, events + 1))  # every event chained once
    verify = gtt("--db", sqlite_url, "audit", "verify")
    assert verify.returncode == 0 and verify.stdout.startswith(f"OK: {events} event(s)"), verify.stdout
    assert "unsealed" not in verify.stdout
