"""Person: every transition and every refusal, no I/O; generated histories replay and
survive a snapshot round trip through the store's JSON transcoding (in memory)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
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
from gtt_domain.domain.meta import EventMeta
from gtt_domain.domain.person import PERSONAL_FIELDS, Person

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
META = EventMeta(actor="registrar", recorded_at=T0)
SCHOOL, OTHER = str(uuid4()), str(uuid4())
LIN = {"name": "Lin Xiaoyu", "national_id": "350524200805041234", "birth_date": "2008-05-04",
       "sex": "female", "guardian_name": "Lin Dahai", "guardian_phone": "13800000000"}


def student(**personal: Any) -> Person:
    return Person.register(id=uuid4(), kind="student", home_institution_id=SCHOOL,
                           external_id="S2025001", personal=personal or dict(LIN), meta=META)


def teacher() -> Person:
    return Person.register(id=uuid4(), kind="teacher", home_institution_id=SCHOOL,
                           external_id=None, personal={"name": "Chen"}, meta=META)


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


def snapshot_round_trip(agg: Person) -> Any:
    m = mapper()
    snap = Person.Snapshot.take(agg)
    return m.to_domain_event(m.to_stored_event(snap)).mutate(None)


# --- registration and personal data ------------------------------------------------------


def test_registered_carries_personal_in_one_field_and_meta():
    p = student()
    (ev,) = p.collect_events()
    assert type(ev).__name__ == "Registered"
    assert ev.personal == LIN and ev.meta.actor == "registrar" and ev.timestamp == T0
    assert p.kind == "student" and p.home_institution_id == SCHOOL and p.external_id == "S2025001"
    assert p.birth_date == date(2008, 5, 4) and not p.erased


@pytest.mark.parametrize("kind,personal,reason", [
    ("alien", {"name": "X"}, "unknown person kind 'alien'"),
    ("student", {"national_id": "1"}, "needs a name"),
    ("student", {"name": "  "}, "needs a name"),
    ("student", {"name": "X", "hobby": "go"}, "unknown personal fields"),
    ("student", {"name": "X", "birth_date": "2008-02-30"}, "not an ISO date"),
    ("student", {"name": "X", "sex": 1}, "must be text"),
])
def test_registration_refuses_impossible_shapes(kind, personal, reason):
    with pytest.raises(DomainError, match=reason) as e:
        Person.register(id=uuid4(), kind=kind, home_institution_id=None, external_id=None,
                        personal=personal, meta=META)
    assert (e.value.aggregate, e.value.command) == ("person", "register")


def test_age_on_counts_completed_years():
    p = student()
    assert p.age_on(date(2024, 5, 3)) == 15
    assert p.age_on(date(2024, 5, 4)) == 16
    assert student(name="No birth date").age_on(date(2024, 1, 1)) is None


def test_correct_personal_data_merges_and_clears():
    p = student()
    p.collect_events()
    p.correct_personal_data({"name": "Lin Xiaoyu (林晓雨)", "guardian_phone": None}, META)
    (ev,) = p.collect_events()
    assert ev.personal == {"name": "Lin Xiaoyu (林晓雨)", "guardian_phone": None}
    assert p.personal is not None and p.personal["name"] == "Lin Xiaoyu (林晓雨)"
    assert "guardian_phone" not in p.personal and p.personal["national_id"] == LIN["national_id"]


def test_correction_only_carries_what_differs_and_refuses_nothing_new():
    p = student()
    p.collect_events()
    p.correct_personal_data({"name": LIN["name"], "sex": "male"}, META)
    assert p.collect_events()[0].personal == {"sex": "male"}
    with pytest.raises(DomainError, match="nothing differs"):
        p.correct_personal_data({"sex": "male"}, META)
    with pytest.raises(DomainError, match="needs a name"):
        p.correct_personal_data({"name": None}, META)
    with pytest.raises(DomainError, match="unknown personal fields"):
        p.correct_personal_data({"email": "x@y"}, META)


def test_erasure_removes_personal_state_and_refuses_what_needs_it():
    p = student()
    p.collect_events()
    p.erase_personal_data(META)
    (ev,) = p.collect_events()
    assert type(ev).__name__ == "PersonalDataErased" and not hasattr(ev, "personal")
    assert p.personal is None and p.erased and p.birth_date is None and p.age_on(date(2025, 1, 1)) is None
    with pytest.raises(DomainError, match="correct_personal_data refused: personal data has been erased"):
        p.correct_personal_data({"name": "Again"}, META)
    with pytest.raises(DomainError, match="erase_personal_data refused"):
        p.erase_personal_data(META)
    p.assign_role("class_monitor", date(2025, 3, 1), META)  # non-personal facts continue
    assert p.roles_on(date(2025, 3, 2)) == {"class_monitor"}


def test_shredded_personal_field_replays_as_none():
    """After crypto-shredding the stored field reads as None: replay must still load."""
    p = student()
    p.correct_personal_data({"sex": "male"}, META)
    events = p.collect_events()
    for ev in events:
        object.__setattr__(ev, "personal", None)
    replayed = replay(events)
    assert replayed.personal is None and replayed.kind == "student"


# --- roles, transfers ------------------------------------------------------------------


def test_roles_assigned_revoked_and_dated():
    p = teacher()
    p.assign_role("backbone_teacher", date(2023, 9, 1), META)
    assert p.collect_events()[-1].meta.effective_at == datetime(2023, 9, 1, tzinfo=UTC)
    with pytest.raises(DomainError, match="already holds role 'backbone_teacher'"):
        p.assign_role("backbone_teacher", date(2024, 1, 1), META)
    with pytest.raises(DomainError, match="not a slug"):
        p.assign_role("Backbone Teacher", date(2024, 1, 1), META)
    with pytest.raises(DomainError, match="does not hold role 'principal'"):
        p.revoke_role("principal", date(2024, 1, 1), META)
    with pytest.raises(DomainError, match="before it starts"):
        p.revoke_role("backbone_teacher", date(2023, 8, 31), META)
    p.revoke_role("backbone_teacher", date(2025, 8, 31), META)
    assert p.roles_on(date(2025, 8, 30)) == {"backbone_teacher"}
    assert p.roles_on(date(2025, 8, 31)) == set() and not p.holds_role("backbone_teacher")
    p.assign_role("backbone_teacher", date(2026, 9, 1), META)  # held again later
    assert p.roles_on(date(2026, 9, 1)) == {"backbone_teacher"}


def test_transfer_moves_home_and_keeps_history():
    p = teacher()
    p.transfer(OTHER, date(2025, 9, 1), META)
    assert p.home_institution_id == OTHER
    assert p.home_on(date(2025, 8, 31)) == SCHOOL and p.home_on(date(2025, 9, 1)) == OTHER
    with pytest.raises(DomainError, match="already at institution"):
        p.transfer(OTHER, date(2026, 1, 1), META)
    with pytest.raises(DomainError, match="before the previous transfer"):
        p.transfer(SCHOOL, date(2025, 1, 1), META)
    p.transfer(SCHOOL, date(2026, 9, 1), META)
    assert p.home_on(date(2026, 9, 1)) == SCHOOL


# --- enrolment and semesters -------------------------------------------------------------


def test_enrolment_and_computed_semester():
    p = student()
    assert p.semester_on(date(2025, 1, 1)) is None
    p.enrol_in_major(SCHOOL, "660301", "Refrigeration", date(2024, 9, 1), 1, META)
    assert p.enrolment is not None and p.enrolment.major_code == "660301"
    assert p.semester_on(date(2024, 8, 31)) is None
    assert p.semester_on(date(2024, 9, 1)) == 1
    assert p.semester_on(date(2025, 2, 28)) == 1
    assert p.semester_on(date(2025, 3, 1)) == 2
    assert p.semester_on(date(2026, 9, 1)) == 5
    with pytest.raises(DomainError, match="already enrolled"):
        p.enrol_in_major(SCHOOL, "660301", "Refrigeration", date(2024, 9, 1), 1, META)
    with pytest.raises(DomainError, match="at least 1"):
        p.enrol_in_major(SCHOOL, "660302", None, date(2025, 9, 1), 0, META)
    p.enrol_in_major(SCHOOL, "660302", None, date(2025, 9, 1), 3, META)  # change of major
    assert p.semester_on(date(2025, 9, 1)) == 3


def test_recorded_semester_overrides_computation():
    p = student()
    p.enrol_in_major(SCHOOL, "660301", None, date(2024, 9, 1), 1, META)
    p.record_semester(2, date(2025, 9, 1), META)  # suspended a semester
    assert p.semester_on(date(2025, 8, 31)) == 2  # computed: 1 + 11 months // 6
    assert p.semester_on(date(2025, 9, 1)) == 2
    assert p.semester_on(date(2026, 6, 1)) == 2  # latest recorded on/before the day
    with pytest.raises(DomainError, match="already recorded"):
        p.record_semester(2, date(2025, 9, 1), META)
    with pytest.raises(DomainError, match="at least 1"):
        p.record_semester(0, date(2025, 9, 1), META)
    p.record_semester(3, date(2025, 9, 1), META)  # a correction for the same date
    assert p.semester_on(date(2025, 9, 1)) == 3


def test_only_students_have_majors_and_semesters():
    t = teacher()
    with pytest.raises(DomainError, match="only students"):
        t.enrol_in_major(SCHOOL, "660301", None, date(2024, 9, 1), 1, META)
    with pytest.raises(DomainError, match="only students"):
        t.record_semester(1, date(2024, 9, 1), META)
    assert t.semester_on(date(2025, 1, 1)) is None


def test_refused_command_records_nothing():
    p = student()
    p.collect_events()
    with pytest.raises(DomainError):
        p.revoke_role("none", date(2025, 1, 1), META)
    assert p.collect_events() == []


# --- generated histories -----------------------------------------------------------------

DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2027, 12, 31))
ROLES = st.sampled_from(["backbone_teacher", "mid_level_cadre", "class_monitor", "Bad Role"])
HOMES = st.sampled_from([SCHOOL, OTHER, "third"])
PERSONAL_CHANGE = st.dictionaries(
    st.sampled_from(list(PERSONAL_FIELDS) + ["email"]),
    st.one_of(st.none(), st.text(max_size=8), st.sampled_from(["2008-05-04", "2009-13-01"])),
    max_size=3,
)
STEP = st.one_of(
    st.tuples(st.just("correct_personal_data"), PERSONAL_CHANGE),
    st.tuples(st.just("erase_personal_data")),
    st.tuples(st.just("assign_role"), ROLES, DAYS),
    st.tuples(st.just("revoke_role"), ROLES, DAYS),
    st.tuples(st.just("transfer"), HOMES, DAYS),
    st.tuples(st.just("enrol_in_major"), HOMES, st.sampled_from(["M1", "M2"]), st.none(), DAYS,
              st.integers(-1, 6)),
    st.tuples(st.just("record_semester"), st.integers(-1, 12), DAYS),
)


@settings(max_examples=150, deadline=None)
@given(kind=st.sampled_from(["student", "teacher"]), steps=st.lists(STEP, max_size=25),
       probe=DAYS)
def test_generated_histories_replay_and_snapshot_equal(kind, steps, probe):
    p = Person.register(id=uuid4(), kind=kind, home_institution_id=SCHOOL, external_id=None,
                        personal=dict(LIN), meta=META)
    for i, (name, *args) in enumerate(steps):
        meta = EventMeta(actor="fuzz", recorded_at=T0 + timedelta(seconds=i + 1))
        try:
            getattr(p, name)(*args, meta)
        except DomainError as e:
            assert e.aggregate == "person" and e.command == name and e.reason
    events = p.collect_events()
    replayed = replay(events)
    assert replayed == p
    assert snapshot_round_trip(p) == p
    assert replayed.semester_on(probe) == p.semester_on(probe)
    assert all(not hasattr(ev, "personal") or type(ev).__name__ in
               ("Registered", "PersonalDataCorrected") for ev in events)
