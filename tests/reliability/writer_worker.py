"""A writer process for the concurrency tests (run with multiprocessing's spawn context).

Each round the worker
1. opens a department on its own institution (no other writer touches it),
2. loads the shared institution, waits at a barrier until every worker has loaded the
   same version, then saves a new department there: exactly one worker wins, the others
   must get ``ConflictError``,
3. a loser re-runs the same command through ``retry_on_conflict``.

Then, free-running (no barrier), it counts the teachers of the shared department
``Common`` ``free`` times, each through ``retry_on_conflict``.

It reports every acknowledged command (with its correlation id) and every error, so the
test can compare what was acknowledged with what is stored.
"""

from __future__ import annotations

import traceback
from typing import Any
from uuid import UUID


def run(url: str, worker: int, own: str, shared: str, rounds: int, free: int, barrier: Any,
        out: Any) -> None:
    from datetime import date

    from gtt_domain import ConflictError, GttApplication
    from gtt_domain.application.retry import retry_on_conflict
    from gtt_domain.application.unit_of_work import UnitOfWork
    from gtt_domain.commands.institution import CountDepartmentTeachers, OpenDepartment
    from gtt_domain.domain.institution import Institution

    report: dict[str, Any] = {"worker": worker, "acked": [], "conflicts": 0, "retried": 0,
                              "errors": []}
    app = GttApplication(url, actor=f"worker-{worker}")
    try:
        for r in range(rounds):
            # (1) a different aggregate per worker
            cid = f"w{worker}-own-{r}"
            app.handle(OpenDepartment(institution_id=UUID(own), name=cid, teacher_count=r),
                       correlation_id=cid)
            report["acked"].append([own, cid, r, cid])
            # (2) the same aggregate, all workers holding the same version
            cid = f"w{worker}-shared-{r}"
            uow = UnitOfWork(app)
            uow.get(UUID(shared), Institution).open_department(
                cid, worker, app.meta(correlation_id=cid))
            barrier.wait(timeout=120)
            try:
                app.save_changes(uow)
            except ConflictError:
                report["conflicts"] += 1
                # (3) reload and re-run until it is recorded
                attempts = {"n": 0}

                def again(cid: str = cid, attempts: dict = attempts) -> Any:
                    attempts["n"] += 1
                    return app.handle(
                        OpenDepartment(institution_id=UUID(shared), name=cid, teacher_count=worker),
                        correlation_id=cid)

                retry_on_conflict(again, attempts=50, backoff=0.01, max_backoff=0.2)
                report["retried"] += attempts["n"] - 1
            report["acked"].append([shared, cid, worker, cid])
            barrier.wait(timeout=120)  # next round starts from a settled shared aggregate
        for k in range(free):
            cid, count = f"w{worker}-count-{k}", worker * 100 + k
            cmd = CountDepartmentTeachers(institution_id=UUID(shared), name="Common",
                                          teacher_count=count, as_of=date(2025, 9, 1))
            retry_on_conflict(lambda cmd=cmd, cid=cid: app.handle(cmd, correlation_id=cid),
                              attempts=50, backoff=0.01, max_backoff=0.2)
            report["acked"].append([shared, "Common", count, cid])
    except Exception as e:  # reported, and the test fails on any
        report["errors"].append(f"{type(e).__name__}: {e}\n{traceback.format_exc()}")
        barrier.abort()
    finally:
        app.close()
        out.put(report)
