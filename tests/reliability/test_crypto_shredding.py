"""Issue 8 part 5b: erasure by crypto-shredding.

Personal fields are sealed with a per-person key from the first write; erasing a person
destroys the key, so every copy of those fields (events and snapshots) reads as ``None``
while the stored rows stay byte for byte as they were.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest
from eventsourcing.persistence import IntegrityError
from rawstore import event_rows, everything

from gtt_domain import DomainError, GttApplication, NotAuthorisedError
from gtt_domain.commands.institution import RegisterInstitution
from gtt_domain.commands.person import (
    AssignPersonRole,
    CorrectPersonalData,
    ErasePersonalData,
    RegisterPerson,
)
from gtt_domain.domain.person import Person
from gtt_domain.privacy import PersonErasedError
from gtt_domain.privacy.erasure import forget_person, is_forgotten

NAME, NATIONAL_ID, GUARDIAN = "Lin Xiaoyu-7731", "350524200805041234", "Lin Dahai-7731"
OTHER = "Chen Meili-5520"


def _people(app: GttApplication) -> tuple[UUID, UUID, UUID]:
    school = app.handle(RegisterInstitution(kind="school", name="Anxi Vocational", region="Anxi"))
    pid = app.handle(RegisterPerson(
        kind="student", home_institution_id=school, external_id="S2025001", name=NAME,
        national_id=NATIONAL_ID, birth_date=date(2008, 5, 4), guardian_name=GUARDIAN))
    app.handle(CorrectPersonalData(person_id=pid, guardian_phone="+86 592 1234567"))
    app.handle(AssignPersonRole(person_id=pid, role="class_monitor", since=date(2024, 9, 1)))
    app.take_snapshot(pid)
    other = app.handle(RegisterPerson(kind="teacher", home_institution_id=school, name=OTHER))
    return school, pid, other


def test_personal_fields_are_never_stored_in_plaintext(db_url, clock, monkeypatch):
    monkeypatch.delenv("GTT_CIPHER_KEY", raising=False)  # even without encryption at rest
    app = GttApplication(db_url, clock=clock)
    _, pid, _ = _people(app)
    assert GttApplication(db_url).get(pid, Person).personal["national_id"] == NATIONAL_ID
    stored = everything(db_url)
    for secret in (NAME, NATIONAL_ID, GUARDIAN, "2008-05-04", "1234567"):
        assert secret.encode() not in stored
    assert b"class_monitor" in stored  # non-personal facts stay readable in the rows


def test_forget_shreds_one_person_and_keeps_the_rest(db_url, clock):
    app = GttApplication(db_url, clock=clock)
    school, pid, other = _people(app)
    rows_before = event_rows(db_url)

    forget_person(app, pid, actor="dpo@school", reason="PIPL request 2025-17")

    reader = GttApplication(db_url)
    person = reader.get(pid, Person)
    assert person.erased and person.personal is None and person.birth_date is None
    assert person.kind == "student" and person.home_institution_id == str(school)
    assert person.external_id == "S2025001" and person.holds_role("class_monitor")
    events = list(reader.events.get(pid))
    assert [type(e).__name__ for e in events][-1] == "PersonalDataErased"
    assert events[-1].meta.actor == "dpo@school" and events[-1].meta.reason == "PIPL request 2025-17"
    assert [e.personal for e in events if hasattr(e, "personal")] == [None, None]
    # the snapshot taken before the erasure is shredded too
    snap = next(iter(reader.snapshots.get(pid)))
    assert snap.state["personal"] is None
    # another person is untouched
    assert reader.get(other, Person).personal == {"name": OTHER}
    # stored rows are never rewritten: the earlier rows are byte-identical
    assert event_rows(db_url)[: len(rows_before) - 1] == rows_before[:-1]
    assert is_forgotten(app, pid) and not is_forgotten(app, other)


def test_after_erasure_no_personal_data_can_be_recorded(db_url, clock):
    app = GttApplication(db_url, clock=clock)
    _, pid, _ = _people(app)
    forget_person(app, pid)
    with pytest.raises(DomainError, match="erased"):
        app.handle(CorrectPersonalData(person_id=pid, name="New Name"))
    recorded = len(list(app.events.get(pid)))
    forget_person(app, pid)  # again: only makes sure the key is gone from the file (issue 16)
    assert len(list(app.events.get(pid))) == recorded
    # below the aggregate's guard, the mapper refuses too (tombstoned key)
    stale = Person.register(id=pid, kind="student", home_institution_id=None, external_id=None,
                            personal={"name": "Ghost"}, meta=app.meta())
    with pytest.raises(PersonErasedError):
        app.save(stale)


def test_key_is_destroyed_before_the_erasure_is_recorded(db_url, clock, monkeypatch):
    """Crash between the two steps: the data is already unreadable and re-running records
    the erasure. The reverse state (erasure recorded, data readable) cannot arise."""
    app = GttApplication(db_url, clock=clock)
    _, pid, _ = _people(app)
    original = app.recorder.insert_events

    def crash(*args, **kwargs):
        assert app.person_keys.is_destroyed(pid)  # the key is gone before the insert
        raise IntegrityError("simulated crash before the erasure row is written")

    monkeypatch.setattr(app.recorder, "insert_events", crash)
    with pytest.raises(Exception, match="simulated crash|conflict"):
        app.handle(ErasePersonalData(person_id=pid))
    monkeypatch.setattr(app.recorder, "insert_events", original)

    reader = GttApplication(db_url)
    half = reader.get(pid, Person)
    assert half.personal is None and not half.erased  # unreadable, erasure not yet recorded
    forget_person(app, pid, actor="dpo")
    assert GttApplication(db_url).get(pid, Person).erased


def test_a_refused_actor_destroys_nothing(db_url, clock):
    app = GttApplication(db_url, clock=clock,
                         authorise=lambda actor, cmd: cmd.verb != "erase-personal" or actor == "dpo")
    _, pid, _ = _people(app)
    with pytest.raises(NotAuthorisedError, match="'clerk' may not person.erase-personal"):
        forget_person(app, pid, actor="clerk")
    assert not is_forgotten(app, pid)
    assert GttApplication(db_url).get(pid, Person).personal["name"] == NAME
