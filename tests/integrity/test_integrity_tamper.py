"""Issue 4 part 4: edits, deletions, insertions and swaps made directly in the database
(SQLite file and PostgreSQL tables) are caught, at the first bad position, by ``verify``
and by the standalone verifier on the export."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from integrity_history import record, standalone
from integrity_tamper import Raw, raw

from gtt_domain import GttApplication
from gtt_domain.commands.institution import RenameInstitution
from gtt_domain.integrity import extend_chain, seal, verify


def test_untouched_store_verifies(db_url, clock, tmp_path):
    app = GttApplication(db_url, clock=clock)
    record(app)
    sealed = seal(app, actor="auditor")
    assert (sealed.number, sealed.position, sealed.count) == (1, 12, 12)
    assert sealed.sealed_at == "2025-01-01T08:00:12+00:00"  # from the app's clock
    report = verify(app)
    assert report.ok, report.summary()
    assert (report.events, report.unsealed, report.head) == (12, 0, sealed.head.hex())
    assert [(s.number, s.position, s.actor, s.signature) for s in report.seals] == [
        (1, 12, "auditor", "unsigned")]
    code, tool = standalone(app, tmp_path)
    assert code == 0 and tool["ok"] and tool["events"] == 12 and tool["head"] == report.head


TAMPERS: dict[str, tuple[Callable[[Raw], None], int, str]] = {
    "edit a state byte": (lambda r: r.edit_state_byte(5), 5, "altered"),
    "delete a row": (lambda r: r.delete(7), 7, "deleted"),
    "delete the sealed head": (lambda r: r.delete(12), 12, "deleted"),
    "insert a row": (lambda r: r.insert_at(4, copy_of=1), 4, "altered"),
    "swap two rows": (lambda r: r.swap(3, 9), 3, "altered"),
    "edit the first event": (lambda r: r.edit_state_byte(1, index=0), 1, "altered"),
}


@pytest.mark.parametrize("tamper", list(TAMPERS))
def test_tampering_is_caught_at_the_first_bad_position(db_url, clock, tmp_path, tamper):
    do, position, kind = TAMPERS[tamper]
    app = GttApplication(db_url, clock=clock)
    record(app)
    seal(app)
    with raw(db_url) as r:
        do(r)
    report = verify(app)
    assert not report.ok
    assert report.problem is not None
    assert (report.problem.position, report.problem.kind) == (position, kind), report.summary()
    assert f"position {position}" in report.summary()
    code, tool = standalone(app, tmp_path)
    assert code == 1
    assert (tool["problem"]["position"], tool["problem"]["kind"]) == (position, kind)


def test_tampering_after_the_seal_in_chained_rows_is_caught_too(db_url, clock, tmp_path):
    app = GttApplication(db_url, clock=clock)
    ids = record(app)
    seal(app)
    app.handle(RenameInstitution(institution_id=ids[0], name="Later name"))
    extend_chain(app)  # chained (e.g. by an export or a projection run) but not sealed
    with raw(db_url) as r:
        r.edit_state_byte(13)
    report = verify(app)
    assert report.problem is not None and report.problem.position == 13


def test_events_after_the_last_seal_are_reported_as_unsealed(db_url, clock, tmp_path):
    app = GttApplication(db_url, clock=clock)
    ids = record(app)
    seal(app)
    for i, iid in enumerate(ids):
        app.handle(RenameInstitution(institution_id=iid, name=f"Renamed {i}"))
    report = verify(app)
    assert report.ok
    assert (report.events, report.unsealed, report.first_unsealed) == (15, 3, 13)
    assert "3 unsealed event(s) from position 13" in report.summary()
    code, tool = standalone(app, tmp_path)
    assert code == 0 and (tool["unsealed"], tool["first_unsealed"]) == (3, 13)
    seal(app)
    assert verify(app).unsealed == 0


def test_rewritten_chain_records_do_not_hide_an_edit_from_the_seal(db_url, clock, tmp_path):
    """An intruder who edits an event and recomputes the chain still breaks the seal."""
    app = GttApplication(db_url, clock=clock)
    record(app)
    seal(app)
    with raw(db_url) as r:
        r.edit_state_byte(6)
        r.rewrite_chain_from(6)
    extend_chain(app)  # the chain now agrees with the edited event
    report = verify(app)
    assert report.problem is not None
    assert (report.problem.position, report.problem.kind) == (12, "seal")
    code, tool = standalone(app, tmp_path)
    assert code == 1 and (tool["problem"]["position"], tool["problem"]["kind"]) == (12, "seal")


def test_a_missing_seal_is_caught(db_url, clock):
    app = GttApplication(db_url, clock=clock)
    ids = record(app)
    seal(app)
    app.handle(RenameInstitution(institution_id=ids[1], name="Again"))
    seal(app)
    with raw(db_url) as r:
        r.sql(f"DELETE FROM {r.seals} WHERE number = 1")
    report = verify(app)
    assert report.problem is not None
    assert (report.problem.position, report.problem.kind) == (13, "seal")
