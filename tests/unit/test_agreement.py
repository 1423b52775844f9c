"""Agreement: every transition and every refusal, no I/O; ``is_active_on`` across
suspension, renewal, expiry and termination; generated histories replay, survive a
snapshot round trip through the store's JSON transcoding (in memory), and answer
``is_active_on`` as a reading of their events does."""

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
from gtt_domain.domain.agreement import Agreement
from gtt_domain.domain.agreement_parts import Obligation, StatusChange
from gtt_domain.domain.meta import EventMeta

T0 = datetime(2025, 1, 2, 9, 0, tzinfo=UTC)
META = EventMeta(actor="clerk", recorded_at=T0)
SCH, ENT, STU = str(uuid4()), str(uuid4()), str(uuid4())
DRAFTED, START, END = date(2025, 1, 10), date(2025, 2, 1), date(2026, 1, 31)


def obligation(oid: str = "meet", obligor: str = ENT, **kw: Any) -> Obligation:
    fields: dict[str, Any] = {"description": "Quarterly review meeting", "quantity": Decimal(1),
                              "unit": "meeting", "cadence": "per_quarter"}
    fields.update(kw)
    return Obligation(obligation_id=oid, obligor=obligor, **fields)


def draft(term_end: date | None = END, *, parties: bool = True, kind: str = "training_base") -> Agreement:
    a = Agreement.draft(id=uuid4(), kind=kind, title="AC training base", drafted_on=DRAFTED,
                        term_start=START, term_end=term_end, majors=["660301"], community_id=None,
                        external_id=None, meta=META)
    if parties:
        a.add_party(SCH, "institution", "school", META)
        a.add_party(ENT, "institution", "enterprise", META)
        a.add_obligation(obligation(), META)
    return a


def active(term_end: date | None = END) -> Agreement:
    a = draft(term_end)
    a.sign(SCH, date(2025, 1, 20), META)
    a.sign(ENT, date(2025, 1, 21), META)
    a.activate(START, META)
    return a


def refused(fn: Any, *args: Any, match: str, **kw: Any) -> None:
    with pytest.raises(DomainError, match=match):
        fn(*args, META, **kw)


def mapper() -> Mapper:
    t = JSONTranscoder()
    for tc in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        t.register(tc)
    transcodings.register(t)
    return Mapper(transcoder=t)


def replay(events: list[Any]) -> Any:
    agg = None
    for ev in events:
        agg = ev.mutate(agg)
    return agg


def stored_round_trip(agg: Agreement) -> tuple[Any, Any]:
    """Events and a snapshot through the store's JSON transcoding, rebuilt."""
    m = mapper()
    events = [m.to_domain_event(m.to_stored_event(e)) for e in agg.collect_events()]
    snap = m.to_domain_event(m.to_stored_event(Agreement.Snapshot.take(agg)))
    return replay(events), snap.mutate(None)


# --- drafting ----------------------------------------------------------------------------


def test_draft_starts_a_versioned_draft_dated_when_drafted():
    a = draft(parties=False)
    (ev,) = a.collect_events()
    assert isinstance(ev, Agreement.Drafted)
    assert ev.meta.effective_at == datetime(2025, 1, 10, tzinfo=UTC) and ev.meta.actor == "clerk"
    assert a.status == "drafted" and a.terms_version == 1 and a.majors == ["660301"]
    assert a.status_history == [StatusChange("drafted", DRAFTED)]
    assert not a.is_active_on(START) and a.status_on(DRAFTED - timedelta(days=1)) is None


def test_draft_refusals():
    with pytest.raises(DomainError, match="unknown agreement kind 'barter'"):
        draft(kind="barter")
    with pytest.raises(DomainError, match=r"agreement: draft refused: period ends \(2025-01-01\)"):
        draft(term_end=date(2025, 1, 1))


