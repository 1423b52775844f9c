"""The application on a real SQLite file and on PostgreSQL: metadata, idempotency,
batches, the clock, authorisation and conflicts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from gtt_domain import (
    BatchError,
    ConflictError,
    DomainError,
    GttApplication,
    NotAuthorisedError,
    NotFoundError,
)
from gtt_domain.commands.institution import OpenDepartment, RegisterInstitution


def register(app: GttApplication, key: str = "91350000X") -> object:
    return app.handle(RegisterInstitution(kind="school", name="Anxi Vocational", region="Anxi",
                                          external_id=key))


def test_metadata_comes_from_clock_and_actor(db_url, clock):
    app = GttApplication(db_url, clock=clock, actor="clerk")
    iid = register(app)
    eff = datetime(2024, 9, 1, tzinfo=UTC)
    app.handle(OpenDepartment(institution_id=iid, name="Welding", teacher_count=5),
               actor="dean", effective_at=eff, reason="new term", correlation_id="req-7")
    reader = GttApplication(db_url)  # a second instance reads what the first stored
    events = list(reader.events.get(iid))
    assert [e.meta.actor for e in events] == ["clerk", "dean"]
    assert events[0].meta.recorded_at == datetime(2025, 1, 1, 8, 0, tzinfo=UTC)
    assert events[1].meta.effective_at == eff
    assert events[1].meta.reason == "new term"
    assert events[1].meta.correlation_id == "req-7"
    assert events[1].timestamp == events[1].meta.recorded_at


def test_natural_key_registration_is_idempotent(db_url, clock):
    app = GttApplication(db_url, clock=clock)
    a = register(app)
    b = register(app)
    assert a == b
    assert len(list(app.events.get(a))) == 1


def test_batch_is_all_or_nothing(db_url, clock):
    app = GttApplication(db_url, clock=clock)
    iid = register(app)
    with pytest.raises(BatchError, match="batch item 2"):
        app.handle_batch([
            OpenDepartment(institution_id=iid, name="A", teacher_count=1),
            OpenDepartment(institution_id=iid, name="A", teacher_count=2),  # duplicate: refused
        ])
    assert len(list(app.events.get(iid))) == 1
    app.handle_batch([OpenDepartment(institution_id=iid, name=n, teacher_count=1) for n in "ABC"])
    assert set(app.get(iid).departments) == {"A", "B", "C"}


def test_validation_names_the_field(db_url):
    app = GttApplication(db_url)
    with pytest.raises(ValidationError, match="teacher_count"):
        app.handle({"institution_id": "00000000-0000-0000-0000-000000000001", "name": "A",
                    "teacher_count": -1}, name="institution.open-department")


def test_unknown_aggregate_is_not_found(db_url):
    app = GttApplication(db_url)
    with pytest.raises(NotFoundError, match="institution .* not found"):
        app.handle(OpenDepartment(institution_id="00000000-0000-0000-0000-000000000001", name="A"))


def test_refused_actor_writes_nothing(db_url):
    def hook(actor, command):
        return actor == "registrar" or command.group != "institution"

    app = GttApplication(db_url, authorise=hook)
    with pytest.raises(NotAuthorisedError, match="'intern' may not institution.register"):
        app.handle(RegisterInstitution(kind="school", name="X", region="R"), actor="intern")
    assert app.recorder.max_notification_id() in (None, 0)
    app.handle(RegisterInstitution(kind="school", name="X", region="R"), actor="registrar")
    assert app.recorder.max_notification_id() == 1


def test_two_writers_conflict_on_the_same_aggregate(db_url, clock):
    a = GttApplication(db_url, clock=clock)
    b = GttApplication(db_url, clock=clock)
    iid = register(a)
    from gtt_domain.application.unit_of_work import UnitOfWork
    from gtt_domain.domain.institution import Institution

    ua, ub = UnitOfWork(a), UnitOfWork(b)
    ua.get(iid, Institution).open_department("A", 1, a.meta())
    ub.get(iid, Institution).open_department("B", 1, b.meta())
    a.save_changes(ua)
    with pytest.raises(ConflictError, match="reload and retry"):
        b.save_changes(ub)
    assert set(GttApplication(db_url).get(iid).departments) == {"A"}


def test_domain_error_names_aggregate_command_reason(db_url):
    app = GttApplication(db_url)
    iid = register(app)
    with pytest.raises(DomainError) as e:
        app.handle({"institution_id": str(iid), "code": "x"}, name="institution.close-major")
    assert (e.value.aggregate, e.value.command) == ("institution", "close_major")
    assert "no open major 'x'" in str(e.value)
