"""``retry_on_conflict``: retries only what rolled back, including a locked SQLite file."""

from __future__ import annotations

import sqlite3

import pytest
from eventsourcing.persistence import OperationalError

from gtt_domain import ConflictError, DomainError, GttApplication
from gtt_domain.application.config import sqlite_path
from gtt_domain.application.retry import is_retryable, retry_on_conflict
from gtt_domain.application.unit_of_work import UnitOfWork
from gtt_domain.commands.institution import OpenDepartment, RegisterInstitution
from gtt_domain.domain.institution import Institution


class Flaky:
    """Raises the given errors in turn, then returns ``"done"``."""

    def __init__(self, *errors: Exception):
        self.errors = list(errors)
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "done"


def test_retries_conflicts_then_returns():
    waits: list[float] = []
    fn = Flaky(ConflictError("a"), ConflictError("b"))
    assert retry_on_conflict(fn, attempts=3, backoff=0.1, sleep=waits.append) == "done"
    assert fn.calls == 3
    assert len(waits) == 2 and 0 <= waits[0] <= 0.1 and 0 <= waits[1] <= 0.2


def test_gives_up_after_attempts_with_the_last_conflict():
    fn = Flaky(*[ConflictError(str(i)) for i in range(5)])
    with pytest.raises(ConflictError, match="^2$"):
        retry_on_conflict(fn, attempts=3, sleep=lambda s: None)
    assert fn.calls == 3


def test_backoff_is_capped():
    waits: list[float] = []
    fn = Flaky(*[ConflictError("x") for _ in range(9)])
    retry_on_conflict(fn, attempts=10, backoff=1.0, max_backoff=0.5, sleep=waits.append)
    assert max(waits) <= 0.5


@pytest.mark.parametrize("error", [DomainError("institution", "rename", "same name"),
                                   OperationalError("disk I/O error"), ValueError("bad")])
def test_other_errors_are_raised_at_once(error):
    fn = Flaky(error)
    with pytest.raises(type(error)):
        retry_on_conflict(fn, sleep=lambda s: None)
    assert fn.calls == 1


def test_attempts_must_be_positive():
    with pytest.raises(ValueError):
        retry_on_conflict(lambda: 1, attempts=0)


def test_reloads_and_resolves_a_real_conflict(db_url, clock):
    """A writer whose first save conflicts re-runs against the newer state and succeeds."""
    a, b = GttApplication(db_url, clock=clock), GttApplication(db_url, clock=clock)
    iid = a.handle(RegisterInstitution(kind="school", name="S", region="R"))
    seen: list[str] = []

    def open_b() -> None:
        uow = UnitOfWork(b)
        inst = uow.get(iid, Institution)  # reloaded on every attempt
        seen.append(",".join(sorted(inst.departments)))
        inst.open_department("B", 1, b.meta())
        if len(seen) == 1:  # another writer gets in between load and save, once
            a.handle(OpenDepartment(institution_id=iid, name="A", teacher_count=1))
        b.save_changes(uow)

    retry_on_conflict(open_b, sleep=lambda s: None)
    assert seen == ["", "A"]
    assert set(GttApplication(db_url).get(iid).departments) == {"A", "B"}


def test_locked_sqlite_file_surfaces_as_retryable_error_and_writes_nothing(sqlite_url):
    """Another process holding SQLite's write lock past SQLITE_LOCK_TIMEOUT: the documented
    ``OperationalError('database is locked')``, nothing written, and the retry succeeds."""
    app = GttApplication(sqlite_url, env={"SQLITE_LOCK_TIMEOUT": "1"})
    iid = app.handle(RegisterInstitution(kind="school", name="S", region="R"))
    holder = sqlite3.connect(sqlite_path(sqlite_url), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # a foreign writer holds the lock
    cmd = OpenDepartment(institution_id=iid, name="A", teacher_count=1)
    with pytest.raises(OperationalError, match="database is locked") as e:
        app.handle(cmd)
    assert is_retryable(e.value)
    assert len(list(app.events.get(iid))) == 1

    def release(_: float) -> None:
        holder.execute("ROLLBACK")

    retry_on_conflict(lambda: app.handle(cmd), sleep=release)
    assert [type(ev).__name__ for ev in app.events.get(iid)] == ["Registered", "DepartmentOpened"]
    holder.close()
