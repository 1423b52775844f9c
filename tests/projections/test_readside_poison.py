"""Poison events are parked in projection_dead_letters, reported, and the read side goes on."""

from __future__ import annotations

from uuid import uuid4

import pytest
from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import StoredEvent
from gtt_projections import GttProjection, RowWriter
from gtt_projections.schema import projection_dead_letters
from readside_helpers import dump, register_school
from sqlalchemy import Column, MetaData, String, Table, select

from gtt_domain.commands import institution as c
from gtt_domain.domain.errors import UnreadableEventError
from gtt_domain.domain.institution import Institution

test_metadata = MetaData()
fragile_names = Table("fragile_names", test_metadata, Column("id", String(36), primary_key=True),
                      Column("name", String(200), nullable=False))
fragile_departments = Table("fragile_departments", test_metadata,
                            Column("name", String(100), primary_key=True))


class Fragile(GttProjection):
    """Fails on names containing POISON; department names are (wrongly) assumed unique."""

    name = "fragile"
    tables = (fragile_names, fragile_departments)

    @singledispatchmethod
    def apply(self, event: object, rows: RowWriter) -> None:
        """Other events."""

    @apply.register
    def _(self, e: Institution.Registered, rows: RowWriter) -> None:
        rows.insert(fragile_names, {"id": str(e.originator_id), "name": e.name})
        if "POISON" in e.name:
            raise ValueError("cannot project this name")

    @apply.register
    def _(self, e: Institution.DepartmentOpened, rows: RowWriter) -> None:
        rows.insert(fragile_departments, {"name": e.name})


def parked(rm) -> list[tuple]:
    d = projection_dead_letters
    with rm.connect() as conn:
        return [tuple(r) for r in conn.execute(
            select(d.c.projection, d.c.position, d.c.event_id, d.c.topic, d.c.error)
            .order_by(d.c.projection, d.c.position))]


def test_a_failing_handler_parks_the_event_and_undoes_its_rows(app, read_model):
    good = register_school(app, "Good school")
    bad = register_school(app, "POISON school")
    after = register_school(app, "Later school")
    rm = read_model(projections=[Fragile])
    report = rm.catch_up()
    assert report.applied["fragile"] == 2 and report.parked["fragile"] == 1
    rows = dump(rm)["fragile_names"]
    assert sorted(r[1] for r in rows) == ["Good school", "Later school"]
    assert {r[0] for r in rows} == {str(good), str(after)}
    topic = "gtt_domain.domain.institution:Institution.Registered"
    assert parked(rm) == [("fragile", 2, f"{bad}:1", topic, "ValueError: cannot project this name")]
    [status] = rm.status()
    assert (status.position, status.lag, status.dead_letters) == (3, 0, 1)


def test_a_constraint_violation_at_flush_parks_only_the_offending_event(app, read_model):
    a = register_school(app, "A")
    b = register_school(app, "B")
    app.handle(c.OpenDepartment(institution_id=a, name="Nursing"))
    rm = read_model(projections=[Fragile])
    rm.catch_up()
    app.handle(c.OpenDepartment(institution_id=a, name="Tea"))
    app.handle(c.OpenDepartment(institution_id=b, name="Nursing"))  # duplicate key in the table
    app.handle(c.OpenDepartment(institution_id=b, name="Welding"))
    report = rm.catch_up()  # one batch fails at flush; redone event by event
    assert (report.applied["fragile"], report.parked["fragile"]) == (2, 1)
    assert [r[0] for r in dump(rm)["fragile_departments"]] == ["Nursing", "Tea", "Welding"]
    [(_, position, event_id, _, error)] = parked(rm)
    assert (position, event_id) == (5, f"{b}:2")
    assert error.startswith("IntegrityError")


def test_an_undecodable_event_stops_every_projection_that_meets_it_at_its_position(app, read_model):
    """Issue 16: not parked (that would move the position past facts the tables then
    lack): the events before it are applied, the position stays just before it, the error
    names it, and the same happens again until it can be read."""
    register_school(app, "Before")
    app.recorder.insert_events([StoredEvent(
        originator_id=uuid4(), originator_version=1, topic="gtt_gone.module:Vanished", state=b"{}")])
    register_school(app, "After")
    from gtt_projections.models.institutions import Institutions
    from gtt_projections.models.timeline import Timeline

    rm = read_model(projections=[Timeline, Institutions])
    with pytest.raises(UnreadableEventError, match="position 2") as raised:
        rm.catch_up()
    assert (raised.value.position, raised.value.topic) == (2, "gtt_gone.module:Vanished")
    assert parked(rm) == []
    assert [(s.name, s.position, s.dead_letters) for s in rm.status()] == [
        ("timeline", 1, 0), ("institutions", 1, 0)]
    with pytest.raises(UnreadableEventError):
        rm.rebuild(["institutions"])
    assert [(s.name, s.position) for s in rm.status()] == [("timeline", 1), ("institutions", 1)]