def test_parties_change_only_while_drafted():
    a = draft()
    a.add_party(STU, "person", "student", META)
    assert a.has_party(STU) and a.parties[STU].role == "student"
    refused(a.add_party, STU, "person", "student", match="already in the agreement")
    refused(a.add_party, "x", "robot", "school", match="unknown party kind 'robot'")
    refused(a.add_party, "x", "person", "mascot", match="unknown party role 'mascot'")
    refused(a.remove_party, "nobody", match="party nobody is not in the agreement")
    refused(a.remove_party, ENT, match="owes obligation")
    a.sign(STU, date(2025, 1, 15), META)
    a.remove_party(STU, META)  # a signature falls away with its party
    assert not a.has_party(STU) and STU not in a.signatures
    a.sign(SCH, date(2025, 1, 20), META)
    a.sign(ENT, date(2025, 1, 20), META)
    a.activate(START, META)
    refused(a.add_party, STU, "person", "student", match="active; only a draft")
    refused(a.remove_party, SCH, match="active; only a draft")


def test_obligations_while_drafted():
    a = draft()
    a.add_obligation(obligation("equipment", unit="yuan", quantity=None, amount=Decimal(200000),
                                cadence="once"), META)
    a.add_obligation(obligation("plan", obligor=SCH, lead_days=60, cadence="before_each_internship"), META)
    assert a.obligations["plan"].lead_days == 60 and a.obligations["equipment"].since_version == 1
    refused(a.add_obligation, obligation(), match="obligation 'meet' already exists")
    refused(a.add_obligation, obligation("x", obligor=STU), match=f"party {STU} is not in")
    refused(a.add_obligation, obligation("x", cadence="hourly"), match="unknown cadence 'hourly'")
    for field in ("quantity", "amount", "lead_days"):
        refused(a.add_obligation, obligation("x", **{field: -1}), match=f"{field} cannot be negative")
    a.sign(SCH, DRAFTED, META)
    a.sign(ENT, DRAFTED, META)
    a.activate(START, META)
    refused(a.add_obligation, obligation("late"), match="only a draft")


# --- signing and activation ----------------------------------------------------------------


def test_signing_refusals():
    a = draft()
    refused(a.sign, STU, date(2025, 1, 20), match=f"party {STU} is not in the agreement")
    refused(a.sign, SCH, date(2025, 1, 9), match="before the agreement was drafted on 2025-01-10")
    a.sign(SCH, date(2025, 1, 20), META)
    refused(a.sign, SCH, date(2025, 1, 21), match="already signed on 2025-01-20")
    assert a.signatures == {SCH: date(2025, 1, 20)}
    a.terminate(date(2025, 1, 25), "negotiations failed", META)
    refused(a.sign, ENT, date(2025, 1, 26), match="the agreement is terminated since 2025-01-25")


def test_signing_an_expired_agreement_is_refused():
    a = draft()
    a.add_party(STU, "person", "student", META)
    for p in (SCH, ENT, STU):
        a.sign(p, DRAFTED, META)
    a.activate(START, META)
    a.expire(END + timedelta(days=1), META)
    refused(a.sign, STU, END, match="the agreement is expired since 2026-02-01")


def test_activation_needs_two_parties_all_signed_before():
    lone = draft(parties=False)
    lone.add_party(SCH, "institution", "school", META)
    lone.sign(SCH, DRAFTED, META)
    refused(lone.activate, START, match="at least two parties")
    a = draft()
    refused(a.activate, START, match=f"not signed by {min(SCH, ENT)}, {max(SCH, ENT)}")
    a.sign(SCH, date(2025, 1, 20), META)
    refused(a.activate, START, match=f"not signed by {ENT}")
    a.sign(ENT, date(2025, 1, 28), META)
    refused(a.activate, date(2025, 1, 27), match="before the last signature on 2025-01-28")
    a.activate(date(2025, 1, 28), META)  # in force before the term starts: recorded
    assert a.status == "active" and a.activated_on == date(2025, 1, 28)
    assert a.status_history[-1] == StatusChange("active", date(2025, 1, 28))
    assert not a.is_active_on(date(2025, 1, 31)) and a.is_active_on(START)
    refused(a.activate, START, match="the agreement is active, not drafted")


# --- amendments, standing, renewal, ending -----------------------------------------------------


