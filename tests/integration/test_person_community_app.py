"""Person and Community through the application, on a real SQLite file and PostgreSQL:
idempotent registration, cross-aggregate checks, personal data confined to Person events,
and generated command sequences whose stored state equals the in-memory state."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from gtt_domain import DomainError, GttApplication, NotFoundError, natural_id
from gtt_domain.application.unit_of_work import UnitOfWork
from gtt_domain.application.use_cases import HANDLERS
from gtt_domain.commands import community as c
from gtt_domain.commands import person as p
from gtt_domain.commands.institution import OpenMajor, RegisterInstitution
from gtt_domain.domain.base import GttAggregate
from gtt_domain.domain.community import Community
from gtt_domain.domain.person import Person

NAME = "Zhuoxiao Lanyu"
NATIONAL_ID = "35052420080504123X"
GUARDIAN = "Zhuoxiao Dahai"


def school(app: GttApplication, name: str = "Anxi Vocational") -> UUID:
    return app.handle(RegisterInstitution(kind="school", name=name, region="Anxi"))


def test_registration_by_external_id_is_idempotent(db_url, clock):
    app = GttApplication(db_url, clock=clock)
    sid = school(app)
    cmd = p.RegisterPerson(kind="student", home_institution_id=sid, external_id="S2025001",
                           name=NAME, national_id=NATIONAL_ID, birth_date=date(2008, 5, 4))
    pid = app.handle(cmd)
    again = app.handle(cmd.model_copy(update={"name": "Someone Else"}))
    assert pid == again == natural_id("person", "S2025001")
    assert len(list(app.events.get(pid))) == 1
    person = GttApplication(db_url).get(pid, Person)
    assert isinstance(person, Person) and person.personal == {
        "name": NAME, "national_id": NATIONAL_ID, "birth_date": "2008-05-04"}
    assert person.home_institution_id == str(sid)


def test_references_must_exist_and_be_of_the_right_kind(db_url, clock):
    app = GttApplication(db_url, clock=clock)
    sid = school(app)
    with pytest.raises(NotFoundError, match="institution"):
        app.handle(p.RegisterPerson(kind="teacher", home_institution_id=uuid4(), name="X"))
    assert app.recorder.max_notification_id() == 1
    cid = app.handle(c.EstablishCommunity(kind="education_group", name="G", region="Anxi",
                                          core_institution_id=sid, established_on=date(2024, 9, 1)))
    with pytest.raises(NotFoundError, match="institution"):
        app.handle(c.JoinCommunity(community_id=cid, institution_id=uuid4(), on=date(2024, 9, 2)))
    with pytest.raises(NotFoundError, match="person"):  # an institution is not a person
        app.handle(c.RecordActivity(community_id=cid, kind="research_activity",
                                    held_on=date(2024, 10, 1), participants=[sid]))
    with pytest.raises(NotFoundError, match="community"):
        app.handle(c.LeaveCommunity(community_id=sid, institution_id=sid, on=date(2025, 1, 1)))
    # participants registered earlier in the same batch are found before they are stored
    ids = app.handle_batch([
        p.RegisterPerson(kind="teacher", home_institution_id=sid, external_id="T1", name="A"),
        p.RegisterPerson(kind="teacher", home_institution_id=sid, external_id="T2", name="B"),
        c.RecordActivity(community_id=cid, activity_id="rs-1", kind="research_activity",
                         held_on=date(2024, 10, 1),
                         participants=[natural_id("person", "T1"), natural_id("person", "T2")]),
    ])
    group = GttApplication(db_url).get(cid, Community)
    assert isinstance(group, Community)
    assert group.activities["rs-1"].participants == [str(ids[0]), str(ids[1])]


def test_enrolment_needs_a_major_the_institution_opened(db_url, clock):
    app = GttApplication(db_url, clock=clock)
    sid = school(app)
    app.handle(OpenMajor(institution_id=sid, code="660301", name="Refrigeration and AC",
                         department=None))
    pid = app.handle(p.RegisterPerson(kind="student", home_institution_id=sid, name="S"))
    with pytest.raises(DomainError, match="has no major '999'"):
        app.handle(p.EnrolInMajor(person_id=pid, institution_id=sid, major_code="999",
                                  admitted_on=date(2024, 9, 1)))
    app.handle(p.EnrolInMajor(person_id=pid, institution_id=sid, major_code="660301",
                              admitted_on=date(2024, 9, 1)))
    person = GttApplication(db_url).get(pid, Person)
    assert isinstance(person, Person) and person.semester_on(date(2025, 9, 1)) == 3


def mixed_history(app: GttApplication) -> dict[str, UUID]:
    sid, bid = school(app), school(app, "Hutou Central")
    app.handle(OpenMajor(institution_id=sid, code="660301", name="Refrigeration"))
    stu = app.handle(p.RegisterPerson(
        kind="student", home_institution_id=sid, external_id="S9", name=NAME,
        national_id=NATIONAL_ID, birth_date=date(2008, 5, 4), sex="female",
        guardian_name=GUARDIAN, guardian_phone="13800000000"))
    tea = app.handle(p.RegisterPerson(kind="teacher", home_institution_id=bid, name="Teacher Wu"))
    d = date(2024, 9, 1)
    cid = app.handle(c.EstablishCommunity(kind="education_group", name="G", region="Anxi",
                                          core_institution_id=sid, established_on=d))
    tid = app.handle(c.EstablishCommunity(kind="learning_team", name="Maths 10", region="Anxi",
                                          core_institution_id=sid, established_on=d))
    app.handle_batch([
        p.EnrolInMajor(person_id=stu, institution_id=sid, major_code="660301", admitted_on=d),
        p.RecordSemester(person_id=stu, semester=2, as_of=date(2025, 3, 1)),
        p.AssignPersonRole(person_id=tea, role="backbone_teacher", since=d),
        p.TransferPerson(person_id=tea, institution_id=sid, on=date(2025, 9, 1)),
        p.CorrectPersonalData(person_id=stu, guardian_phone="13900000000"),
        c.JoinCommunity(community_id=cid, institution_id=bid, on=d, role="branch", plaque_on=d),
        c.AssignCommunityRole(community_id=cid, person_id=tea, role="director", since=d),
        c.AdoptCharter(community_id=cid, adopted_on=d),
        c.RecordActivity(community_id=cid, kind="joint_student_activity", held_on=date(2024, 10, 1),
                         participants=[stu, tea], record="Joint science day"),
        c.RecordFunding(community_id=cid, amount="300000", received_on=date(2024, 12, 1),
                        source="county finance"),
        c.DefineTeam(community_id=tid, subject="mathematics", grade="grade-10"),
        c.AddTeamMember(community_id=tid, person_id=tea, on=d),
        c.ScoreResults(community_id=tid, month="2024-10", grade="grade-10", score="88",
                       scorer="panel"),
    ])
    return {"student": stu, "teacher": tea, "group": cid, "team": tid}


def test_personal_data_appears_only_in_person_events(db_url, clock):
    app = GttApplication(db_url, clock=clock)
    ids = mixed_history(app)
    secrets = (NAME, NATIONAL_ID, GUARDIAN, "13800000000", "13900000000", "2008-05-04")
    carriers = {"Person.Registered", "Person.PersonalDataCorrected"}
    stored = app.recorder.select_notifications(start=1, limit=10_000)
    assert len(stored) == 20  # the whole mixed history
    seen_in: set[str] = set()
    for record in stored:
        event = app.mapper.to_domain_event(record)
        kind = type(event).__qualname__
        decoded = repr(vars(event))
        found = [s for s in secrets if s in decoded or s.encode() in record.state]
        if found:
            assert kind in carriers, f"{kind} carries personal data {found}"
            seen_in.add(kind)
            assert event.originator_id == ids["student"]
    assert seen_in == carriers  # the scan does find them where they belong


def test_erased_person_keeps_facts_and_refuses_corrections(db_url, clock):
    app = GttApplication(db_url, clock=clock)
    ids = mixed_history(app)
    app.handle(p.ErasePersonalData(person_id=ids["student"]))
    person = GttApplication(db_url).get(ids["student"], Person)
    assert isinstance(person, Person)
    assert person.erased and person.personal is None and person.birth_date is None
    assert person.semester_on(date(2025, 3, 1)) == 2
    with pytest.raises(DomainError, match="personal data has been erased"):
        app.handle(p.CorrectPersonalData(person_id=ids["student"], name="New"))
    group = GttApplication(db_url).get(ids["group"], Community)
    assert isinstance(group, Community)
    assert str(ids["student"]) in next(iter(group.activities.values())).participants


def test_membership_queries_survive_snapshots(db_url, clock):
    app = GttApplication(db_url, clock=clock)
    ids = mixed_history(app)
    before = app.repository.get(ids["group"])
    app.take_snapshot(ids["group"])
    app.take_snapshot(ids["student"])
    reader = GttApplication(db_url)
    group = reader.get(ids["group"], Community)
    assert group == before
    assert isinstance(group, Community) and len(group.members_on(date(2024, 9, 1))) == 2
    assert reader.get(ids["student"]) == app.repository.get(ids["student"])


# --- generated command sequences ---------------------------------------------------------

# mostly references of the right kind, sometimes unknown ("@x") or of the wrong kind
PER = st.sampled_from(["@stu", "@tea", "@stu", "@tea", "@x", "@s"])
INS = st.sampled_from(["@s", "@b", "@b", "@x", "@stu"])
COM = st.sampled_from(["@g", "@t", "@g", "@t", "@x", "@s"])
_DATE = st.dates(min_value=date(2024, 6, 1), max_value=date(2026, 12, 31))
DAY = st.one_of(_DATE, _DATE, _DATE, st.sampled_from(["2025-02-30", "not a date"]))
CMD = st.one_of(
    st.builds(lambda r, ro, d: ("person.assign-role", {"person_id": r, "role": ro, "since": d}),
              PER, st.sampled_from(["backbone_teacher", "Bad Role"]), DAY),
    st.builds(lambda r, d: ("person.revoke-role", {"person_id": r, "role": "backbone_teacher", "on": d}),
              PER, DAY),
    st.builds(lambda r, i, d: ("person.transfer", {"person_id": r, "institution_id": i, "on": d}),
              PER, INS, DAY),
    st.builds(lambda r, n: ("person.correct-personal", {"person_id": r, "name": n}),
              PER, st.text(max_size=4)),
    st.builds(lambda r: ("person.erase-personal", {"person_id": r}), PER),
    st.builds(lambda r, s, d: ("person.record-semester", {"person_id": r, "semester": s, "as_of": d}),
              PER, st.integers(-1, 13), DAY),
    st.builds(lambda g, i, d, ro: ("community.join", {"community_id": g, "institution_id": i,
                                                      "on": d, "role": ro}),
              COM, INS, DAY, st.sampled_from(["branch", "member", "king"])),
    st.builds(lambda g, i, d: ("community.leave", {"community_id": g, "institution_id": i, "on": d}),
              COM, INS, DAY),
    st.builds(lambda g, i, d: ("community.hang-plaque", {"community_id": g, "institution_id": i,
                                                         "on": d}), COM, INS, DAY),
    st.builds(lambda g, r, d: ("community.assign-role", {"community_id": g, "person_id": r,
                                                         "role": "director", "since": d}),
              COM, PER, DAY),
    st.builds(lambda g, r, d: ("community.add-team-member", {"community_id": g, "person_id": r,
                                                             "on": d}), COM, PER, DAY),
    st.builds(lambda g, ps, d: ("community.record-activity", {
        "community_id": g, "kind": "team_activity", "held_on": d, "participants": ps}),
        COM, st.lists(PER, max_size=3), DAY),
    st.builds(lambda g, a, d: ("community.record-funding", {"community_id": g, "amount": a,
                                                            "received_on": d, "source": "x"}),
              COM, st.sampled_from(["300000", "-1", "0", "abc"]), DAY),
    st.builds(lambda g, d: ("community.dissolve", {"community_id": g, "on": d, "reason": "end"}),
              COM, DAY),
)


def resolve(value: Any, refs: dict[str, UUID]) -> Any:
    if isinstance(value, str) and value in refs:  # a generated name may start with "@" too
        return str(refs[value])
    if isinstance(value, list):
        return [resolve(v, refs) for v in value]
    if isinstance(value, dict):
        return {k: resolve(v, refs) for k, v in value.items()}
    return value


def run(app: GttApplication, name: str, fields: dict[str, Any]) -> GttAggregate:
    """What ``handle`` does, keeping the unit of work to read the in-memory aggregate."""
    cmd = app.validate((name, fields))
    uow = UnitOfWork(app)
    aggregate_id = HANDLERS[type(cmd)](uow, cmd, app.meta(actor="fuzz"))
    app.save_changes(uow)
    return uow.get(aggregate_id, GttAggregate)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(commands=st.lists(CMD, min_size=1, max_size=15))
@example(commands=[  # a known history of successes, so every run checks real state
    ("community.join", {"community_id": "@g", "institution_id": "@b", "on": date(2024, 10, 1)}),
    ("community.record-activity", {"community_id": "@g", "kind": "gala", "held_on": date(2024, 12, 1),
                                   "participants": ["@stu", "@tea"]}),
    ("person.assign-role", {"person_id": "@tea", "role": "backbone_teacher",
                            "since": date(2024, 9, 1)}),
    ("person.erase-personal", {"person_id": "@stu"}),
])
def test_generated_sequences_store_what_memory_holds(db_url, commands):
    app = GttApplication(db_url)
    s, b = school(app), school(app, "Branch")
    refs = {"@s": s, "@b": b, "@x": uuid4(),
            "@stu": app.handle(p.RegisterPerson(kind="student", home_institution_id=s, name="S")),
            "@tea": app.handle(p.RegisterPerson(kind="teacher", home_institution_id=s, name="T")),
            "@g": app.handle(c.EstablishCommunity(kind="education_group", name="G", region="A",
                                                  core_institution_id=s,
                                                  established_on=date(2024, 9, 1))),
            "@t": app.handle(c.EstablishCommunity(kind="learning_team", name="T", region="A",
                                                  core_institution_id=s,
                                                  established_on=date(2024, 9, 1)))}
    live: dict[UUID, GttAggregate] = {}
    for name, fields in commands:
        try:
            agg = run(app, name, resolve(fields, refs))
        except (ValidationError, DomainError, NotFoundError) as e:
            assert str(e)
            continue
        live[agg.id] = agg
    reader = GttApplication(db_url)
    for aggregate_id, agg in live.items():
        assert reader.repository.get(aggregate_id) == agg
        app.take_snapshot(aggregate_id)
        assert GttApplication(db_url).repository.get(aggregate_id) == agg
