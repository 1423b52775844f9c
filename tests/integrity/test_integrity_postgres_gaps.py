"""PostgreSQL sequences skip numbers when an insert rolls back: a gap is not tampering,
but a row slipped into that gap later is named as an insertion."""

from __future__ import annotations

import pytest
from eventsourcing.persistence import IntegrityError
from integrity_history import record, standalone
from integrity_tamper import raw

from gtt_domain import GttApplication
from gtt_domain.commands.institution import RenameInstitution
from gtt_domain.integrity import seal, verify

pytestmark = pytest.mark.postgres


def test_gap_is_fine_and_an_event_inserted_into_it_is_not(pg_url, clock, tmp_path):
    app = GttApplication(pg_url, clock=clock)
    ids = record(app, 2)
    stale = GttApplication(pg_url, clock=clock)
    behind = stale.repository.get(ids[0])
    app.handle(RenameInstitution(institution_id=ids[0], name="First writer"))
    behind.rename("Second writer", stale.meta())
    with pytest.raises(IntegrityError):  # the losing insert consumed a sequence number
        stale.save(behind)
    app.handle(RenameInstitution(institution_id=ids[1], name="After the gap"))
    with raw(pg_url) as r:
        positions = r.positions()
    assert positions == [1, 2, 3, 4, 5, 6, 7, 8, 9, 11]
    seal(app)
    assert verify(app).ok
    with raw(pg_url) as r:
        r.insert_at(10, copy_of=1)
    report = verify(app)
    assert report.problem is not None
    assert (report.problem.position, report.problem.kind) == (10, "inserted")
    code, tool = standalone(app, tmp_path)
    assert code == 1 and (tool["problem"]["position"], tool["problem"]["kind"]) == (10, "inserted")
