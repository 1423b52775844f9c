"""Issue 18: stored format v2 (orjson, a leading tab) beside v1 (eventsourcing's JSON).

Records written by the old transcoder keep their bytes (the hash chain covers them) and
read back as before; new records are v2; both decode to the same values. Compression
and encryption at rest sit on top of either version.
"""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, JSONTranscoder, UUIDAsHex
from hypothesis import given, settings
from hypothesis import strategies as st
from rawstore import event_rows

from gtt_domain import GttApplication
from gtt_domain.application import transcodings
from gtt_domain.application.transcodings import V2_MARKER, GttTranscoder
from gtt_domain.commands.institution import OpenDepartment, RegisterInstitution
from gtt_domain.commands.person import RegisterPerson
from gtt_domain.domain.internship_state import DocumentKind, InternshipKind
from gtt_domain.domain.meta import EventMeta
from gtt_domain.integrity import extend_chain, verify
from gtt_domain.privacy import create_key

FIXTURES = Path(__file__).parents[1] / "fixtures"


def v1_transcoder() -> JSONTranscoder:
    """The transcoder every store was written with before issue 18."""
    t = JSONTranscoder()
    for tr in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        t.register(tr)
    transcodings.register(t)
    return t


def v2_transcoder() -> GttTranscoder:
    t = GttTranscoder()
    for tr in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        t.register(tr)
    transcodings.register(t)
    return t


class V1Application(GttApplication):
    """The application as it wrote before issue 18 (eventsourcing's JSONTranscoder)."""

    name = "gtt"  # the same tables on PostgreSQL (eventsourcing names them after the app)

    def construct_transcoder(self) -> JSONTranscoder:
        return v1_transcoder()


# --- values the domain's events carry ---------------------------------------------------

zones = st.builds(lambda m: timezone(timedelta(minutes=m)), st.integers(-14 * 60, 14 * 60))
aware = st.builds(lambda d, tz: d.replace(tzinfo=tz),
                  st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)),
                  st.sampled_from([UTC]) | zones)
metas = st.builds(EventMeta, actor=st.text(min_size=1).filter(str.strip), recorded_at=aware,
                  effective_at=st.none() | aware, reason=st.none() | st.text(),
                  correlation_id=st.none() | st.text(max_size=20), os_user=st.none() | st.text(max_size=10))
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)))
scalars = (st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False, allow_infinity=False)
           | text | st.uuids() | st.dates() | aware | st.datetimes()
           | st.decimals(allow_nan=False, allow_infinity=False)
           | st.sampled_from(list(InternshipKind) + list(DocumentKind)) | metas
           | st.builds(bytearray, st.binary(max_size=20)) | st.sets(text, max_size=4))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.lists(inner, max_size=4).map(tuple)
                      | st.dictionaries(text, inner, max_size=4), max_leaves=25)
states = st.dictionaries(text, values, max_size=8)


@settings(max_examples=300, deadline=None)
@given(states)
def test_v2_reads_back_what_v1_reads_back(state: dict[str, Any]) -> None:
    old, new = v1_transcoder(), v2_transcoder()
    v1_bytes = old.encode(state)
    expected = old.decode(v1_bytes)
    v2_bytes = new.encode(state)
    assert v2_bytes[:1] == V2_MARKER and v1_bytes[:1] == b"{"  # the version is in the first byte
    assert new.decode(v2_bytes) == expected  # tuples as lists, enums as their values, like v1
    assert new.decode(v1_bytes) == expected  # a v1 record through the new reader
    assert old.decode(v2_bytes) == expected  # and v2 is still JSON text (export view, verifiers)


def test_what_orjson_would_spell_differently_is_written_as_v1() -> None:
    new = v2_transcoder()
    for odd in ({"x": float("nan")}, {"x": 2**70}, {1: "int key"}):
        data = new.encode(odd)
        assert data[:1] == b"{"
        assert new.decode(data) == v1_transcoder().decode(v1_transcoder().encode(odd))


