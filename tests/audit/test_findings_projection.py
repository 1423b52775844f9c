"""The findings projection: incremental processing in random batches, with crashes
mid-batch and fresh processes, leaves exactly the tables a rebuild leaves (property)."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

import pytest
from audit_world import Builder, Setting
from gtt_projections import ReadModel
from gtt_projections.findings import findings_projection, stored_findings
from gtt_projections.writer import RowWriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from gtt_domain import DomainError

START = date(2025, 3, 10)
day = st.integers(0, 40).map(lambda n: START + timedelta(days=n))
which = st.integers(0, 1)

step = st.one_of(
    st.tuples(st.just("attend"), which, day, st.sampled_from(["7", "8", "9.5"]), st.booleans()),
    st.tuples(st.just("pay"), which, day, st.sampled_from(["2000", "3200", "3196", "4000"])),
    st.tuples(st.just("leave"), which, day, st.integers(0, 10)),
    st.tuples(st.just("decide"), which, st.integers(0, 2), day),
    st.tuples(st.just("fee"), which, day),
    st.tuples(st.just("hold"), which, day),
    st.tuples(st.just("return"), which, day),
    st.tuples(st.just("absence"), which, day),
    st.tuples(st.just("catch_up"), st.integers(1, 6), st.none() | st.integers(1, 3)),
)


class Crash(Exception):
    pass


@contextmanager
def crash_on_flush(after: int):
    real, calls = RowWriter.flush, {"n": 0}

    def flaky(self: RowWriter, session: Any) -> None:
        real(self, session)
        calls["n"] += 1
        if calls["n"] == after:
            raise Crash()

    RowWriter.flush = flaky  # type: ignore[method-assign]
    try:
        yield
    finally:
        RowWriter.flush = real  # type: ignore[method-assign]


def read_model(app, batch_size: int) -> ReadModel:
    return ReadModel(app, projections=[findings_projection(app, ["N-INT-2021", "P10", "N-EVD"])],
                     batch_size=batch_size)


def dump(rm: ReadModel) -> dict[str, list[tuple]]:
    out = {}
    with rm.connect() as c:
        for t in rm.projections["findings"].tables:
            out[t.name] = [tuple(r) for r in c.execute(select(t).order_by(*t.primary_key.columns))]
    return out


def run(b: Builder, s: Setting, iids: list, st_: tuple) -> None:
    op, i = st_[0], st_[1]
    iid = iids[i]
    h = b.h
    try:
        if op == "attend":
            b.attend(iid, st_[2], st_[3], night_shift=st_[4])
        elif op == "pay":
            b.pay(iid, st_[2], st_[2] + timedelta(days=20), st_[3])
        elif op == "leave":
            h("internship.request-leave", internship_id=iid, asked_on=st_[2],
              first_day=st_[2] + timedelta(days=st_[3]), last_day=st_[2] + timedelta(days=st_[3] + 1), written=True)
        elif op == "decide":
            h("internship.decide-leave", internship_id=iid, request=st_[2], approved=True, decided_on=st_[3])
        elif op == "fee":
            h("internship.charge-fee", internship_id=iid, amount="10", charged_on=st_[2], description="fee")
        elif op == "hold":
            h("internship.hold-document", internship_id=iid, doc="id_card", since=st_[2])
        elif op == "return":
            h("internship.return-document", internship_id=iid, doc="id_card", on=st_[2])
        elif op == "absence":
            h("internship.record-absence", internship_id=iid, day=st_[2])
    except DomainError:
        pass  # refused: nothing recorded


def check(url: str, steps: list[tuple], final_batch: int) -> None:
    b = Builder(url)
    s = Setting(b)
    iids = [s.internship(start=START), s.internship(start=START, student=b.student(s.school),
                                                    insured=(START + timedelta(days=3), START + timedelta(days=20)))]
    for st_ in steps:
        if st_[0] != "catch_up":
            run(b, s, iids, st_)
            continue
        rm = read_model(b.app, st_[1])  # a fresh process each time: the fold is re-read from the log
        try:
            if st_[2] is None:
                rm.catch_up()
            else:
                with crash_on_flush(st_[2]):
                    try:
                        rm.catch_up()
                    except Crash:
                        pass
        finally:
            rm.close()
    rm = read_model(b.app, final_batch)
    rm.catch_up()
    incremental = dump(rm)
    rm.rebuild(batch_size=1000)
    assert dump(rm) == incremental
    rm.close()
    b.app.close()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(step, min_size=2, max_size=25), final_batch=st.integers(1, 7))
def test_incremental_findings_equal_a_rebuild(steps, final_batch):
    with tempfile.TemporaryDirectory() as d:
        check(f"sqlite:///{os.path.join(d, 'gtt.sqlite3')}", steps, final_batch)


@pytest.mark.postgres
def test_findings_projection_on_postgres_raises_and_resolves(pg_url):
    _raises_and_resolves(pg_url)


def test_findings_projection_on_sqlite_raises_and_resolves(sqlite_url):
    _raises_and_resolves(sqlite_url)


def _raises_and_resolves(url: str) -> None:
    """A held ID card is a finding; returning it resolves the finding by that event."""
    b = Builder(url)
    iid = Setting(b).internship(start=START)
    b.h("internship.hold-document", internship_id=iid, doc="id_card", since=START + timedelta(days=2))
    rm = read_model(b.app, 3)
    rm.catch_up()
    open_ = stored_findings(rm, "open")
    assert [x.rule_id for x in open_] == ["NINT21-8-fees"]
    b.h("internship.return-document", internship_id=iid, doc="id_card", on=START + timedelta(days=9))
    rm.catch_up()
    assert stored_findings(rm, "open") == []
    (done,) = stored_findings(rm, "remedied")
    assert done.key == open_[0].key and done.resolved_by is not None
    assert done.resolved_by.event_type == "DocumentReturnedByHost"
    # a finding that disappears is resolved by the event that made it disappear
    late = Setting(b).internship(start=START, insured=(START + timedelta(days=3), START + timedelta(days=90)))
    rm.catch_up()
    (bare,) = [x for x in stored_findings(rm, "open") if x.subject_id == str(late)]
    assert (bare.rule_id, bare.period_start, bare.period_end) == (
        "NINT21-10-insurance", START, START + timedelta(days=2))
    b.h("internship.provide-document", internship_id=late, doc="insurance_policy", provided_on=START,
        cover_from=START, cover_to=START + timedelta(days=2))
    position = b.app.recorder.max_notification_id()
    rm.catch_up()
    assert [x for x in stored_findings(rm, "open") if x.subject_id == str(late)] == []
    cured = [x for x in stored_findings(rm, "remedied") if x.key == bare.key]
    assert [x.resolved_by.position for x in cured] == [position]
    rm.close()
