"""Exchange: every transition and every refusal, no I/O; policy breaches recorded with
their dates; generated histories replay and survive a snapshot round trip through the
store's JSON transcoding (in memory)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import uuid4

import pytest
from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, JSONTranscoder, Mapper, UUIDAsHex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gtt_domain import DomainError
from gtt_domain.application import transcodings
from gtt_domain.domain.exchange import Exchange
from gtt_domain.domain.meta import EventMeta

T0 = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
META = EventMeta(actor="personnel-section", recorded_at=T0)
TEACHER, HEAD, BRANCH = str(uuid4()), str(uuid4()), str(uuid4())
START, END = date(2025, 9, 1), date(2026, 7, 15)


def plan(**kw: Any) -> Exchange:
    fields: dict[str, Any] = {
        "id": uuid4(), "person_id": TEACHER, "sending_id": HEAD, "host_id": BRANCH,
        "kind": "rotation", "mode": "flexible", "community_id": None, "agreement_id": None,
        "planned_start": START, "planned_end": END, "external_id": None, "meta": META}
    fields.update(kw)
    return Exchange.plan(**fields)


def started(on: date = START) -> Exchange:
    x = plan()
    x.start(on, META)
    return x


def refused(fn: Any, *args: Any, match: str) -> None:
    with pytest.raises(DomainError, match=match):
        fn(*args, META)


def mapper() -> Mapper:
    t = JSONTranscoder()
    for tc in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        t.register(tc)
    transcodings.register(t)
    return Mapper(transcoder=t)


def stored_round_trip(x: Exchange) -> tuple[Any, Any]:
    m = mapper()
    agg = None
    for e in x.collect_events():
        agg = m.to_domain_event(m.to_stored_event(e)).mutate(agg)
    snap = m.to_domain_event(m.to_stored_event(Exchange.Snapshot.take(x)))
    return agg, snap.mutate(None)


# --- planning ------------------------------------------------------------------------------


def test_plan_records_the_cycle():
    x = plan(mode="rigid", community_id="g1")
    (ev,) = x.collect_events()
    assert isinstance(ev, Exchange.Planned) and ev.meta.actor == "personnel-section"
    assert x.status == "planned" and x.mode == "rigid" and x.community_id == "g1"
    assert x.targets == [] and x.filed_on is None and x.days_on_site == 0


def test_plan_refusals():
    with pytest.raises(DomainError, match="unknown exchange kind 'holiday'"):
        plan(kind="holiday")
    with pytest.raises(DomainError, match="unknown exchange mode 'loose'"):
        plan(mode="loose")
    with pytest.raises(DomainError, match=r"exchange: plan refused: period ends \(2025-08-31\)"):
        plan(planned_end=date(2025, 8, 31))
    with pytest.raises(DomainError, match="cannot also be the host"):
        plan(host_id=HEAD)


def test_short_cycle_is_recorded_for_the_audits():
    x = plan(planned_end=START + timedelta(days=30))  # P1-R4 asks 1-2 years: a policy, kept
    assert x.planned_end == date(2025, 10, 1)


# --- filing, approval, start ---------------------------------------------------------------


def test_targets_filing_and_approval():
    x = plan()
    refused(x.set_targets, [], match="non-empty")
    refused(x.set_targets, ["ok", " "], match="non-empty")
    x.set_targets(["Grade-5 maths pass rate +5%"], META)
    x.set_targets(["Grade-5 maths pass rate +5%", "Two open lessons"], META)
    assert x.targets == ["Grade-5 maths pass rate +5%", "Two open lessons"]
    x.file("County bureau personnel section", date(2025, 8, 20), META)
    x.file("County bureau personnel section", date(2025, 8, 10), META)  # re-filed; first counts
    assert x.filed_on == date(2025, 8, 10)
    x.approve("County bureau", date(2025, 8, 25), META)
    refused(x.approve, "Other", date(2025, 8, 26), match="already approved on 2025-08-25 by County bureau")
    assert x.collect_events()[-1].meta.effective_at == datetime(2025, 8, 25, tzinfo=UTC)


def test_starting_before_filing_and_approval_is_recorded():
    x = plan()
    x.start(date(2025, 8, 25), META)  # before its planned start, unfiled, unapproved: facts
    x.file("County bureau", date(2025, 9, 10), META)  # filed after the start (P1-R4 breach)
    x.approve("County bureau", date(2025, 9, 12), META)
    assert x.started_on == date(2025, 8, 25) and x.filed_on == date(2025, 9, 10)
    assert x.filed_on > x.started_on
    refused(x.start, date(2025, 9, 1), match="already started on 2025-08-25")


# --- days on site and reviews --------------------------------------------------------------


def test_days_on_site_are_spans_inside_the_exchange():
    refused(plan().log_days, START, START, 1, match="has not started")
    x = started()
    refused(x.log_days, date(2025, 8, 31), date(2025, 9, 5), 3, match="2025-08-31 is before the exchange started")
    refused(x.log_days, date(2025, 9, 10), date(2025, 9, 9), 1, match="period ends")
    refused(x.log_days, date(2025, 9, 1), date(2025, 9, 30), 31, match="31 days do not fit in the 30 day")
    refused(x.log_days, date(2025, 9, 1), date(2025, 9, 30), -1, match="-1 days do not fit")
    x.log_days(date(2025, 9, 1), date(2025, 9, 30), 21, META)
    x.log_days(date(2025, 10, 1), date(2025, 10, 1), 1, META)
    x.log_days(date(2025, 11, 1), date(2025, 11, 30), 0, META)  # a month with none: evidence too
    refused(x.log_days, date(2025, 9, 30), date(2025, 10, 5), 2,
            match="overlap those logged from 2025-09-01 to 2025-09-30")
    assert x.days_on_site == 22
    assert x.days_on_site_between(date(2025, 9, 1), date(2025, 9, 30)) == 21
    assert x.collect_events()[-1].meta.effective_at == datetime(2025, 11, 30, tzinfo=UTC)
    x.complete(date(2026, 7, 15), META)
    x.log_days(date(2026, 7, 1), date(2026, 7, 15), 10, META)  # recorded late, inside the exchange
    refused(x.log_days, date(2026, 7, 16), date(2026, 7, 16), 1, match="after the exchange was completed on 2026-07-15")


def test_interim_reviews_fall_inside_the_exchange():
    refused(plan().record_review, START, "x", None, match="has not started")
    x = started()
    refused(x.record_review, date(2025, 8, 1), "x", None, match="before the exchange started")
    x.record_review(date(2026, 1, 15), "On track", "good", META)
    assert x.reviews[-1].rating == "good"
    x.complete(date(2026, 7, 15), META)
    refused(x.record_review, date(2026, 7, 16), "x", None, match="after the exchange was completed")


# --- outcome -------------------------------------------------------------------------------


def test_completion_once_and_after_the_facts():
    refused(plan().complete, END, match="has not started")
    x = started()
    x.log_days(date(2025, 9, 1), date(2025, 9, 30), 20, META)
    x.record_review(date(2025, 10, 10), "fine", None, META)
    refused(x.complete, date(2025, 8, 31), match="before a fact on record on 2025-10-10")
    refused(x.complete, date(2025, 10, 9), match="before a fact on record on 2025-10-10")
    x.complete(date(2025, 10, 10), META)  # early completion is a fact (cycle policy is audited)
    assert x.status == "completed" and x.completed_on == date(2025, 10, 10)
    refused(x.complete, date(2025, 10, 11), match="already completed on 2025-10-10")


def test_assessment_after_completion():
    x = started()
    refused(x.assess, END, "good", {}, match="not completed")
    x.complete(END, META)
    refused(x.assess, END - timedelta(days=1), "good", {}, match="before completion on 2026-07-15")
    refused(x.assess, END, "superb", {}, match="unknown assessment result 'superb'")
    x.assess(date(2026, 7, 30), "pass", {"pass_rate_gain": Decimal("3.5"), "comment": "steady"}, META)
    x.assess(date(2026, 9, 1), "good", {"pass_rate_gain": Decimal("4.0")}, META)  # re-assessed
    assert x.assessment is not None and x.assessment.result == "good"
    assert [a.result for a in x.assessments] == ["pass", "good"]


def test_cancellation_ends_everything():
    x = plan()
    x.cancel(date(2025, 8, 1), "teacher on sick leave", META)
    assert x.status == "cancelled" and x.cancellation_reason == "teacher on sick leave"
    for fn, args in ((x.set_targets, (["t"],)), (x.file, ("b", START)), (x.approve, ("b", START)),
                     (x.start, (START,)), (x.cancel, (START, "again")),
                     (x.log_days, (START, START, 1)), (x.record_review, (START, "x", None)),
                     (x.complete, (START,)), (x.assess, (START, "good", {}))):
        refused(fn, *args, match="cancelled on 2025-08-01")
    y = started()
    y.log_days(date(2025, 9, 1), date(2025, 9, 30), 20, META)
    refused(y.cancel, date(2025, 9, 15), "x", match="before a fact on record on 2025-09-30")
    y.cancel(date(2025, 10, 1), "cut short", META)
    z = started()
    z.complete(END, META)
    refused(z.cancel, END, "x", match="was completed on 2026-07-15")


def test_refused_command_records_nothing():
    x = started()
    x.collect_events()
    with pytest.raises(DomainError):
        x.log_days(date(2025, 8, 1), date(2025, 8, 2), 1, META)
    assert x.collect_events() == [] and x.on_site == []


# --- generated histories -------------------------------------------------------------------

DAYS = st.dates(min_value=date(2025, 7, 1), max_value=date(2026, 9, 30))
STEP = st.one_of(
    st.tuples(st.just("set_targets"), st.lists(st.sampled_from(["a", "b", " "]), max_size=3)),
    st.tuples(st.just("file"), st.just("bureau"), DAYS),
    st.tuples(st.just("approve"), st.just("bureau"), DAYS),
    st.tuples(st.just("start"), DAYS),
    st.tuples(st.just("log_days"), DAYS, DAYS, st.integers(-1, 40)),
    st.tuples(st.just("record_review"), DAYS, st.just("ok"), st.one_of(st.none(), st.just("good"))),
    st.tuples(st.just("complete"), DAYS),
    st.tuples(st.just("assess"), DAYS, st.sampled_from(["good", "fail", "meh"]),
              st.dictionaries(st.sampled_from(["gain", "note"]),
                              st.one_of(st.decimals(min_value=-10, max_value=10, places=2), st.text(max_size=3)),
                              max_size=2)),
    st.tuples(st.just("cancel"), DAYS, st.just("stop")),
)


@settings(max_examples=200, deadline=None)
@given(steps=st.lists(STEP, max_size=30))
@example(steps=[("start", date(2025, 9, 1)), ("file", "bureau", date(2025, 9, 3)),
                ("log_days", date(2025, 9, 1), date(2025, 9, 30), 20),
                ("record_review", date(2025, 12, 1), "ok", None), ("complete", date(2026, 7, 1)),
                ("assess", date(2026, 7, 2), "good", {"gain": Decimal("1.5"), "note": "x"})])
def test_generated_histories_replay_and_snapshot_equal(steps):
    x = plan()
    for i, (name, *args) in enumerate(steps):
        meta = EventMeta(actor="fuzz", recorded_at=T0 + timedelta(seconds=i + 1))
        try:
            getattr(x, name)(*args, meta)
        except DomainError as e:
            assert e.aggregate == "exchange" and e.command == name and e.reason
    # invariants the guards keep
    spans = sorted((s.from_day, s.to_day) for s in x.on_site)
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False))
    if x.on_site:
        assert x.started_on is not None and spans[0][0] >= x.started_on
        assert x.completed_on is None or max(t for _, t in spans) <= x.completed_on
    assert not x.assessments or (x.completed_on is not None and x.assessments[0].on >= x.completed_on)
    replayed, snapped = stored_round_trip(x)
    assert replayed == x and snapped == x
