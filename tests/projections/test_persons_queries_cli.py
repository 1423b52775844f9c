"""Persons queries (one test per filter) and ``gtt persons list|show``, on SQLite and
PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from gtt_projections.queries.persons import get_person, list_persons
from wave2_helpers import cli, fits_80, make_world

from gtt_domain.commands import person as cp
from gtt_domain.domain.errors import NotFoundError


@pytest.fixture
def world(app):
    w = make_world(app)
    student, teacher, other = w.people
    app.handle(cp.EnrolInMajor(person_id=student, institution_id=w.schools[0], major_code="N1",
                               admitted_on=date(2024, 9, 1)))
    app.handle(cp.AssignPersonRole(person_id=teacher, role="backbone_teacher", since=date(2024, 9, 1)))
    app.handle(cp.AssignPersonRole(person_id=other, role="backbone_teacher", since=date(2024, 9, 1)))
    app.handle(cp.RevokePersonRole(person_id=other, role="backbone_teacher", on=date(2025, 1, 1)))
    app.handle(cp.ErasePersonalData(person_id=other))
    return w


def ids(rows):
    return [r.id for r in rows]


def test_no_filter_lists_all_in_registration_order(world, read_model):
    assert ids(list_persons(read_model())) == world.people


def test_filter_kind(world, read_model):
    assert ids(list_persons(read_model(), kind="teacher")) == world.people[1:]


def test_filter_institution(world, read_model):
    assert ids(list_persons(read_model(), institution_id=world.schools[1])) == [world.people[2]]


def test_filter_major(world, read_model):
    [row] = list_persons(read_model(), major="N1")
    assert (row.id, row.major_institution_id, row.admitted_on) == (
        world.people[0], world.schools[0], date(2024, 9, 1))


def test_filter_role_held_now(world, read_model):
    assert ids(list_persons(read_model(), role="backbone_teacher")) == [world.people[1]]


def test_filter_erased(world, read_model):
    rm = read_model()
    assert ids(list_persons(rm, erased=True)) == [world.people[2]]
    assert ids(list_persons(rm, erased=False)) == world.people[:2]


def test_show_roles_and_name_only_while_readable(world, read_model):
    rm = read_model()
    teacher = get_person(rm, world.people[1])
    assert (teacher.display_name, [(r.role, r.until) for r in teacher.roles]) == (
        "Han Mei", [("backbone_teacher", None)])
    erased = get_person(rm, world.people[2])
    assert (erased.erased, erased.display_name, erased.roles[0].until) == (True, None, date(2025, 1, 1))
    with pytest.raises(NotFoundError):
        get_person(rm, world.enterprise)


def test_cli_list(db_url, clock, world):
    out = cli(db_url, clock, "persons", "list", "--kind", "teacher", "--format", "json")
    assert out.exit_code == 0, out.output
    rows = json.loads(out.stdout)
    assert [r["id"] for r in rows] == [str(p) for p in world.people[1:]]
    assert "display_name" not in rows[0] and "national_id" not in rows[0]
    table = cli(db_url, clock, "persons", "list", "--format", "table")
    assert table.exit_code == 0 and fits_80(table.stdout)
    assert str(world.people[0])[:8] in table.stdout
    text = cli(db_url, clock, "persons", "list", "--role", "backbone_teacher", "--format", "csv").stdout
    assert [r["id"] for r in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))] == [str(world.people[1])]
    bad = cli(db_url, clock, "persons", "list", "--institution", "nope")
    assert bad.exit_code == 2 and "--institution" in bad.output


def test_cli_show(db_url, clock, world):
    out = cli(db_url, clock, "persons", "show", str(world.people[1]))
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert (data["display_name"], data["roles"][0]["role"]) == ("Han Mei", "backbone_teacher")
    table = cli(db_url, clock, "persons", "show", str(world.people[1]), "--format", "table")
    assert table.exit_code == 0 and fits_80(table.stdout) and "Backbone teacher" in table.stdout  # codes labelled
    missing = cli(db_url, clock, "persons", "show", str(world.enterprise))
    assert missing.exit_code == 1