def test_a_v2_record_keeps_types_equal_to_the_values_written() -> None:
    new = v2_transcoder()
    meta = EventMeta(actor="a", recorded_at=datetime(2025, 3, 1, 8, 30, 0, 123, tzinfo=UTC))
    state = {"id": UUID(int=7), "day": date(2025, 3, 1), "hours": Decimal("7.50"), "meta": meta,
             "at": datetime(2025, 3, 1, 8, tzinfo=timezone(timedelta(hours=8))),
             "book": bytearray(b"\x01\x02"), "tags": {"b", "a"}, "kind": InternshipKind.POST}
    back = new.decode(new.encode(state))
    assert back == {**state, "kind": "post"}
    assert [type(back[k]) for k in ("id", "day", "hours", "meta", "at", "book", "tags", "kind")] == [
        UUID, date, Decimal, EventMeta, datetime, bytearray, set, str]
    assert back["at"].utcoffset() == timedelta(hours=8)


# --- stores holding both versions -------------------------------------------------------

SETTINGS = {
    "plain": {},
    "compressed": {"COMPRESSOR_TOPIC": "zlib"},
    "encrypted": {"GTT_CIPHER_KEY": create_key()},
    "compressed+encrypted": {"COMPRESSOR_TOPIC": "zlib", "GTT_CIPHER_KEY": create_key()},
}


def _plain_states(app: GttApplication, rows: list[bytes]) -> list[bytes]:
    """The transcoded bytes of stored rows (decrypted, decompressed)."""
    out = []
    for data in rows:
        if app.mapper.cipher:
            data = app.mapper.cipher.decrypt(data)
        if app.mapper.compressor:
            data = app.mapper.compressor.decompress(data)
        out.append(data)
    return out


def _record(app: GttApplication, n: int) -> tuple[UUID, UUID]:
    iid = app.handle(RegisterInstitution(kind="school", name=f"School {n}", region="Anxi"))
    app.handle(OpenDepartment(institution_id=iid, name=f"Welding {n}", teacher_count=3))
    pid = app.handle(RegisterPerson(kind="student", home_institution_id=iid, name=f"Lin {n}",
                                    birth_date=date(2008, 5, 4)))
    app.take_snapshot(iid)
    return iid, pid


@pytest.mark.parametrize("setting", list(SETTINGS))
def test_a_store_with_v1_and_v2_records_reads_back_equal(db_url, clock, setting) -> None:
    env = SETTINGS[setting]
    old = V1Application(db_url, clock=clock, env=env)
    first = _record(old, 1)
    before = {i: old.repository.get(i) for i in first}
    old_events = [old.mapper.to_domain_event(s) for s in old.recorder.select_events(first[0])]
    old.close()

    app = GttApplication(db_url, clock=clock, env=env)
    second = _record(app, 2)
    transcoded = _plain_states(app, event_rows(db_url))
    assert {t[:1] for t in transcoded} == {b"{", V2_MARKER}  # both versions are in the store
    for i, agg in before.items():  # v1 records (and the v1 snapshot) read as they did
        got = app.repository.get(i)
        assert vars(got) == vars(agg)
    assert [app.mapper.to_domain_event(s) for s in app.recorder.select_events(first[0])] == old_events
    # v2 records read back as the aggregates that wrote them; a v1 reader's view of them agrees
    for i in second:
        assert app.repository.get(i).version >= 1
    assert app.get(second[1]).personal["name"] == "Lin 2"
    extend_chain(app)
    assert verify(app).ok
    app.close()


@pytest.mark.parametrize("name", ["store_v1", "store_v4_issue_17_recording_runs"])
def test_a_fixture_store_takes_v2_records_and_still_verifies(tmp_path, clock, name) -> None:
    copy = tmp_path / f"{name}.sqlite3"
    shutil.copyfile(FIXTURES / f"{name}.sqlite3", copy)
    url = f"sqlite:///{copy}"
    before = event_rows(url)
    app = GttApplication(url, clock=clock)
    assert {r[:1] for r in before} == {b"{"}
    iid, pid = _record(app, 3)
    after = event_rows(url)
    assert set(before) <= set(after)  # the stored rows keep their bytes
    assert app.get(pid).personal["name"] == "Lin 3" and app.get(iid).name == "School 3"
    extend_chain(app)
    report = verify(app)
    assert report.ok, report
    app.close()
