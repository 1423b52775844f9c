"""Community: every transition and every refusal, no I/O; generated histories replay and
survive a snapshot round trip through the store's JSON transcoding (in memory)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import uuid4

import pytest
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Mapper,
    UUIDAsHex,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from gtt_domain import DomainError
from gtt_domain.application import transcodings
from gtt_domain.domain.community import Community
from gtt_domain.domain.meta import EventMeta

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
META = EventMeta(actor="bureau", recorded_at=T0)
HEAD, BRANCH, VILLAGE = "head-school", "branch-school", "village-point"
P1, P2 = str(uuid4()), str(uuid4())
EST = date(2024, 9, 1)


def group(kind: str = "education_group") -> Community:
    return Community.establish(id=uuid4(), kind=kind, name="Anxi No.1 Group", region="Anxi",
                               core_institution_id=HEAD, established_on=EST,
                               external_id=None, meta=META)


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


def snapshot_round_trip(agg: Community) -> Any:
    m = mapper()
    return m.to_domain_event(m.to_stored_event(Community.Snapshot.take(agg))).mutate(None)


def refused(fn: Any, *args: Any, match: str) -> None:
    with pytest.raises(DomainError, match=match):
        fn(*args, META)


# --- establishment and membership --------------------------------------------------------


def test_established_with_core_as_head_member():
    g = group()
    (ev,) = g.collect_events()
    assert type(ev).__name__ == "Established" and ev.meta.actor == "bureau"
    assert ev.meta.effective_at == datetime(2024, 9, 1, tzinfo=UTC)
    assert g.members_on(EST) == {HEAD} and g.member_role_on(HEAD, EST) == "head"
    assert not g.is_member_on(HEAD, date(2024, 8, 31))


def test_establish_refuses_unknown_kind():
    with pytest.raises(DomainError, match="unknown community kind 'club'"):
        group("club")


def test_join_and_leave_are_half_open_spells():
    g = group()
    g.join(BRANCH, date(2024, 9, 10), "branch", None, META)
    assert g.is_member_on(BRANCH, date(2024, 9, 10)) and not g.is_member_on(BRANCH, date(2024, 9, 9))
    g.leave(BRANCH, date(2025, 7, 1), META)
    assert g.is_member_on(BRANCH, date(2025, 6, 30)) and not g.is_member_on(BRANCH, date(2025, 7, 1))
    g.join(BRANCH, date(2025, 9, 1), "member", None, META)  # rejoins later
    assert g.members_on(date(2025, 9, 1)) == {HEAD, BRANCH}
    assert g.member_role_on(BRANCH, date(2025, 9, 1)) == "member"


def test_join_refusals():
    g = group()
    refused(g.join, HEAD, date(2024, 10, 1), "member", None, match="already a member since 2024-09-01")
    refused(g.join, BRANCH, date(2024, 8, 1), "branch", None, match="before the community was established")
    refused(g.join, BRANCH, date(2024, 10, 1), "boss", None, match="unknown member role 'boss'")
    refused(g.join, BRANCH, date(2024, 10, 1), "branch", date(2024, 9, 30), match="before joining")
    g.join(BRANCH, date(2024, 10, 1), "branch", None, META)
    g.leave(BRANCH, date(2025, 1, 1), META)
    refused(g.join, BRANCH, date(2024, 12, 1), "branch", None, match="before it left on 2025-01-01")


def test_leave_refusals():
    g = group()
    refused(g.leave, BRANCH, date(2025, 1, 1), match="leave refused: institution branch-school is not a member")
    g.join(BRANCH, date(2024, 10, 1), "branch", None, META)
    refused(g.leave, BRANCH, date(2024, 9, 30), match="before it starts")
    g.leave(BRANCH, date(2024, 11, 1), META)
    refused(g.leave, BRANCH, date(2024, 12, 1), match="is not a member")


def test_plaques():
    g = group()
    g.join(BRANCH, date(2024, 10, 1), "branch", date(2024, 10, 8), META)
    assert g.members[-1].plaque_on == date(2024, 10, 8)
    refused(g.hang_plaque, BRANCH, date(2024, 11, 1), match="already hung on 2024-10-08")
    refused(g.hang_plaque, VILLAGE, date(2024, 11, 1), match="not a member on 2024-11-01")
    g.join(VILLAGE, date(2024, 10, 1), "branch", None, META)
    refused(g.hang_plaque, VILLAGE, date(2024, 9, 20), match="not a member on 2024-09-20")
    g.hang_plaque(VILLAGE, date(2024, 10, 20), META)
    assert g.members[-1].plaque_on == date(2024, 10, 20)


# --- roles and teams ---------------------------------------------------------------------


def test_council_roles():
    g = group()
    g.assign_role(P1, "council_chair", date(2024, 9, 1), META)
    g.assign_role(P2, "vice_chair", date(2024, 9, 1), META)
    refused(g.assign_role, P1, "council_chair", date(2024, 10, 1), match="already holds role")
    refused(g.assign_role, P1, "Council Chair", date(2024, 10, 1), match="not a slug")
    refused(g.assign_role, P1, "director", date(2024, 1, 1), match="before the community was established")
    refused(g.end_role, P2, "council_chair", date(2025, 1, 1), match="does not hold role 'council_chair'")
    refused(g.end_role, P1, "council_chair", date(2024, 8, 1), match="before it starts")
    g.end_role(P1, "council_chair", date(2025, 9, 1), META)
    assert g.role_holders_on("council_chair", date(2025, 8, 31)) == {P1}
    assert g.role_holders_on("council_chair", date(2025, 9, 1)) == set()
    assert g.role_holders_on("vice_chair", date(2025, 9, 1)) == {P2}


def test_learning_team_lifecycle():
    t = group("learning_team")
    t.define_team("mathematics", "grade-10", "Questioning strategies", META)
    assert t.team is not None and t.team.subject == "mathematics"
    refused(t.define_team, "mathematics", "grade-10", "Questioning strategies", match="already defined")
    t.add_team_member(P1, date(2025, 9, 1), META)
    refused(t.add_team_member, P1, date(2025, 9, 2), match="already on the team")
    refused(t.remove_team_member, P2, date(2025, 9, 2), match="is not on the team")
    refused(t.remove_team_member, P1, date(2025, 8, 2), match="before it starts")
    t.add_team_member(P2, date(2025, 9, 1), META)
    t.remove_team_member(P2, date(2026, 1, 31), META)
    assert t.team_on(date(2026, 1, 30)) == {P1, P2} and t.team_on(date(2026, 1, 31)) == {P1}
    t.report_team(date(2025, 9, 20), META)
    assert t.team_reports == [date(2025, 9, 20)]


def test_team_commands_need_a_learning_team():
    g = group()
    refused(g.define_team, "maths", "grade-10", None, match="only a learning team")
    refused(g.add_team_member, P1, date(2025, 1, 1), match="only a learning team")
    refused(g.remove_team_member, P1, date(2025, 1, 1), match="only a learning team")
    refused(g.report_team, date(2025, 1, 1), match="only a learning team")


# --- the body's record -------------------------------------------------------------------


def test_charter_may_precede_establishment_but_not_repeat():
    g = group()
    assert not g.charter_adopted_by(date(2024, 9, 1))
    g.adopt_charter(None, date(2024, 8, 20), META)
    assert g.charter_adopted_by(date(2024, 9, 1))
    refused(g.adopt_charter, None, date(2024, 8, 20), match="already adopted")
    agreement = str(uuid4())
    g.adopt_charter(agreement, date(2025, 9, 1), META)  # a revised charter
    assert g.charters[-1].agreement_id == agreement


def test_activities():
    g = group("home_school")
    g.hold_activity("a1", "parent_meeting", date(2025, 3, 12), [P1, P2], "grade-10",
                    "Spring meeting", None, META)
    ev = g.collect_events()[-1]
    assert ev.participants == [P1, P2] and ev.record == "Spring meeting"
    assert g.activities["a1"].grade == "grade-10" and g.activities["a1"].participants == [P1, P2]
    refused(g.hold_activity, "a1", "parent_meeting", date(2025, 3, 13), [], None, "", None,
            match="activity 'a1' is already recorded")
    refused(g.hold_activity, "a2", "party", date(2025, 3, 13), [], None, "", None,
            match="unknown activity kind 'party'")
    refused(g.hold_activity, "a2", "counselling", date(2025, 3, 13), [P1, P1], None, "", P2,
            match="listed twice")
    refused(g.hold_activity, "a2", "gala", date(2024, 3, 13), [], None, "", None,
            match="before the community was established")
    g.hold_activity("a2", "counselling", date(2025, 3, 13), [P1], None, "", P2, META)
    assert g.activities["a2"].approved_by == P2


def test_results_funding_approvals_pairings():
    g = group()
    g.score_results("2025-10", "grade-10", Decimal("88.5"), "panel", META)
    assert g.results[-1].score == Decimal("88.5")
    refused(g.score_results, "2025-13", "grade-10", Decimal(1), "panel", match="not YYYY-MM")
    refused(g.score_results, "2025-10", "grade-10", Decimal(-1), "panel", match="non-negative")
    refused(g.score_results, "2025-10", "grade-10", Decimal("NaN"), "panel", match="non-negative")
    refused(g.score_results, "2024-08", "grade-10", Decimal(1), "panel", match="before establishment")
    g.record_funding(Decimal("300000"), date(2025, 4, 1), "county finance", META)
    g.record_funding(Decimal("50000.50"), date(2026, 1, 2), "county finance", META)
    assert g.funding_received(date(2025, 1, 1), date(2025, 12, 31)) == Decimal("300000")
    refused(g.record_funding, Decimal(0), date(2025, 4, 1), "x", match="not positive")
    refused(g.record_funding, Decimal(5), date(2024, 4, 1), "x", match="before the community")
    g.record_approval_step("member_bureau_consent", "Dehua bureau", date(2024, 6, 1), BRANCH, META)
    g.record_approval_step("city_filing", "City bureau", date(2024, 7, 1), None, META)
    assert [a.step for a in g.approvals] == ["member_bureau_consent", "city_filing"]
    refused(g.record_approval_step, "vote", "x", date(2024, 7, 1), None, match="unknown approval step")
    g.record_online_pairing(BRANCH, VILLAGE, date(2025, 3, 1), META)
    assert g.pairings[-1].partner_id == VILLAGE
    refused(g.record_online_pairing, BRANCH, BRANCH, date(2025, 3, 1), match="pair with itself")


def test_branch_entrusted_to_a_renowned_member():
    g = group()
    g.entrust_branch(BRANCH, HEAD, date(2025, 9, 1), "Anxi bureau", META)
    events = g.collect_events()
    ev = events[-1]
    assert isinstance(ev, Community.BranchEntrusted)
    assert (ev.branch_id, ev.run_by_id, ev.on, ev.decided_by) == (BRANCH, HEAD, date(2025, 9, 1), "Anxi bureau")
    assert ev.meta.effective_at.date() == date(2025, 9, 1)
    assert [(e.branch_id, e.run_by_id, e.on) for e in g.entrustments] == [(BRANCH, HEAD, date(2025, 9, 1))]
    assert g.last_fact_on == date(2025, 9, 1)
    # the branch need not be a member yet; the running school must be one that day
    refused(g.entrust_branch, VILLAGE, BRANCH, date(2025, 9, 1), "x", match="not a member on 2025-09-01")
    g.join(VILLAGE, date(2025, 10, 1), "branch", None, META)
    g.entrust_branch(BRANCH, VILLAGE, date(2025, 10, 1), "Anxi bureau", META)  # a second runner
    refused(g.entrust_branch, BRANCH, HEAD, date(2026, 1, 1), "x", match="already entrusted to head-school on 2025-09-01")
    refused(g.entrust_branch, HEAD, HEAD, date(2025, 9, 1), "x", match="run itself")
    refused(g.entrust_branch, VILLAGE, HEAD, date(2024, 8, 31), "x", match="before the community was established")
    g.dissolve(date(2026, 6, 30), "merged", META)
    refused(g.entrust_branch, VILLAGE, HEAD, date(2026, 7, 1), "x", match="dissolved")
    assert replay(events + g.collect_events()) == g
    assert snapshot_round_trip(g) == g


def test_dissolution_bounds_the_life():
    g = group()
    g.join(BRANCH, date(2024, 10, 1), "branch", None, META)
    g.hold_activity("a1", "research_activity", date(2025, 5, 1), [], None, "", None, META)
    refused(g.dissolve, date(2024, 8, 1), "x", match="before it starts")
    refused(g.dissolve, date(2025, 4, 30), "x", match="a fact is recorded on 2025-05-01")
    g.dissolve(date(2025, 6, 30), "merged into a fusion community", META)
    assert g.dissolved_on == date(2025, 6, 30)
    assert g.is_member_on(BRANCH, date(2025, 6, 30)) and not g.is_member_on(BRANCH, date(2025, 7, 1))
    assert g.members_on(date(2025, 7, 1)) == set()
    refused(g.dissolve, date(2025, 7, 1), "x", match="already dissolved")
    after = date(2025, 7, 1)
    refused(g.hold_activity, "a2", "gala", after, [], None, "", None, match="after the community was dissolved")
    refused(g.join, VILLAGE, after, "member", None, match="dissolved")
    refused(g.leave, BRANCH, after, match="dissolved")
    refused(g.assign_role, P1, "director", after, match="dissolved")
    refused(g.adopt_charter, None, after, match="dissolved")
    refused(g.record_funding, Decimal(1), after, "x", match="dissolved")
    refused(g.record_approval_step, "city_filing", "x", after, None, match="dissolved")
    refused(g.record_online_pairing, BRANCH, VILLAGE, after, match="dissolved")
    refused(g.score_results, "2025-07", "g", Decimal(1), "x", match="dissolved")
    # late recording of what happened while the body existed is still possible
    g.hold_activity("a0", "committee_meeting", date(2025, 6, 30), [], None, "final", None, META)
    g.leave(BRANCH, date(2025, 6, 30), META)


def test_team_after_dissolution_refused():
    t = group("learning_team")
    t.dissolve(date(2025, 1, 31), "end of year", META)
    refused(t.define_team, "maths", "g", None, match="dissolved")
    refused(t.add_team_member, P1, date(2025, 2, 1), match="dissolved")
    refused(t.report_team, date(2025, 2, 1), match="dissolved")


def test_refused_command_records_nothing():
    g = group()
    g.collect_events()
    with pytest.raises(DomainError):
        g.leave(BRANCH, date(2025, 1, 1), META)
    assert g.collect_events() == []


# --- generated histories -----------------------------------------------------------------

DAYS = st.dates(min_value=date(2024, 6, 1), max_value=date(2026, 12, 31))
INSTS = st.sampled_from([HEAD, BRANCH, VILLAGE])
PEOPLE = st.sampled_from([P1, P2])
STEP = st.one_of(
    st.tuples(st.just("join"), INSTS, DAYS, st.sampled_from(["head", "branch", "x"]),
              st.one_of(st.none(), DAYS)),
    st.tuples(st.just("leave"), INSTS, DAYS),
    st.tuples(st.just("hang_plaque"), INSTS, DAYS),
    st.tuples(st.just("assign_role"), PEOPLE, st.sampled_from(["council_chair", "Bad"]), DAYS),
    st.tuples(st.just("end_role"), PEOPLE, st.just("council_chair"), DAYS),
    st.tuples(st.just("adopt_charter"), st.one_of(st.none(), st.just("agr")), DAYS),
    st.tuples(st.just("define_team"), st.just("maths"), st.sampled_from(["g10", "g11"]), st.none()),
    st.tuples(st.just("add_team_member"), PEOPLE, DAYS),
    st.tuples(st.just("remove_team_member"), PEOPLE, DAYS),
    st.tuples(st.just("report_team"), DAYS),
    st.tuples(st.just("hold_activity"), st.sampled_from(["a", "b", "c"]),
              st.sampled_from(["team_activity", "gala", "nope"]), DAYS,
              st.lists(PEOPLE, max_size=3), st.none(), st.text(max_size=5), st.none()),
    st.tuples(st.just("score_results"), st.sampled_from(["2025-01", "2024-07", "2025-13"]),
              st.just("g10"), st.decimals(min_value=-5, max_value=100, places=1), st.just("p")),
    st.tuples(st.just("record_funding"), st.decimals(min_value=-5, max_value=10**6, places=2),
              DAYS, st.just("county")),
    st.tuples(st.just("record_approval_step"),
              st.sampled_from(["member_bureau_consent", "city_filing", "no"]), st.just("b"),
              DAYS, st.none()),
    st.tuples(st.just("record_online_pairing"), INSTS, INSTS, DAYS),
    st.tuples(st.just("entrust_branch"), INSTS, INSTS, DAYS, st.just("bureau")),
    st.tuples(st.just("dissolve"), DAYS, st.just("merged")),
)


@settings(max_examples=150, deadline=None)
@given(kind=st.sampled_from(["learning_team", "education_group"]),
       steps=st.lists(STEP, max_size=30), probe=DAYS)
def test_generated_histories_replay_and_snapshot_equal(kind, steps, probe):
    g = group(kind)
    for i, (name, *args) in enumerate(steps):
        meta = EventMeta(actor="fuzz", recorded_at=T0 + timedelta(seconds=i + 1))
        try:
            getattr(g, name)(*args, meta)
        except DomainError as e:
            assert e.aggregate == "community" and e.command == name and e.reason
    # invariants the guards keep: nothing of the body after its dissolution
    if g.dissolved_on is not None:
        assert g.last_fact_on <= g.dissolved_on
    events = g.collect_events()
    replayed = replay(events)
    assert replayed == g
    assert snapshot_round_trip(g) == g
    assert replayed.members_on(probe) == g.members_on(probe)
