"""Issue 18: a page is processed for every projection in one transaction on the read
database (``gtt_projections.batch.run_page``), each projection's position moving with its
rows; what one projection must isolate is redone projection by projection and costs the
others nothing."""

from __future__ import annotations

from typing import Any

import pytest
from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import OperationalError
from gtt_projections import GttProjection, ReadModel, RowWriter
from gtt_projections.models.institutions import Institutions
from gtt_projections.models.timeline import Timeline, event_timeline
from readside_helpers import dump, register_school, shared_pages
from sqlalchemy import event, func, insert, select
from sqlalchemy import exc as sa_exc
from test_readside_poison import Fragile, fragile_departments, parked

from gtt_domain.application import GttApplication
from gtt_domain.commands import institution as c
from gtt_domain.domain.institution import Institution

TRIO = [Timeline, Institutions, Fragile]


def commits(rm) -> list[int]:
    """A list that grows by one at each commit on the read database's connections."""
    seen: list[int] = []
    event.listen(rm.datastore.engine, "commit", lambda conn: seen.append(1))
    return seen


def positions(rm) -> dict[str, int]:
    return {s.name: s.position for s in rm.status()}


def rebuilt(read_model, projections) -> dict[str, list[tuple[Any, ...]]]:
    fresh = read_model(projections=projections)
    fresh.rebuild()
    return dump(fresh)


def test_a_page_commits_once_for_every_projection(app, read_model):
    rm = read_model(projections=TRIO)
    rm.catch_up()  # creates and versions the tables
    register_school(app, "A")
    register_school(app, "B")
    seen = commits(rm)
    with shared_pages() as pages:
        report = rm.catch_up()
    assert len(seen) == 1 and pages == [3]
    assert report.applied == {"timeline": 2, "institutions": 2, "fragile": 2}
    assert positions(rm) == {"timeline": 2, "institutions": 2, "fragile": 2}


def test_a_poison_event_in_one_projection_keeps_the_others_rows_of_its_page(app, read_model):
    good = register_school(app, "Good school")
    bad = register_school(app, "POISON school")
    later = register_school(app, "Later school")
    rm = read_model(projections=TRIO)
    with shared_pages() as pages:
        report = rm.catch_up()
    assert pages == [3]  # parked inside the shared page, no fallback
    assert report.applied == {"timeline": 3, "institutions": 3, "fragile": 2}
    assert report.parked == {"timeline": 0, "institutions": 0, "fragile": 1}
    tables = dump(rm)
    assert {r[0] for r in tables["institutions"]} == {str(good), str(bad), str(later)}
    assert len(tables["event_timeline"]) == 3
    assert {r[0] for r in tables["fragile_names"]} == {str(good), str(later)}
    assert [(p[0], p[1]) for p in parked(rm)] == [("fragile", 2)]
    assert positions(rm) == {"timeline": 3, "institutions": 3, "fragile": 3}


def test_a_constraint_violation_at_flush_falls_back_and_the_others_still_commit(app, read_model):
    a = register_school(app, "A")
    b = register_school(app, "B")
    app.handle(c.OpenDepartment(institution_id=a, name="Nursing"))
    rm = read_model(projections=TRIO)
    rm.catch_up()
    app.handle(c.OpenDepartment(institution_id=a, name="Tea"))
    app.handle(c.OpenDepartment(institution_id=b, name="Nursing"))  # fragile_departments: duplicate key
    app.handle(c.OpenDepartment(institution_id=b, name="Welding"))
    with shared_pages() as pages:
        report = rm.catch_up()
    assert pages == [3]  # tried together first, then redone one projection at a time
    assert report.applied == {"timeline": 3, "institutions": 3, "fragile": 2}
    assert report.parked == {"timeline": 0, "institutions": 0, "fragile": 1}
    assert [r[0] for r in dump(rm)["fragile_departments"]] == ["Nursing", "Tea", "Welding"]
    [(projection, position, event_id, _, error)] = parked(rm)
    assert (projection, position, event_id) == ("fragile", 5, f"{b}:2")
    assert error.startswith("IntegrityError")
    assert positions(rm) == {"timeline": 6, "institutions": 6, "fragile": 6}
    tables = dump(rm, ["timeline", "institutions"])
    assert tables == rebuilt(read_model, [Timeline, Institutions])
    assert len(tables["event_timeline"]) == 6


