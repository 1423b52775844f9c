"""Issue 8 part 1: four writer processes on one SQLite file and on PostgreSQL.

Every acknowledged command's event is stored exactly once with the content the worker
sent; conflicts on the shared aggregate surface only as ``ConflictError`` (exactly one
winner per round, since all workers hold the same version); ``retry_on_conflict``
records every loser's command afterwards.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
from collections import Counter
from uuid import UUID

import pytest

from gtt_domain import GttApplication
from gtt_domain.commands.institution import OpenDepartment, RegisterInstitution
from gtt_domain.domain.institution import Institution

WORKERS = 4
ROUNDS = 6
FREE = 15


def _run_writers(url: str) -> tuple[list[dict], str, list[str]]:
    app = GttApplication(url, actor="setup")
    shared = app.handle(RegisterInstitution(kind="school", name="Shared", region="Anxi"))
    app.handle(OpenDepartment(institution_id=shared, name="Common"), correlation_id="setup")
    owns = [app.handle(RegisterInstitution(kind="enterprise", name=f"Own {i}", region="Anxi"))
            for i in range(WORKERS)]
    app.close()
    from writer_worker import run  # importable by spawned children via sys.path

    ctx = mp.get_context("spawn")
    barrier, out = ctx.Barrier(WORKERS), ctx.Queue()
    procs = [ctx.Process(target=run, args=(url, i, str(owns[i]), str(shared), ROUNDS, FREE, barrier, out))
             for i in range(WORKERS)]
    for p in procs:
        p.start()
    reports = []
    for _ in procs:
        try:
            reports.append(out.get(timeout=300))
        except queue.Empty:
            break
    for p in procs:
        p.join(timeout=30)
        if p.is_alive():
            p.kill()
    assert len(reports) == WORKERS, "a writer process died without reporting"
    return reports, str(shared), [str(o) for o in owns]


def _stored_departments(url: str, ids: list[str]) -> Counter:
    app = GttApplication(url)
    stored: Counter = Counter()
    for iid in ids:
        for e in app.events.get(UUID(iid)):
            if isinstance(e, Institution.DepartmentOpened | Institution.DepartmentTeachersCounted):
                if e.meta.actor != "setup":
                    stored[(iid, e.name, e.teacher_count, e.meta.correlation_id, e.meta.actor)] += 1
    app.close()
    return stored


@pytest.mark.slow
def test_four_writer_processes(db_url):
    reports, shared, owns = _run_writers(db_url)
    assert [r["errors"] for r in reports] == [[]] * WORKERS

    acked: Counter = Counter()
    for r in reports:
        for iid, name, count, cid in r["acked"]:
            acked[(iid, name, count, cid, f"worker-{r['worker']}")] += 1
    assert len(acked) == WORKERS * (ROUNDS * 2 + FREE) and max(acked.values()) == 1

    stored = _stored_departments(db_url, [shared, *owns])
    assert stored == acked  # every acknowledged command exactly once, same content, nothing else

    # one winner per round on the shared aggregate; writers on their own never conflict
    assert sum(r["conflicts"] for r in reports) == ROUNDS * (WORKERS - 1)
    app = GttApplication(db_url)
    assert app.get(UUID(shared), Institution).version == 2 + (ROUNDS + FREE) * WORKERS
    for own in owns:
        assert app.get(UUID(own), Institution).version == 1 + ROUNDS
    # nothing else was stored: the whole log is the set-up plus the acknowledged commands
    log = app.recorder.select_notifications(start=1, limit=10_000)
    assert len(log) == 2 + WORKERS + (2 * ROUNDS + FREE) * WORKERS
    app.close()
