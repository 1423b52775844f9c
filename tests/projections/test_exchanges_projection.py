"""Exchanges read tables: incremental catch-up in random batches with crashes == one
rebuild, for generated histories on real SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from gtt_projections.models.exchanges import Exchanges
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from readside_helpers import fresh_store
from wave2_helpers import check_incremental_equals_rebuild, day, pick

from gtt_domain.commands import exchange as cx

i = st.integers(0, 9)
d = st.integers(0, 300)
step = st.one_of(
    st.tuples(st.just("plan"), st.sampled_from(["rotation", "enterprise_practice"]), i, i, i, d),
    st.tuples(st.just("targets"), i, st.integers(1, 3)),
    st.tuples(st.just("file"), i, d),
    st.tuples(st.just("approve"), i, d),
    st.tuples(st.just("start"), i, d),
    st.tuples(st.just("days"), i, d, st.integers(0, 20), st.integers(0, 20)),
    st.tuples(st.just("review"), i, d),
    st.tuples(st.just("complete"), i, d),
    st.tuples(st.just("assess"), i, d, st.sampled_from(["good", "pass"])),
    st.tuples(st.just("cancel"), i, d),
)
catch_up = st.tuples(st.just("catch_up"), st.integers(1, 6), st.none() | st.integers(1, 3))
history = st.builds(
    lambda first, rest: [first, *rest],
    st.tuples(st.just("plan"), st.just("rotation"), st.just(0), st.just(1), st.just(1), d),
    st.lists(st.one_of(step, step, catch_up), min_size=8, max_size=25),
)


def to_command(s, w):
    if s[0] == "plan":
        sending, host = pick(w.institutions, s[3]), pick(w.institutions, s[4])
        return cx.PlanExchange(person_id=pick(w.people, s[2]), sending_id=sending, host_id=host,
                               kind=s[1], planned_start=day(s[5]), planned_end=day(s[5] + 365))
    xid = pick(w.made.get("plan", []), s[1])
    if xid is None:
        return None
    return {
        "targets": lambda: cx.SetExchangeTargets(exchange_id=xid, targets=[f"t{k}" for k in range(s[2])]),
        "file": lambda: cx.FileExchange(exchange_id=xid, authority="county bureau", filed_on=day(s[2])),
        "approve": lambda: cx.ApproveExchange(exchange_id=xid, by="bureau", on=day(s[2])),
        "start": lambda: cx.StartExchange(exchange_id=xid, on=day(s[2] // 3)),
        "days": lambda: cx.LogDaysOnSite(exchange_id=xid, from_day=day(s[2]), to_day=day(s[2] + s[3]),
                                         days=min(s[4], s[3] + 1)),
        "review": lambda: cx.RecordInterimReview(exchange_id=xid, on=day(s[2]), summary="on track"),
        "complete": lambda: cx.CompleteExchange(exchange_id=xid, on=day(s[2] + 300)),
        "assess": lambda: cx.AssessExchange(exchange_id=xid, on=day(s[2] + 600), result=s[3]),
        "cancel": lambda: cx.CancelExchange(exchange_id=xid, on=day(s[2]), reason="illness"),
    }[s[0]]()


SURE = [("plan", "rotation", 0, 0, 1, 0), ("file", 0, 1), ("file", 0, 0), ("start", 0, 30),
        ("days", 0, 20, 5, 4), ("catch_up", 2, 1), ("review", 0, 40), ("days", 0, 60, 0, 1),
        ("complete", 0, 0), ("assess", 0, 0, "good"), ("catch_up", 1, None)]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=history, final_batch=st.integers(1, 7))
@example(steps=SURE, final_batch=3)
def test_exchanges_incremental_equals_rebuild_sqlite(steps, final_batch):
    with fresh_store("sqlite") as url:
        check_incremental_equals_rebuild(url, Exchanges, steps, to_command, final_batch)


@pytest.mark.postgres
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=history, final_batch=st.integers(1, 7))
def test_exchanges_incremental_equals_rebuild_postgres(steps, final_batch):
    with fresh_store("postgres") as url:
        check_incremental_equals_rebuild(url, Exchanges, steps, to_command, final_batch)


def test_the_sure_history_reaches_what_it_promises(sqlite_url):
    """Guards the example above: filings, days, a review, completion and assessment."""
    tables = check_incremental_equals_rebuild(sqlite_url, Exchanges, SURE, to_command, 3)
    [row] = tables["exchanges"]
    cols = [c.name for c in Exchanges.tables[0].columns]
    x = dict(zip(cols, row, strict=True))
    assert (x["status"], x["filed_on"], x["days_on_site"], x["review_count"], x["assessment_result"]) == (
        "completed", day(0), 5, 1, "good")
    assert len(tables["exchange_days"]) == 2