def test_amendments_version_the_terms():
    refused(draft().amend, START, "x", match="has not been activated")
    a = active()
    refused(a.amend, date(2025, 1, 31), "x", match="before the agreement was activated on 2025-02-01")
    a.amend(date(2025, 3, 1), "meetings monthly; equipment pledged", META,
            obligations=[obligation("meet", cadence="per_month"),
                         obligation("equipment", amount=Decimal(200000), quantity=None, unit="yuan")])
    assert a.terms_version == 2 and a.amendments[-1].summary.startswith("meetings monthly")
    assert a.obligations["meet"].cadence == "per_month" and a.obligations["meet"].since_version == 2
    assert a.obligations["equipment"].since_version == 2
    a.amend(date(2025, 4, 1), "no more meetings; longer term", META, new_end=date(2026, 7, 31),
            dropped_obligation_ids=["meet"])
    assert a.terms_version == 3 and a.term_end == date(2026, 7, 31)
    assert a.obligations["meet"].dropped_in_version == 3
    assert [o.obligation_id for o in a.obligations_in_force()] == ["equipment"]
    refused(a.amend, date(2025, 5, 1), "x", dropped_obligation_ids=["meet"], match="cannot drop obligation 'meet'")
    refused(a.amend, date(2025, 5, 1), "x", obligations=[obligation("equipment")],
            dropped_obligation_ids=["equipment"], match="cannot drop obligation 'equipment'")
    refused(a.amend, date(2025, 5, 1), "x", obligations=[obligation("a"), obligation("a")],
            match="appears twice")
    refused(a.amend, date(2025, 5, 1), "x", obligations=[obligation("a", obligor=STU)], match="is not in")
    refused(a.amend, date(2025, 5, 1), "x", new_end=date(2025, 1, 1), match="period ends")
    a.terminate(date(2025, 6, 1), "closed", META)
    a.amend(date(2025, 5, 15), "recorded late", META)  # dated before the ending: kept
    assert a.terms_version == 4
    refused(a.amend, date(2025, 6, 1), "x", match="when the agreement was terminated")


def test_suspension_and_resumption():
    a = active()
    refused(draft().suspend, START, "x", match="drafted, not active")
    refused(a.resume, START, match="active, not suspended")
    refused(a.suspend, date(2025, 1, 31), "x", match="before the agreement became active on 2025-02-01")
    a.suspend(date(2025, 5, 1), "plant retooling", META)
    refused(a.suspend, date(2025, 5, 2), "x", match="suspended, not active")
    refused(a.resume, date(2025, 4, 30), match="before the agreement became suspended on 2025-05-01")
    a.resume(date(2025, 8, 1), META)
    assert [s.status for s in a.status_history] == ["drafted", "active", "suspended", "active"]
    assert a.is_active_on(date(2025, 4, 30))
    assert not a.is_active_on(date(2025, 5, 1)) and not a.is_active_on(date(2025, 7, 31))
    assert a.is_active_on(date(2025, 8, 1)) and a.is_active_on(END)
    assert not a.is_active_on(END + timedelta(days=1))


def test_renewal_extends_the_term():
    refused(draft().renew, START, date(2027, 1, 1), match="has not been activated")
    refused(active(term_end=None).renew, START, date(2027, 1, 1), match="open-ended")
    a = active()
    refused(a.renew, date(2025, 12, 1), END, match="is not after the current end 2026-01-31")
    refused(a.renew, date(2025, 1, 1), date(2027, 1, 31), match="before the agreement was activated")
    a.renew(date(2025, 12, 1), date(2027, 1, 31), META)
    assert a.term_end == date(2027, 1, 31) and a.renewals[-1].on == date(2025, 12, 1)
    assert a.is_active_on(date(2026, 6, 1)) and not a.is_active_on(date(2027, 2, 1))
    a.suspend(date(2026, 3, 1), "audit", META)
    a.renew(date(2026, 4, 1), date(2028, 1, 31), META)  # while suspended
    assert not a.is_active_on(date(2027, 6, 1))  # still suspended
    a.resume(date(2026, 5, 1), META)
    assert a.is_active_on(date(2027, 6, 1))


def test_expiry_after_the_term():
    refused(draft().expire, END + timedelta(days=1), match="has not been activated")
    refused(active(term_end=None).expire, date(2030, 1, 1), match="open-ended")
    a = active()
    refused(a.expire, END, match="inside the term ending 2026-01-31; terminate it")
    a.expire(END + timedelta(days=1), META)
    assert a.status == "expired" and a.ended_on == END + timedelta(days=1)
    refused(a.expire, END + timedelta(days=2), match="expired since")
    refused(a.terminate, END + timedelta(days=2), "x", match="expired since")
    refused(a.renew, END + timedelta(days=2), date(2028, 1, 1), match="when the agreement was expired")
    assert a.is_active_on(END) and not a.is_active_on(END + timedelta(days=1))


