"""Communities read tables: incremental catch-up in random batches with crashes == one
rebuild, for generated histories on real SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

import pytest
from gtt_projections.models.communities import Communities
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from readside_helpers import fresh_store
from wave2_helpers import check_incremental_equals_rebuild, day, pick

from gtt_domain.commands import community as cc

i = st.integers(0, 9)
d = st.integers(0, 200)
step = st.one_of(
    st.tuples(st.just("establish"), st.sampled_from(["education_group", "learning_team"]), i, d),
    st.tuples(st.just("join"), i, i, d, st.sampled_from(["member", "branch"]), st.booleans()),
    st.tuples(st.just("leave"), i, i, d),
    st.tuples(st.just("plaque"), i, i, d),
    st.tuples(st.just("role"), i, i, st.sampled_from(["liaison", "head_teacher"]), d),
    st.tuples(st.just("end_role"), i, i, st.sampled_from(["liaison", "head_teacher"]), d),
    st.tuples(st.just("team"), i, st.sampled_from(["maths", "tea"])),
    st.tuples(st.just("add_member"), i, i, d),
    st.tuples(st.just("remove_member"), i, i, d),
    st.tuples(st.just("charter"), i, d),
    st.tuples(st.just("activity"), i, st.sampled_from(["research_activity", "gala"]), d,
              st.lists(i, max_size=3, unique=True)),
    st.tuples(st.just("funding"), i, st.decimals(1, 10000, places=2), d),
    st.tuples(st.just("score"), i),
    st.tuples(st.just("dissolve"), i, d),
)
catch_up = st.tuples(st.just("catch_up"), st.integers(1, 6), st.none() | st.integers(1, 3))
history = st.builds(
    lambda first, rest: [first, *rest],
    st.tuples(st.just("establish"), st.sampled_from(["education_group", "learning_team"]), i, d),
    st.lists(st.one_of(step, step, catch_up), min_size=8, max_size=25),
)


def to_command(s, w):
    if s[0] == "establish":
        return cc.EstablishCommunity(kind=s[1], name=f"Group {s[2]}", region="Anxi",
                                     core_institution_id=pick(w.institutions, s[2]),
                                     established_on=day(s[3]))
    cid = pick(w.made.get("establish", []), s[1])
    if cid is None:
        return None

    def inst(k):
        return pick(w.institutions, k)

    def person(k):
        return pick(w.people, k)

    return {
        "join": lambda: cc.JoinCommunity(community_id=cid, institution_id=inst(s[2]), on=day(s[3]),
                                         role=s[4], plaque_on=day(s[3]) if s[5] else None),
        "leave": lambda: cc.LeaveCommunity(community_id=cid, institution_id=inst(s[2]), on=day(s[3])),
        "plaque": lambda: cc.HangPlaque(community_id=cid, institution_id=inst(s[2]), on=day(s[3])),
        "role": lambda: cc.AssignCommunityRole(community_id=cid, person_id=person(s[2]), role=s[3],
                                               since=day(s[4])),
        "end_role": lambda: cc.EndCommunityRole(community_id=cid, person_id=person(s[2]), role=s[3],
                                                on=day(s[4])),
        "team": lambda: cc.DefineTeam(community_id=cid, subject=s[2], grade="grade-8"),
        "add_member": lambda: cc.AddTeamMember(community_id=cid, person_id=person(s[2]), on=day(s[3])),
        "remove_member": lambda: cc.RemoveTeamMember(community_id=cid, person_id=person(s[2]),
                                                     on=day(s[3])),
        "charter": lambda: cc.AdoptCharter(community_id=cid, adopted_on=day(s[2])),
        "activity": lambda: cc.RecordActivity(community_id=cid, kind=s[2], held_on=day(s[3]),
                                              participants=[person(k) for k in dict.fromkeys(
                                                  x % len(w.people) for x in s[4])]),
        "funding": lambda: cc.RecordFunding(community_id=cid, amount=s[2], received_on=day(s[3]),
                                            source="bureau"),
        "score": lambda: cc.ScoreResults(community_id=cid, month="2025-12", grade="grade-8",
                                         score=Decimal("88.5"), scorer="bureau"),
        "dissolve": lambda: cc.DissolveCommunity(community_id=cid, on=day(s[2]), reason="merged"),
    }[s[0]]()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=history, final_batch=st.integers(1, 7))
def test_communities_incremental_equals_rebuild_sqlite(steps, final_batch):
    with fresh_store("sqlite") as url:
        check_incremental_equals_rebuild(url, Communities, steps, to_command, final_batch)


@pytest.mark.postgres
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=history, final_batch=st.integers(1, 7))
def test_communities_incremental_equals_rebuild_postgres(steps, final_batch):
    with fresh_store("postgres") as url:
        check_incremental_equals_rebuild(url, Communities, steps, to_command, final_batch)
