"""Agreements read tables: incremental catch-up in random batches with crashes == one
rebuild, for generated histories on real SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

import pytest
from gtt_projections.models.agreements import Agreements
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from readside_helpers import fresh_store
from wave2_helpers import check_incremental_equals_rebuild, day, pick

from gtt_domain.commands import agreement as ca

i = st.integers(0, 9)
d = st.integers(0, 400)
OBL = ["review", "fees", "visits"]
money = st.none() | st.decimals(0, 5000, places=2)
step = st.one_of(
    st.tuples(st.just("draft"), st.sampled_from(["order_training", "charter"]), d, st.booleans()),
    st.tuples(st.just("party"), i, i, st.sampled_from(["school", "enterprise"])),
    st.tuples(st.just("person_party"), i, i),
    st.tuples(st.just("remove_party"), i, i),
    st.tuples(st.just("obligation"), i, st.sampled_from(OBL), i),
    st.tuples(st.just("sign"), i, i, d),
    st.tuples(st.just("activate"), i, d),
    st.tuples(st.just("sign_all_activate"), i, d),
    st.tuples(st.just("amend"), i, d, st.sampled_from(OBL), st.lists(st.sampled_from(OBL), max_size=1)),
    st.tuples(st.just("suspend"), i, d),
    st.tuples(st.just("resume"), i, d),
    st.tuples(st.just("renew"), i, d),
    st.tuples(st.just("expire"), i, d),
    st.tuples(st.just("terminate"), i, d),
    st.tuples(st.just("plaque"), i, i, d),
    st.tuples(st.just("fulfil"), i, st.sampled_from(OBL), d, money, money),
)
#: steps that need an active agreement, drawn more often so histories reach them
lively = st.one_of(
    st.tuples(st.just("sign_all_activate"), i, d),
    st.tuples(st.just("fulfil"), i, st.sampled_from(OBL), d, money, money),
)
catch_up = st.tuples(st.just("catch_up"), st.integers(1, 6), st.none() | st.integers(1, 3))
history = st.builds(
    lambda first, rest: [first, *rest],
    st.tuples(st.just("draft"), st.just("order_training"), d, st.just(True)),
    st.lists(st.one_of(step, step, lively, catch_up), min_size=8, max_size=30),
)


def to_command(s, w):
    if s[0] == "draft":
        # a signed two-party draft with one obligation often, so later steps have work to do
        parties = [ca.PartySpec(party_id=w.schools[0], role="school"),
                   ca.PartySpec(party_id=w.enterprise, role="enterprise")] if s[3] else []
        obligations = [ca.ObligationSpec(obligation_id="review", description="Review meeting",
                                         obligor=w.enterprise, quantity=Decimal(2),
                                         cadence="per_year")] if s[3] else []
        return ca.DraftAgreement(kind=s[1], title=f"Agreement {s[2]}", drafted_on=day(s[2] // 4),
                                 term_start=day(s[2] // 4), term_end=day(s[2] // 4 + 365),
                                 majors=["N1"], parties=parties, obligations=obligations)
    aid = pick(w.made.get("draft", []), s[1])
    if aid is None:
        return None

    def party(k):
        return pick(w.institutions, k)

    return {
        "party": lambda: ca.AddAgreementParty(agreement_id=aid, party_id=party(s[2]), role=s[3]),
        "person_party": lambda: ca.AddAgreementParty(agreement_id=aid, party_id=pick(w.people, s[2]),
                                                     party_kind="person", role="student"),
        "remove_party": lambda: ca.RemoveAgreementParty(agreement_id=aid, party_id=party(s[2])),
        "obligation": lambda: ca.AddObligation(agreement_id=aid, obligation_id=s[2], description=s[2],
                                               obligor=party(s[3]), amount=Decimal(100)),
        "sign": lambda: ca.SignAgreement(agreement_id=aid, party_id=party(s[2]), on=day(s[3] // 4)),
        "sign_all_activate": lambda: [
            *(ca.SignAgreement(agreement_id=aid, party_id=p, on=day(100 + s[2] // 4))
              for p in (w.schools[0], w.enterprise)),
            ca.ActivateAgreement(agreement_id=aid, on=day(100 + s[2] // 4))],
        "activate": lambda: ca.ActivateAgreement(agreement_id=aid, on=day(s[2] // 3)),
        "amend": lambda: ca.AmendAgreement(
            agreement_id=aid, on=day(s[2]), summary="terms", dropped_obligation_ids=s[4],
            obligations=[ca.ObligationSpec(obligation_id=s[3], description="restated",
                                           obligor=w.enterprise, quantity=Decimal("1.5"))]),
        "suspend": lambda: ca.SuspendAgreement(agreement_id=aid, on=day(s[2]), reason="audit"),
        "resume": lambda: ca.ResumeAgreement(agreement_id=aid, on=day(s[2])),
        "renew": lambda: ca.RenewAgreement(agreement_id=aid, on=day(s[2]), new_end=day(s[2] + 700)),
        "expire": lambda: ca.ExpireAgreement(agreement_id=aid, on=day(s[2] + 400)),
        "terminate": lambda: ca.TerminateAgreement(agreement_id=aid, on=day(s[2]), reason="closed"),
        "plaque": lambda: ca.HangAgreementPlaque(agreement_id=aid, party_id=party(s[2]), on=day(s[3]),
                                                 text="Base"),
        "fulfil": lambda: ca.RecordFulfilment(agreement_id=aid, obligation_id=s[2], on=day(s[3]),
                                              quantity=s[4], amount=s[5]),
    }[s[0]]()


#: one history that surely reaches fulfilments, restated terms and every standing
SURE = [("draft", "order_training", 40, True), ("sign_all_activate", 0, 10),
        ("fulfil", 0, "review", 120, Decimal("0.5"), Decimal("10.00")), ("catch_up", 2, 1),
        ("amend", 0, 130, "review", []), ("fulfil", 0, "review", 140, Decimal(1), None),
        ("suspend", 0, 150), ("catch_up", 3, None), ("resume", 0, 160),
        ("person_party", 0, 1), ("terminate", 0, 170)]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=history, final_batch=st.integers(1, 7))
@example(steps=SURE, final_batch=2)
def test_agreements_incremental_equals_rebuild_sqlite(steps, final_batch):
    with fresh_store("sqlite") as url:
        check_incremental_equals_rebuild(url, Agreements, steps, to_command, final_batch)


@pytest.mark.postgres
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=history, final_batch=st.integers(1, 7))
def test_agreements_incremental_equals_rebuild_postgres(steps, final_batch):
    with fresh_store("postgres") as url:
        check_incremental_equals_rebuild(url, Agreements, steps, to_command, final_batch)


def test_the_sure_history_reaches_what_it_promises(sqlite_url):
    """Guards the example above: it must keep exercising fulfilments and restatements."""
    tables = check_incremental_equals_rebuild(sqlite_url, Agreements, SURE, to_command, 2)
    assert len(tables["agreement_fulfilments"]) == 2
    assert [r[2] for r in tables["agreement_status_history"]] == [
        "drafted", "active", "suspended", "active", "terminated"]
    [review] = tables["agreement_obligations"]
    assert (review[9], review[11], review[12]) == (2, 2, Decimal("1.5"))
