"""Persons read table: incremental catch-up in random batches with crashes == one
rebuild (generated histories, real SQLite and PostgreSQL), and erasure after rebuild."""

from __future__ import annotations

import pytest
from gtt_projections import ReadModel
from gtt_projections.models.persons import Persons
from gtt_projections.queries.persons import get_person
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from readside_helpers import fresh_store
from wave2_helpers import check_incremental_equals_rebuild, day, make_world, pick

from gtt_domain.commands import person as cp
from gtt_domain.privacy import create_key
from gtt_domain.privacy.erasure import forget_person

i = st.integers(0, 9)
ROLES = ["class_monitor", "backbone_teacher", "mentor"]
step = st.one_of(
    st.tuples(st.just("register"), st.sampled_from(["student", "teacher", "cadre"]), i),
    st.tuples(st.just("role"), i, st.sampled_from(ROLES), st.integers(0, 60)),
    st.tuples(st.just("revoke"), i, st.sampled_from(ROLES), st.integers(0, 90)),
    st.tuples(st.just("transfer"), i, i, st.integers(0, 90)),
    st.tuples(st.just("enrol"), i, st.integers(0, 30)),
    st.tuples(st.just("semester"), i, st.integers(1, 6), st.integers(0, 400)),
    st.tuples(st.just("correct"), i),
    st.tuples(st.just("erase"), i),
)
catch_up = st.tuples(st.just("catch_up"), st.integers(1, 6), st.none() | st.integers(1, 3))
history = st.lists(st.one_of(step, step, catch_up), min_size=8, max_size=25)


def to_command(s, w):
    if s[0] == "register":
        return cp.RegisterPerson(kind=s[1], home_institution_id=pick(w.institutions, s[2]),
                                 name=f"Person {s[2]}")
    pid = pick(w.people + w.made.get("register", []), s[1])
    return {
        "role": lambda: cp.AssignPersonRole(person_id=pid, role=s[2], since=day(s[3])),
        "revoke": lambda: cp.RevokePersonRole(person_id=pid, role=s[2], on=day(s[3])),
        "transfer": lambda: cp.TransferPerson(person_id=pid, institution_id=pick(w.institutions, s[2]),
                                              on=day(s[3])),
        "enrol": lambda: cp.EnrolInMajor(person_id=pid, institution_id=w.schools[0], major_code="N1",
                                         admitted_on=day(s[2])),
        "semester": lambda: cp.RecordSemester(person_id=pid, semester=s[2], as_of=day(s[3])),
        "correct": lambda: cp.CorrectPersonalData(person_id=pid, name=f"Renamed {s[1]}"),
        "erase": lambda: cp.ErasePersonalData(person_id=pid),
    }[s[0]]()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=history, final_batch=st.integers(1, 7))
def test_persons_incremental_equals_rebuild_sqlite(steps, final_batch):
    with fresh_store("sqlite") as url:
        check_incremental_equals_rebuild(url, Persons, steps, to_command, final_batch)


@pytest.mark.postgres
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=history, final_batch=st.integers(1, 7))
def test_persons_incremental_equals_rebuild_postgres(steps, final_batch):
    with fresh_store("postgres") as url:
        check_incremental_equals_rebuild(url, Persons, steps, to_command, final_batch)


def test_erasure_shows_as_erased_after_rebuild(db_url, clock):
    from gtt_domain.application import GttApplication

    app = GttApplication(db_url, clock=clock, actor="registrar", env={"GTT_CIPHER_KEY": create_key()})
    w = make_world(app)
    student = w.people[0]
    rm = ReadModel(app, projections=[Persons])
    before = get_person(rm, student)
    assert (before.erased, before.display_name) == (False, "Li Lei")
    forget_person(app, student, reason="request")
    after = get_person(rm, student)
    rm.rebuild()
    rebuilt = get_person(rm, student)
    assert (after.erased, after.display_name) == (True, None)
    assert rebuilt == after
    assert get_person(rm, w.people[1]).display_name == "Han Mei"
    rm.close()
    app.close()
