"""Exchanges queries (one test per filter) and ``gtt exchanges list|show``, on SQLite and
PostgreSQL."""

from __future__ import annotations

import json
from datetime import date

import pytest
from gtt_projections.queries.exchanges import get_exchange, list_exchanges
from wave2_helpers import cli, fits_80, make_world

from gtt_domain.commands import agreement as ca
from gtt_domain.commands import community as cc
from gtt_domain.commands import exchange as cx


@pytest.fixture
def world(app):
    w = make_world(app)
    s0, s1 = w.schools
    group = app.handle(cc.EstablishCommunity(kind="education_group", name="Anxi Group", region="Anxi",
                                             core_institution_id=s0, established_on=date(2024, 1, 1)))
    practice = app.handle(ca.DraftAgreement(
        kind="staff_training", title="Practice", drafted_on=date(2024, 1, 1), term_start=date(2024, 1, 1),
        term_end=date(2026, 12, 31), parties=[ca.PartySpec(party_id=s0, role="school"),
                                              ca.PartySpec(party_id=w.enterprise, role="enterprise")]))
    rotation = app.handle(cx.PlanExchange(
        person_id=w.people[1], sending_id=s0, host_id=s1, kind="rotation", community_id=group,
        planned_start=date(2024, 9, 1), planned_end=date(2025, 8, 31), targets=["lead maths", "mentor"]))
    app.handle(cx.FileExchange(exchange_id=rotation, authority="county bureau", filed_on=date(2024, 8, 15)))
    app.handle(cx.StartExchange(exchange_id=rotation, on=date(2024, 9, 1)))
    app.handle(cx.LogDaysOnSite(exchange_id=rotation, from_day=date(2024, 9, 1), to_day=date(2024, 9, 30),
                                days=20))
    app.handle(cx.RecordInterimReview(exchange_id=rotation, on=date(2025, 1, 10), summary="on track",
                                      rating="good"))
    enterprise = app.handle(cx.PlanExchange(
        person_id=w.people[2], sending_id=s1, host_id=w.enterprise, kind="enterprise_practice",
        agreement_id=practice, planned_start=date(2025, 7, 1), planned_end=date(2025, 8, 31)))
    cancelled = app.handle(cx.PlanExchange(
        person_id=w.people[1], sending_id=s0, host_id=w.enterprise, kind="enterprise_practice",
        planned_start=date(2026, 1, 1), planned_end=date(2026, 2, 1)))
    app.handle(cx.CancelExchange(exchange_id=cancelled, on=date(2025, 12, 1), reason="illness"))
    w.made.update(exchanges=[rotation, enterprise, cancelled], community=[group], agreement=[practice])
    return w


def found(rows):
    return [r.id for r in rows]


def test_no_filter_lists_by_planned_start(world, read_model):
    assert found(list_exchanges(read_model())) == world.made["exchanges"]


def test_filter_kind(world, read_model):
    assert found(list_exchanges(read_model(), kind="rotation")) == world.made["exchanges"][:1]


def test_filter_status(world, read_model):
    rm = read_model()
    assert found(list_exchanges(rm, status="started")) == world.made["exchanges"][:1]
    assert found(list_exchanges(rm, status="cancelled")) == world.made["exchanges"][2:]


def test_filter_institution_sending_or_host(world, read_model):
    assert found(list_exchanges(read_model(), institution_id=world.schools[1])) == world.made[
        "exchanges"][:2]


def test_filter_host(world, read_model):
    assert found(list_exchanges(read_model(), host_id=world.schools[1])) == world.made["exchanges"][:1]


def test_filter_person(world, read_model):
    x = world.made["exchanges"]
    assert found(list_exchanges(read_model(), person_id=world.people[1])) == [x[0], x[2]]


def test_filter_community(world, read_model):
    assert found(list_exchanges(read_model(), community_id=world.made["community"][0])) == world.made[
        "exchanges"][:1]


def test_filter_agreement(world, read_model):
    assert found(list_exchanges(read_model(), agreement_id=world.made["agreement"][0])) == world.made[
        "exchanges"][1:2]


def test_filter_planned_period(world, read_model):
    rm = read_model()
    x = world.made["exchanges"]
    assert found(list_exchanges(rm, planned_from=date(2025, 8, 1), planned_to=date(2025, 8, 1))) == x[:2]
    assert found(list_exchanges(rm, planned_from=date(2025, 9, 1))) == x[2:]


def test_show_days_and_reviews(world, read_model):
    x = get_exchange(read_model(), world.made["exchanges"][0])
    assert (x.status, x.filed_on, x.days_on_site, x.target_count, x.review_count) == (
        "started", date(2024, 8, 15), 20, 2, 1)
    assert [(d.from_day, d.days) for d in x.days] == [(date(2024, 9, 1), 20)]
    assert [(r.reviewed_on, r.rating) for r in x.reviews] == [(date(2025, 1, 10), "good")]


def test_cli_list(db_url, clock, world):
    out = cli(db_url, clock, "exchanges", "list", "--kind", "enterprise_practice", "--status",
              "planned", "--format", "json")
    assert out.exit_code == 0, out.output
    [row] = json.loads(out.stdout)
    assert (row["id"], row["agreement_id"]) == (str(world.made["exchanges"][1]),
                                                str(world.made["agreement"][0]))
    table = cli(db_url, clock, "exchanges", "list", "--format", "table")
    assert table.exit_code == 0 and fits_80(table.stdout) and "Rotation" in table.stdout  # codes labelled
    csv_out = cli(db_url, clock, "exchanges", "list", "--person", str(world.people[2]), "--format", "csv")
    assert len(csv_out.stdout.splitlines()) == 2


def test_cli_show(db_url, clock, world):
    xid = str(world.made["exchanges"][0])
    out = cli(db_url, clock, "exchanges", "show", xid)
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert (data["days_on_site"], data["reviews"][0]["summary"]) == (20, "on track")
    table = cli(db_url, clock, "exchanges", "show", xid, "--format", "table")
    assert table.exit_code == 0 and fits_80(table.stdout) and "on track" in table.stdout