def test_projections_at_different_positions_share_a_page_and_each_ends_at_its_own(app, read_model):
    for name in ("A", "B", "C"):
        register_school(app, name)
    ahead = read_model(projections=[Timeline])
    ahead.catch_up(batch_size=2)  # timeline at 3, the others not started
    assert positions(ahead) == {"timeline": 3}
    register_school(app, "D")
    register_school(app, "POISON E")
    rm = read_model(projections=TRIO)
    with shared_pages() as pages:
        report = rm.catch_up()
    assert pages == [3]
    assert report.applied == {"timeline": 2, "institutions": 5, "fragile": 4}
    assert positions(rm) == {"timeline": 5, "institutions": 5, "fragile": 5}
    assert [p[:2] for p in parked(rm)] == [("fragile", 5)]
    assert dump(rm) == rebuilt(read_model, TRIO)


def test_another_runner_holding_a_position_costs_the_others_nothing(app, read_model):
    for name in ("A", "B", "C"):
        register_school(app, name)
    rm = read_model(projections=[Timeline, Institutions])
    rm.catch_up()
    register_school(app, "D")
    register_school(app, "E")
    other = read_model(projections=[Institutions])
    other.catch_up()  # institutions already at 5
    page = app.recorder.select_notifications(start=3, limit=10, inclusive_of_start=False)
    stale = {"timeline": 3, "institutions": 3}
    from gtt_projections.readmodel import CatchUpReport

    report = CatchUpReport()
    with shared_pages() as pages:
        rm.process_page(rm.select(), stale, page, report)
    assert pages == [2]
    assert stale == {"timeline": 5, "institutions": 5}  # resumed from the other's position
    assert report.applied == {"timeline": 2}  # institutions: not applied twice
    assert dump(rm) == rebuilt(read_model, [Timeline, Institutions])


class Hooked(GttProjection):
    """Records when its hooks run and what another connection sees at that moment."""

    name = "hooked"
    tables = ()
    calls: list[tuple[str, int | None]] = []
    read_model: Any = None

    @singledispatchmethod
    def apply(self, event: object, rows: RowWriter) -> None:
        """Other events."""

    @apply.register
    def _(self, e: Institution.Registered, rows: RowWriter) -> None:
        if e.name == "DOWN":
            raise sa_exc.OperationalError("SELECT 1", {}, Exception("connection lost"))

    def batch_committed(self, rows: RowWriter, position: int) -> None:
        with self.read_model.connect() as conn:  # another connection: sees only what is committed
            self.calls.append(("committed", conn.execute(select(func.count()).select_from(event_timeline)).scalar()))

    def batch_failed(self) -> None:
        self.calls.append(("failed", None))


def test_hooks_run_after_the_shared_commit_or_after_its_rollback(app, read_model):
    register_school(app, "A")
    register_school(app, "B")
    rm = read_model(projections=[Timeline, Hooked])
    Hooked.read_model, Hooked.calls = rm, []
    rm.catch_up()
    assert Hooked.calls == [("committed", 2)]  # the timeline's rows of the page were committed
    register_school(app, "C")
    register_school(app, "DOWN")  # an infrastructure error: nothing of the page is committed
    Hooked.calls = []
    with pytest.raises(OperationalError):
        rm.catch_up()
    assert Hooked.calls == [("failed", None)]
    assert positions(rm) == {"timeline": 2, "hooked": 2}
    assert len(dump(rm)["event_timeline"]) == 2


class DirectWriter(Fragile):
    """Writes a department row itself instead of through the buffer (a handler meeting a
    database error, not a poison event of its own making)."""

    name = "direct"
    version = 1

    @singledispatchmethod
    def apply(self, event: object, rows: RowWriter) -> None:
        """Other events."""

    @apply.register
    def _(self, e: Institution.DepartmentOpened, rows: RowWriter) -> None:
        assert rows._session is not None
        rows._session.connection().execute(insert(fragile_departments).values(name=e.name))


def test_a_database_error_in_a_handler_redoes_the_page_one_projection_at_a_time(sqlite_url, clock):
    """SQLite only: on PostgreSQL a failed statement spoils the rest of the batch's
    transaction whichever path runs it (not this issue's)."""
    app = GttApplication(sqlite_url, clock=clock, actor="registrar")
    rm = ReadModel(app, projections=[Timeline, DirectWriter])
    try:
        a = register_school(app, "A")
        b = register_school(app, "B")
        app.handle(c.OpenDepartment(institution_id=a, name="Nursing"))
        app.handle(c.OpenDepartment(institution_id=b, name="Nursing"))
        app.handle(c.OpenDepartment(institution_id=b, name="Tea"))
        with shared_pages() as pages:
            report = rm.catch_up()
        assert pages == [2]
        assert report.applied == {"timeline": 5, "direct": 4}
        assert [p[:2] for p in parked(rm)] == [("direct", 4)]
        assert [r[0] for r in dump(rm)["fragile_departments"]] == ["Nursing", "Tea"]
        assert positions(rm) == {"timeline": 5, "direct": 5}
    finally:
        rm.close()
        app.close()
