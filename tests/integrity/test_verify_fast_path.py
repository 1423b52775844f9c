"""Verify's SQLite fast path (two range reads per page, the page's column types checked in
Python, the chain aligned by position: issue 18) reports exactly what the general path
(one row at a time through ``event_tuple`` and the merge) reports, whatever an intruder
changed in the stored rows or the chain: a column of another type, a chain record
removed, moved or orphaned, a row edited, pages cut anywhere."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from integrity_tamper import raw

from gtt_domain import GttApplication
from gtt_domain.commands.institution import RegisterInstitution, RenameInstitution
from gtt_domain.integrity import extend_chain, seal, verify
from gtt_domain.integrity.store import IntegrityStore

_counter = itertools.count()

#: (SQL run on the store after ``{p}`` is replaced by a position) — each a change an
#: intruder can make with SQLite's dynamic types, or to the chain table
TAMPERS = {
    # (the column's integer affinity turns '7' and 7.0 back into 7: these are what stays)
    "version as text": "UPDATE stored_events SET originator_version = 'v' || originator_version WHERE rowid = {p}",
    "version as real": "UPDATE stored_events SET originator_version = originator_version + 0.5 WHERE rowid = {p}",
    "topic as blob": "UPDATE stored_events SET topic = CAST(topic AS BLOB) WHERE rowid = {p}",
    "state as text": "UPDATE stored_events SET state = 'x' WHERE rowid = {p}",
    "state NULL": "UPDATE stored_events SET state = NULL WHERE rowid = {p}",
    "id as blob": "UPDATE stored_events SET originator_id = CAST(originator_id AS BLOB) WHERE rowid = {p}",
    "id upper case": "UPDATE stored_events SET originator_id = upper(originator_id) WHERE rowid = {p}",
    "state edited": "UPDATE stored_events SET state = state || x'00' WHERE rowid = {p}",
    "chain hash as text": "UPDATE gtt_integrity_chain SET chain_hash = 'x' WHERE position = {p}",
    "chain record removed": "DELETE FROM gtt_integrity_chain WHERE position = {p}",
    "chain record moved": "UPDATE gtt_integrity_chain SET position = position + 1000 WHERE position = {p}",
    "event removed (orphan record)": "DELETE FROM stored_events WHERE rowid = {p}",
    "chain tail removed": "DELETE FROM gtt_integrity_chain WHERE position >= {p}",
    "nothing": "SELECT {p}",
}


def _general(app, monkeypatch, batch_size):
    with monkeypatch.context() as m:
        m.setattr(IntegrityStore, "verify_rows", lambda *a, **k: None)  # the general path
        return verify(app, batch_size=batch_size)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(renames=st.integers(2, 14), tamper=st.sampled_from(sorted(TAMPERS)), at=st.integers(1, 17),
       sealed=st.booleans(), batch_size=st.integers(1, 7))
def test_the_fast_path_reports_what_the_general_path_reports(tmp_path, clock, monkeypatch, renames,
                                                              tamper, at, sealed, batch_size):
    url = f"sqlite:///{tmp_path / f'f{next(_counter)}.sqlite3'}"
    app = GttApplication(url, clock=clock)
    ids = [app.handle(RegisterInstitution(kind="enterprise", name=f"E{i}", region="Anxi")) for i in range(3)]
    for i in range(renames):
        app.handle(RenameInstitution(institution_id=ids[i % 3], name=f"E v{i}"))
    if sealed:
        seal(app)
    else:
        extend_chain(app)
    with raw(url) as r:
        r.sql(TAMPERS[tamper].format(p=min(at, 3 + renames)))
    fast = verify(app, batch_size=batch_size)
    general = _general(app, monkeypatch, batch_size)
    assert fast.as_dict() == general.as_dict(), (tamper, at)
    if tamper == "nothing":
        assert fast.ok


@pytest.mark.parametrize("tamper", sorted(TAMPERS))
def test_each_tamper_gives_the_same_report_both_ways(tmp_path, clock, monkeypatch, tamper):
    url = f"sqlite:///{tmp_path / 'g.sqlite3'}"
    app = GttApplication(url, clock=clock)
    ids = [app.handle(RegisterInstitution(kind="enterprise", name=f"E{i}", region="Anxi")) for i in range(3)]
    for i in range(9):
        app.handle(RenameInstitution(institution_id=ids[i % 3], name=f"E v{i}"))
    seal(app)
    with raw(url) as r:
        r.sql(TAMPERS[tamper].format(p=7))
    fast = verify(app, batch_size=4)
    assert fast.as_dict() == _general(app, monkeypatch, 4).as_dict()
    assert fast.ok == (tamper == "nothing")
