"""Read-side processes for the follower and crash tests (run as real subprocesses).

usage: python readside_procs.py follow URL STOPFILE      # follow until STOPFILE exists
       python readside_procs.py rebuild URL              # rebuild, 3 events per batch
       python readside_procs.py write URL N              # record N institutions (2 events each)

``Tally`` is a test-only projection: one counter row incremented (``Inc``) per event and
one row per position. Applying an event twice makes the counter exceed the log length.
With ``GTT_TEST_HANG_AT=P`` its handler prints ``hang P`` and sleeps at position P, so a
test can ``kill -9`` the process deterministically in the middle of that batch (the
page's transaction, shared by the three projections, not committed; a rebuild's model
projections keep their live tables whole). With
``GTT_TEST_HANG_AFTER_FLUSH=P`` it hangs later, after Tally's batch reaching P has written
its rows and moved its position but before the commit.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

from eventsourcing.domain import DomainEvent
from gtt_projections import GttProjection, Inc, ReadModel, RowWriter, singledispatchmethod
from gtt_projections.models.institutions import Institutions
from gtt_projections.models.timeline import Timeline
from sqlalchemy import Column, Integer, MetaData, String, Table, select

metadata = MetaData()  # not the shared one: Tally is a test-only projection

tally_counts = Table("tally_counts", metadata, Column("key", String(10), primary_key=True),
                     Column("events", Integer, nullable=False))
tally_positions = Table("tally_positions", metadata, Column("position", Integer, primary_key=True),
                        Column("event_type", String(60), nullable=False))


class Tally(GttProjection):
    """Counts every event (test-only; never registered in the default read model)."""

    name = "tally"
    version = 1
    tables = (tally_counts, tally_positions)

    @singledispatchmethod
    def apply(self, event: object, rows: RowWriter) -> None:
        """Not a domain event."""

    @apply.register
    def _(self, e: DomainEvent, rows: RowWriter) -> None:
        hang_at = os.environ.get("GTT_TEST_HANG_AT")
        if hang_at is not None and rows.position == int(hang_at):
            print(f"hang {rows.position}", flush=True)
            time.sleep(600)  # the test kills the process here
        if rows.get(tally_counts, {"key": "all"}) is None:
            rows.insert(tally_counts, {"key": "all", "events": 1})
        else:
            rows.update(tally_counts, {"key": "all"}, events=Inc(1))
        rows.insert(tally_positions, {"position": rows.position, "event_type": type(e).__name__})


PROJECTIONS = (Timeline, Tally, Institutions)  # Tally in the middle of the page's transaction


def read_model(app: Any) -> ReadModel:
    return ReadModel(app, projections=PROJECTIONS)


def dump(rm: ReadModel) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table the projections own, and their positions."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with rm.connect() as conn:
        for p in rm.select():
            for t in p.tables:
                out[t.name] = [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
    out["positions"] = [(s.name, s.position, s.dead_letters) for s in rm.status()]
    return out


def _follow(url: str, stopfile: str) -> None:
    from gtt_domain.application import GttApplication

    app = GttApplication(url)
    rm = read_model(app)
    stop = threading.Event()
    applied: dict[str, int] = {}

    def watch() -> None:
        while not stop.is_set() and not Path(stopfile).exists():
            time.sleep(0.05)
        stop.set()

    def on_batch(report: Any) -> None:
        for name, n in report.applied.items():
            applied[name] = applied.get(name, 0) + n
        print("batch", json.dumps(report.applied), flush=True)

    threading.Thread(target=watch, daemon=True).start()
    print("following", flush=True)
    first = rm.follow(stop=stop, timeout=120, poll_interval=0.02, batch_size=3, on_batch=on_batch)
    print(json.dumps({"applied": applied, "returned": first}), flush=True)
    rm.close()
    app.close()


def _rebuild(url: str) -> None:
    from gtt_domain.application import GttApplication

    app = GttApplication(url)
    rm = read_model(app)
    rm.rebuild(batch_size=3, progress=lambda pos, head: print(f"progress {pos}/{head}", flush=True))
    print("done", flush=True)
    rm.close()
    app.close()


def _write(url: str, count: int) -> None:
    from gtt_domain.application import GttApplication
    from gtt_domain.commands.institution import OpenDepartment, RegisterInstitution

    app = GttApplication(url, actor="writer-process")
    for i in range(count):
        iid = app.handle(RegisterInstitution(kind="school", name=f"Written {i}", region="Anxi"))
        app.handle(OpenDepartment(institution_id=iid, name="Nursing", teacher_count=i))
        time.sleep(0.01)  # interleave with the followers' polls
    app.close()


def _hang_after_flush(at: int) -> None:
    """Patch ``RowWriter.flush``: Tally's first flush at or past ``at`` writes, then hangs."""
    real = RowWriter.flush

    def flush(self: RowWriter, session: Any) -> None:
        real(self, session)
        if "tally_counts" in self.tables and self.position >= at:
            print(f"hang {at}", flush=True)
            time.sleep(600)  # inside the open transaction; the test kills the process here

    RowWriter.flush = flush  # type: ignore[method-assign]


if __name__ == "__main__":
    if os.environ.get("GTT_TEST_HANG_AFTER_FLUSH"):
        _hang_after_flush(int(os.environ["GTT_TEST_HANG_AFTER_FLUSH"]))
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "follow":
        _follow(args[0], args[1])
    elif mode == "rebuild":
        _rebuild(args[0])
    elif mode == "write":
        _write(args[0], int(args[1]))
    else:
        raise SystemExit(f"unknown mode {mode}")
