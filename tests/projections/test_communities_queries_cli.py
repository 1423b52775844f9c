"""Communities queries (one test per filter) and ``gtt communities list|show|activities``,
on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from gtt_projections.queries.communities import (
    get_community,
    list_activities,
    list_communities,
    list_members,
)
from wave2_helpers import cli, fits_80, make_world

from gtt_domain.commands import community as cc


@pytest.fixture
def world(app):
    w = make_world(app)
    s0, s1 = w.schools
    group = app.handle(cc.EstablishCommunity(kind="education_group", name="Anxi Group", region="Anxi",
                                             core_institution_id=s0, established_on=date(2024, 3, 1)))
    app.handle(cc.JoinCommunity(community_id=group, institution_id=s1, on=date(2024, 4, 1),
                                plaque_on=date(2024, 4, 2)))
    app.handle(cc.JoinCommunity(community_id=group, institution_id=w.enterprise, on=date(2024, 4, 1)))
    app.handle(cc.LeaveCommunity(community_id=group, institution_id=w.enterprise, on=date(2024, 6, 1)))
    app.handle(cc.AssignCommunityRole(community_id=group, person_id=w.people[1], role="liaison",
                                      since=date(2024, 4, 1)))
    app.handle(cc.RecordActivity(community_id=group, activity_id="a1", kind="research_activity",
                                 held_on=date(2024, 5, 10), participants=w.people[1:]))
    app.handle(cc.RecordActivity(community_id=group, activity_id="a2", kind="gala",
                                 held_on=date(2024, 12, 20), participants=[w.people[0]]))
    app.handle(cc.RecordFunding(community_id=group, amount=Decimal("1200.50"),
                                received_on=date(2024, 5, 1), source="bureau"))
    app.handle(cc.RecordFunding(community_id=group, amount=Decimal("100"),
                                received_on=date(2024, 7, 1), source="bureau"))
    team = app.handle(cc.EstablishCommunity(kind="learning_team", name="Hill Maths Team",
                                            region="Hualong", core_institution_id=s1,
                                            established_on=date(2025, 2, 1)))
    app.handle(cc.DefineTeam(community_id=team, subject="maths", grade="grade-8"))
    app.handle(cc.AddTeamMember(community_id=team, person_id=w.people[2], on=date(2025, 2, 1)))
    app.handle(cc.DissolveCommunity(community_id=team, on=date(2025, 7, 1), reason="merged"))
    w.made["communities"] = [group, team]
    return w


def names(rows):
    return [r.name for r in rows]


def test_no_filter_lists_by_name(world, read_model):
    assert names(list_communities(read_model())) == ["Anxi Group", "Hill Maths Team"]


def test_filter_kind(world, read_model):
    assert names(list_communities(read_model(), kind="learning_team")) == ["Hill Maths Team"]


def test_filter_region(world, read_model):
    assert names(list_communities(read_model(), region="Anxi")) == ["Anxi Group"]


def test_filter_status(world, read_model):
    assert names(list_communities(read_model(), status="dissolved")) == ["Hill Maths Team"]


def test_filter_current_member_institution(world, read_model):
    rm = read_model()
    assert names(list_communities(rm, institution_id=world.schools[1])) == [
        "Anxi Group", "Hill Maths Team"]
    assert names(list_communities(rm, institution_id=world.enterprise)) == []  # it left


def test_filter_established_range(world, read_model):
    rm = read_model()
    assert names(list_communities(rm, established_from=date(2025, 1, 1))) == ["Hill Maths Team"]
    assert names(list_communities(rm, established_to=date(2024, 3, 1))) == ["Anxi Group"]


def test_show_members_roles_activities_and_totals(world, read_model):
    group = get_community(read_model(), world.made["communities"][0])
    assert (group.member_count, group.activity_count, group.funding_total) == (2, 2, Decimal("1300.50"))
    assert group.members[0].institution_id == world.schools[0]  # joined first
    assert {m.institution_id: (m.role, m.left_on, m.plaque_on, m.spells) for m in group.members} == {
        world.schools[0]: ("head", None, None, 1),
        world.schools[1]: ("member", None, date(2024, 4, 2), 1),
        world.enterprise: ("member", date(2024, 6, 1), None, 1)}
    assert [(r.person_id, r.role) for r in group.roles] == [(world.people[1], "liaison")]
    team = get_community(read_model(), world.made["communities"][1])
    assert (team.status, team.dissolved_on, team.team_subject) == ("dissolved", date(2025, 7, 1), "maths")
    assert [(r.person_id, r.role) for r in team.roles] == [(world.people[2], "team_member")]


def test_members_filters(world, read_model):
    rm = read_model()
    group = world.made["communities"][0]
    assert len(list_members(rm, community_id=group)) == 3
    assert len(list_members(rm, community_id=group, current=True)) == 2
    assert {m.community_id for m in list_members(rm, institution_id=world.schools[1])} == set(
        world.made["communities"])


def test_activities_filter_kind_person_and_dates(world, read_model):
    rm = read_model()
    assert [a.activity_id for a in list_activities(rm, kind="gala")] == ["a2"]
    assert [a.activity_id for a in list_activities(rm, person_id=world.people[2])] == ["a1"]
    assert [a.activity_id for a in list_activities(rm, held_from=date(2024, 6, 1))] == ["a2"]
    assert [a.activity_id for a in list_activities(rm, held_to=date(2024, 6, 1))] == ["a1"]
    assert [a.participant_count for a in list_activities(
        rm, community_id=world.made["communities"][0])] == [2, 1]


def test_cli_list(db_url, clock, world):
    out = cli(db_url, clock, "communities", "list", "--status", "active", "--format", "json")
    assert out.exit_code == 0, out.output
    [row] = json.loads(out.stdout)
    assert (row["name"], row["funding_total"], row["member_count"]) == ("Anxi Group", "1300.50", 2)
    table = cli(db_url, clock, "communities", "list", "--from", "2024-01-01", "--format", "table")
    assert table.exit_code == 0 and fits_80(table.stdout) and "Maths" in table.stdout
    bad = cli(db_url, clock, "communities", "list", "--from", "2024-13-01")
    assert bad.exit_code == 2


def test_cli_show(db_url, clock, world):
    group = str(world.made["communities"][0])
    out = cli(db_url, clock, "communities", "show", group)
    assert out.exit_code == 0, out.output
    assert sorted(m["role"] for m in json.loads(out.stdout)["members"]) == ["head", "member", "member"]
    table = cli(db_url, clock, "communities", "show", group, "--format", "table")
    assert table.exit_code == 0 and fits_80(table.stdout) and "Research activity" in table.stdout  # codes labelled


def test_cli_activities(db_url, clock, world):
    out = cli(db_url, clock, "communities", "activities", "--person", str(world.people[0]),
              "--format", "csv")
    assert out.exit_code == 0, out.output
    assert out.stdout.startswith("\ufeff")  # Excel reads UTF-8 CSV by its BOM
    lines = out.stdout.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("community_id,activity_id,kind,held_on")
    assert [line.split(",")[1] for line in lines[1:]] == ["a2"]
