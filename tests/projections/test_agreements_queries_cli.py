"""Agreements queries (one test per filter) and ``gtt agreements list|show``, on SQLite
and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from gtt_projections.queries.agreements import get_agreement, list_agreements
from wave2_helpers import cli, fits_80, make_world

from gtt_domain.commands import agreement as ca
from gtt_domain.commands import community as cc


@pytest.fixture
def world(app):
    w = make_world(app)
    s0, s1 = w.schools
    group = app.handle(cc.EstablishCommunity(kind="education_group", name="Anxi Group", region="Anxi",
                                             core_institution_id=s0, established_on=date(2024, 1, 1)))
    base = app.handle(ca.DraftAgreement(
        kind="order_training", title="Tea base", drafted_on=date(2024, 8, 1),
        term_start=date(2024, 9, 1), term_end=date(2027, 8, 31), majors=["N1"],
        parties=[ca.PartySpec(party_id=s0, role="school"), ca.PartySpec(party_id=w.enterprise, role="enterprise")],
        obligations=[ca.ObligationSpec(obligation_id="review", description="Review meeting",
                                       obligor=w.enterprise, quantity=Decimal(2), cadence="per_year")]))
    for party in (s0, w.enterprise):
        app.handle(ca.SignAgreement(agreement_id=base, party_id=party, on=date(2024, 8, 20)))
    app.handle(ca.ActivateAgreement(agreement_id=base, on=date(2024, 9, 1)))
    app.handle(ca.RecordFulfilment(agreement_id=base, obligation_id="review", on=date(2024, 12, 1),
                                   quantity=Decimal(1), note="first"))
    app.handle(ca.RecordFulfilment(agreement_id=base, obligation_id="review", on=date(2025, 6, 1),
                                   quantity=Decimal(1)))
    app.handle(ca.SuspendAgreement(agreement_id=base, on=date(2025, 7, 1), reason="inspection"))
    charter = app.handle(ca.DraftAgreement(
        kind="charter", title="Group charter", drafted_on=date(2023, 12, 1), term_start=date(2024, 1, 1),
        community_id=group,
        parties=[ca.PartySpec(party_id=s0, role="core"), ca.PartySpec(party_id=s1, role="member"),
                 ca.PartySpec(party_id=w.people[1], party_kind="person", role="member")]))
    old = app.handle(ca.DraftAgreement(kind="observation", title="Old visits", drafted_on=date(2020, 1, 1),
                                       term_start=date(2020, 1, 1), term_end=date(2021, 12, 31),
                                       parties=[ca.PartySpec(party_id=s1, role="school")]))
    app.handle(ca.TerminateAgreement(agreement_id=old, on=date(2020, 6, 1), reason="abandoned"))
    w.made.update(agreements=[base, charter, old], community=[group])
    return w


def titles(rows):
    return [r.title for r in rows]


def test_no_filter_lists_by_term_start(world, read_model):
    assert titles(list_agreements(read_model())) == ["Old visits", "Group charter", "Tea base"]


def test_filter_kind(world, read_model):
    assert titles(list_agreements(read_model(), kind="charter")) == ["Group charter"]


def test_filter_status(world, read_model):
    rm = read_model()
    assert titles(list_agreements(rm, status="suspended")) == ["Tea base"]
    assert titles(list_agreements(rm, status="terminated")) == ["Old visits"]


def test_filter_institution_party(world, read_model):
    assert titles(list_agreements(read_model(), institution_id=world.schools[1])) == [
        "Old visits", "Group charter"]


def test_filter_person_party(world, read_model):
    rm = read_model()
    assert titles(list_agreements(rm, person_id=world.people[1])) == ["Group charter"]
    assert titles(list_agreements(rm, person_id=world.schools[1])) == []  # an institution


def test_filter_community(world, read_model):
    assert titles(list_agreements(read_model(), community_id=world.made["community"][0])) == [
        "Group charter"]


def test_filter_major(world, read_model):
    assert titles(list_agreements(read_model(), major="N1")) == ["Tea base"]


def test_filter_term_overlaps_period(world, read_model):
    rm = read_model()
    assert titles(list_agreements(rm, term_from=date(2028, 1, 1))) == ["Group charter"]  # open end
    assert titles(list_agreements(rm, term_to=date(2023, 1, 1))) == ["Old visits"]
    assert titles(list_agreements(rm, term_from=date(2021, 1, 1), term_to=date(2024, 6, 1))) == [
        "Old visits", "Group charter"]


def test_show_everything_under_an_agreement(world, read_model):
    a = get_agreement(read_model(), world.made["agreements"][0])
    assert (a.status, a.activated_on, a.signature_count, a.fulfilment_count, a.majors) == (
        "suspended", date(2024, 9, 1), 2, 2, ["N1"])
    [review] = a.obligations
    assert (review.fulfilment_count, review.fulfilled_quantity, review.obligor) == (
        2, Decimal(2), world.enterprise)
    assert [(f.fulfilled_on, f.note) for f in a.fulfilments] == [
        (date(2024, 12, 1), "first"), (date(2025, 6, 1), None)]
    assert [(s.status, s.from_date, s.reason) for s in a.status_history] == [
        ("drafted", date(2024, 8, 1), None), ("active", date(2024, 9, 1), None),
        ("suspended", date(2025, 7, 1), "inspection")]
    old = get_agreement(read_model(), world.made["agreements"][2])
    assert (old.ended_on, old.end_reason, old.parties[0].signed_on) == (date(2020, 6, 1), "abandoned", None)


def test_cli_list(db_url, clock, world):
    out = cli(db_url, clock, "agreements", "list", "--institution", str(world.schools[0]),
              "--status", "suspended", "--format", "json")
    assert out.exit_code == 0, out.output
    [row] = json.loads(out.stdout)
    assert (row["id"], row["kind"], row["term_end"]) == (
        str(world.made["agreements"][0]), "order_training", "2027-08-31")
    table = cli(db_url, clock, "agreements", "list", "--from", "2024-01-01", "--format", "table")
    assert table.exit_code == 0 and fits_80(table.stdout) and "charter" in table.stdout
    csv_out = cli(db_url, clock, "agreements", "list", "--major", "N1", "--format", "csv")
    assert csv_out.stdout.splitlines()[0].startswith("\ufeffid,kind,title,status,drafted_on")
    assert len(csv_out.stdout.splitlines()) == 2


def test_cli_show(db_url, clock, world):
    aid = str(world.made["agreements"][0])
    out = cli(db_url, clock, "agreements", "show", aid)
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert [s["status"] for s in data["status_history"]] == ["drafted", "active", "suspended"]
    assert data["obligations"][0]["fulfilled_quantity"] == "2.0000"
    table = cli(db_url, clock, "agreements", "show", aid, "--format", "table")
    assert table.exit_code == 0 and fits_80(table.stdout) and "inspection" in table.stdout
