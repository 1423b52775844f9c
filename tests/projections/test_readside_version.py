"""A projection's version is part of its definition: a new version rebuilds on catch-up."""

from __future__ import annotations

from eventsourcing.dispatch import singledispatchmethod
from gtt_projections.models.institutions import Institutions, institutions
from gtt_projections.models.timeline import Timeline
from gtt_projections.writer import RowWriter
from readside_helpers import dump, populate

from gtt_domain.domain.institution import Institution


class Upper(Institutions):
    """Same name and tables, new behaviour: names are stored upper-case."""

    version = 2

    @singledispatchmethod
    def apply(self, event: object, rows: RowWriter) -> None:
        super().apply(event, rows)

    @apply.register
    def _(self, e: Institution.Registered, rows: RowWriter) -> None:
        super().apply(e, rows)
        rows.update(institutions, {"id": str(e.originator_id)}, name=e.name.upper())


def test_changed_version_rebuilds_from_zero_on_catch_up(app, read_model):
    populate(app, 3)
    v1 = read_model(projections=[Timeline, Institutions])
    v1.catch_up()
    before = dump(v1)
    v2 = read_model(projections=[Timeline, Upper])
    status = {s.name: s for s in v2.status()}
    assert (status["institutions"].stored_version, status["institutions"].needs_rebuild) == (1, True)
    assert status["timeline"].needs_rebuild is False
    report = v2.catch_up()
    assert report.rebuilt == ["institutions"]
    assert report.applied == {"institutions": 9}  # every event replayed; timeline untouched
    after = dump(v2)
    assert after["event_timeline"] == before["event_timeline"]
    assert sorted(r[2] for r in after["institutions"]) == ["SCHOOL 0", "SCHOOL 1", "SCHOOL 2"]
    assert [s.stored_version for s in v2.status(["institutions"])] == [2]
    assert v2.catch_up().rebuilt == []