def test_termination_ends_from_its_day():
    a = active(term_end=None)
    a.suspend(date(2025, 3, 1), "dispute", META)
    refused(a.terminate, date(2025, 2, 28), "x", match="before the agreement became suspended")
    a.resume(date(2025, 4, 1), META)
    a.terminate(date(2025, 9, 1), "enterprise closed", META)
    assert a.status == "terminated" and a.end_reason == "enterprise closed"
    refused(a.terminate, date(2025, 9, 2), "again", match="terminated since 2025-09-01")
    refused(a.suspend, date(2025, 9, 2), "x", match="terminated, not active")
    assert a.is_active_on(date(2025, 8, 31)) and not a.is_active_on(date(2025, 9, 1))
    assert not a.is_active_on(date(2030, 1, 1))  # open-ended, but terminated
    abandoned = draft()
    abandoned.terminate(DRAFTED, "abandoned draft", META)
    assert abandoned.status_history[-1] == StatusChange("terminated", DRAFTED)


# --- plaques and fulfilments ---------------------------------------------------------------


def test_plaques_by_parties_are_recorded_whatever_the_standing():
    a = active()
    refused(a.hang_plaque, START, STU, "x", match="is not in the agreement")
    a.terminate(date(2025, 3, 1), "closed", META)
    a.hang_plaque(date(2025, 4, 1), ENT, "Off-campus training base", META)  # a fact for the audits
    assert a.plaques[-1].party_id == ENT and a.plaques[-1].on == date(2025, 4, 1)


def test_fulfilments_against_known_obligations():
    refused(draft().record_fulfilment, "meet", START, match="never activated")
    a = active()
    refused(a.record_fulfilment, "nope", START, match="no obligation 'nope'")
    refused(a.record_fulfilment, "meet", START, quantity=Decimal(-1), match="quantity cannot be negative")
    refused(a.record_fulfilment, "meet", START, amount=Decimal(-1), match="amount cannot be negative")
    a.record_fulfilment("meet", date(2025, 3, 5), META, quantity=Decimal(1), note="Q1 review",
                        evidence_ref="minutes 2025-03")
    a.expire(END + timedelta(days=1), META)
    a.record_fulfilment("meet", date(2026, 3, 1), META, quantity=Decimal(1))  # after expiry: a fact
    ev = a.collect_events()[-1]
    assert isinstance(ev, Agreement.FulfilmentRecorded)
    assert ev.meta.effective_at == datetime(2026, 3, 1, tzinfo=UTC)
    assert a.fulfilled("meet", START, END) == (Decimal(1), Decimal(0))
    assert a.fulfilled("meet", START, date(2026, 12, 31)) == (Decimal(2), Decimal(0))


def test_refused_command_records_nothing():
    a = active()
    a.collect_events()
    with pytest.raises(DomainError):
        a.sign(SCH, START, META)
    with pytest.raises(DomainError):
        a.amend(date(2025, 3, 1), "x", META, obligations=[obligation("ok"), obligation("bad", obligor=STU)])
    assert a.collect_events() == [] and a.terms_version == 1 and "ok" not in a.obligations


def test_stored_round_trip_keeps_obligations_and_history():
    a = active()
    a.amend(date(2025, 3, 1), "equipment", META, obligations=[obligation("eq", amount=Decimal("200000.50"))])
    a.suspend(date(2025, 4, 1), "x", META)
    replayed, snapped = stored_round_trip(a)
    assert replayed == a and snapped == a
    assert snapped.obligations["eq"].amount == Decimal("200000.50")
    assert snapped.status_history[2] == StatusChange("suspended", date(2025, 4, 1))


# --- generated histories -------------------------------------------------------------------

DAYS = st.dates(min_value=date(2024, 12, 1), max_value=date(2027, 6, 30))
PARTY = st.sampled_from([SCH, ENT, STU, "ghost"])
OBL = st.builds(obligation, st.sampled_from(["meet", "eq", "plan"]), PARTY,
                quantity=st.one_of(st.none(), st.decimals(min_value=-1, max_value=10, places=0)),
                cadence=st.sampled_from(["once", "per_quarter", "weekly"]))
