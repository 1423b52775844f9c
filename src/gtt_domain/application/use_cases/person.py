"""Handlers for person commands: referenced institutions must exist."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.utils import get_topic

from gtt_domain.application.effective import dated
from gtt_domain.application.existence import require_existing
from gtt_domain.application.handlers import Handler
from gtt_domain.application.unit_of_work import UnitOfWork
from gtt_domain.commands import person as c
from gtt_domain.commands.base import Command
from gtt_domain.domain.base import natural_id
from gtt_domain.domain.errors import DomainError
from gtt_domain.domain.institution import Institution
from gtt_domain.domain.internship import Internship
from gtt_domain.domain.meta import EventMeta
from gtt_domain.domain.person import Person, ages_to_retain, birth_date_sources


def register(uow: UnitOfWork, cmd: c.RegisterPerson, meta: EventMeta) -> UUID:
    if cmd.external_id is not None:
        pid = natural_id("person", cmd.external_id)
        if uow.find(pid, Person) is not None:
            return pid  # idempotent: the same student/staff number was registered before
    else:
        pid = uuid4()
    if cmd.home_institution_id is not None:
        require_existing(uow, [cmd.home_institution_id], Institution)
    uow.add(Person.register(
        id=pid, kind=cmd.kind.value,
        home_institution_id=str(cmd.home_institution_id) if cmd.home_institution_id else None,
        external_id=cmd.external_id, personal=cmd.personal(), meta=dated(meta, cmd.registered_on),
    ))
    return pid


def correct_personal_data(uow: UnitOfWork, cmd: c.CorrectPersonalData, meta: EventMeta) -> UUID:
    uow.get(cmd.person_id, Person).correct_personal_data(cmd.changes(), meta)
    return cmd.person_id


def erase_personal_data(uow: UnitOfWork, cmd: c.ErasePersonalData, meta: EventMeta) -> UUID:
    """Record the facts the audit rules need (``AuditFactsRetained``), then the erasure, in
    one transaction; the mapper destroys the key while mapping the erasure event."""
    person = uow.get(cmd.person_id, Person)
    if not person.erased:  # else the aggregate refuses the erasure below
        ages = ages_to_retain(birth_date_sources(uow.app.events.get(person.id)),
                              start_dates(uow.app, str(person.id)))
        if ages:
            person.retain_audit_facts(ages, meta)
    person.erase_personal_data(meta, requester=cmd.requester, legal_basis=cmd.legal_basis)
    return cmd.person_id


def start_dates(app: Any, student_id: str) -> set[date]:
    """Every planned and actual start date of the student's internships (the days the age
    rules look at), from one pass over those two kinds of event."""
    topics = [get_topic(Internship.Placed), get_topic(Internship.Started)]
    planned: dict[UUID, date] = {}
    started: dict[UUID, set[date]] = {}
    position = 0
    while True:
        page = app.recorder.select_notifications(start=position, limit=1000, topics=topics,
                                                 inclusive_of_start=False)
        for n in page:
            e = app.mapper.to_domain_event(n)
            if isinstance(e, Internship.Placed):
                if e.student_id == student_id:
                    planned[e.originator_id] = e.planned_start
            else:
                started.setdefault(e.originator_id, set()).add(e.on)
        if len(page) < 1000:
            break
        position = page[-1].id
    days = set(planned.values())
    for iid in planned:
        days |= started.get(iid, set())
    return days


def assign_role(uow: UnitOfWork, cmd: c.AssignPersonRole, meta: EventMeta) -> UUID:
    uow.get(cmd.person_id, Person).assign_role(cmd.role, cmd.since, meta)
    return cmd.person_id


def revoke_role(uow: UnitOfWork, cmd: c.RevokePersonRole, meta: EventMeta) -> UUID:
    uow.get(cmd.person_id, Person).revoke_role(cmd.role, cmd.on, meta)
    return cmd.person_id


def transfer(uow: UnitOfWork, cmd: c.TransferPerson, meta: EventMeta) -> UUID:
    person = uow.get(cmd.person_id, Person)
    require_existing(uow, [cmd.institution_id], Institution)
    person.transfer(str(cmd.institution_id), cmd.on, meta)
    return cmd.person_id


def enrol(uow: UnitOfWork, cmd: c.EnrolInMajor, meta: EventMeta) -> UUID:
    """A major the institution never opened cannot be studied there; the department
    defaults to the one the institution files the major under."""
    person = uow.get(cmd.person_id, Person)
    major = uow.get(cmd.institution_id, Institution).majors.get(cmd.major_code)
    if major is None:
        raise DomainError("person", "enrol_in_major",
                          f"institution {cmd.institution_id} has no major {cmd.major_code!r}",
                          cmd.person_id)
    person.enrol_in_major(str(cmd.institution_id), cmd.major_code,
                          cmd.department or major.department, cmd.admitted_on,
                          cmd.semester_at_admission, meta)
    return cmd.person_id


def record_semester(uow: UnitOfWork, cmd: c.RecordSemester, meta: EventMeta) -> UUID:
    uow.get(cmd.person_id, Person).record_semester(cmd.semester, cmd.as_of, meta)
    return cmd.person_id


#: command model -> its handler (the application's table is built from these)
HANDLERS: dict[type[Command], Handler] = {
    c.RegisterPerson: register,
    c.CorrectPersonalData: correct_personal_data,
    c.ErasePersonalData: erase_personal_data,
    c.AssignPersonRole: assign_role,
    c.RevokePersonRole: revoke_role,
    c.TransferPerson: transfer,
    c.EnrolInMajor: enrol,
    c.RecordSemester: record_semester,
}