STEP = st.one_of(
    st.tuples(st.just("add_party"), PARTY, st.sampled_from(["institution", "person"]),
              st.sampled_from(["school", "enterprise", "student", "king"])),
    st.tuples(st.just("remove_party"), PARTY),
    st.tuples(st.just("add_obligation"), OBL),
    st.tuples(st.just("sign"), PARTY, DAYS),
    st.tuples(st.just("activate"), DAYS),
    st.tuples(st.just("amend"), DAYS, st.just("change")),
    st.tuples(st.just("suspend"), DAYS, st.just("dispute")),
    st.tuples(st.just("resume"), DAYS),
    st.tuples(st.just("renew"), DAYS, DAYS),
    st.tuples(st.just("expire"), DAYS),
    st.tuples(st.just("terminate"), DAYS, st.just("closed")),
    st.tuples(st.just("hang_plaque"), DAYS, PARTY, st.just("Training base")),
    st.tuples(st.just("record_fulfilment"), st.sampled_from(["meet", "eq", "none"]), DAYS),
)


def active_by_reading_events(events: list[Any], day: date) -> bool:
    """An independent reading of ``is_active_on``: from the events, not the state."""
    start, end = events[0].term_start, events[0].term_end
    activated, standing = False, []
    for ev in events[1:]:
        if isinstance(ev, Agreement.Activated):
            activated = True
            standing.append(("active", ev.on))
        elif isinstance(ev, Agreement.Resumed):
            standing.append(("active", ev.on))
        elif isinstance(ev, Agreement.Suspended | Agreement.Expired | Agreement.Terminated):
            standing.append(("out", ev.on))
        elif isinstance(ev, Agreement.Renewed) or (isinstance(ev, Agreement.Amended) and ev.new_end):
            end = ev.new_end
    now = [s for s, since in standing if since <= day]
    in_term = start <= day and (end is None or day <= end)
    return activated and in_term and bool(now) and now[-1] == "active"


def call(a: Agreement, name: str, args: list[Any], meta: EventMeta) -> None:
    if name == "amend":
        a.amend(args[0], args[1], meta)
    elif name == "record_fulfilment":
        a.record_fulfilment(args[0], args[1], meta, quantity=Decimal(1))
    else:
        getattr(a, name)(*args, meta)


@settings(max_examples=200, deadline=None)
@given(signed=st.booleans(), open_ended=st.booleans(), steps=st.lists(STEP, max_size=30),
       probes=st.lists(DAYS, min_size=1, max_size=8))
@example(signed=False, open_ended=False, probes=[date(2025, 3, 1), date(2025, 6, 1), date(2026, 10, 1)], steps=[
    ("sign", SCH, date(2025, 1, 20)), ("sign", ENT, date(2025, 1, 20)), ("activate", START),
    ("suspend", date(2025, 5, 1), "x"), ("resume", date(2025, 7, 1)),
    ("renew", date(2025, 12, 1), date(2026, 12, 31)), ("record_fulfilment", "meet", date(2025, 3, 1)),
    ("terminate", date(2026, 9, 1), "closed")])
def test_generated_histories_replay_snapshot_and_answer_is_active_on(signed, open_ended, steps, probes):
    """Half the histories start from an activated agreement, so standing changes are common."""
    term_end = None if open_ended else END
    a = active(term_end) if signed else draft(term_end)
    for i, (name, *args) in enumerate(steps):
        meta = EventMeta(actor="fuzz", recorded_at=T0 + timedelta(seconds=i + 1))
        try:
            call(a, name, args, meta)
        except DomainError as e:
            assert e.aggregate == "agreement" and e.command == name and e.reason
    dates = [s.from_date for s in a.status_history]
    assert dates == sorted(dates)  # the guards keep standing changes in order
    assert set(a.signatures) <= set(a.parties)
    events = list(a.pending_events)
    replayed, snapped = stored_round_trip(a)
    assert replayed == a and snapped == a
    for day in probes:
        assert a.is_active_on(day) == snapped.is_active_on(day) == active_by_reading_events(events, day)
