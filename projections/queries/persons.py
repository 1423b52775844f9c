"""Persons and their roles. No personal data is stored in the read tables; ``get_person``
adds ``display_name`` by reading the Person's (decrypted) events, and only while the
personal data is readable (``None`` once erased or shredded)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from gtt_projections.queries.base import ReadRow, fetch, fresh
from gtt_projections.tables.persons import person_roles, persons
from sqlalchemy import exists, select

from gtt_domain.application.policy import MASKED, may_read_personal
from gtt_domain.domain.errors import NotFoundError

if TYPE_CHECKING:
    from gtt_projections.readmodel import ReadModel

NAMES = ["persons"]


class PersonSummary(ReadRow):
    id: UUID
    kind: str
    home_institution_id: UUID | None
    external_id: str | None
    major_institution_id: UUID | None
    major_code: str | None
    department: str | None
    admitted_on: date | None
    semester_at_admission: int | None
    semester: int | None
    semester_as_of: date | None
    erased: bool
    registered_at: datetime
    updated_at: datetime
    version: int


class PersonRole(ReadRow):
    role: str
    since: date
    until: date | None


class PersonDetail(PersonSummary):
    display_name: str | None
    roles: list[PersonRole]


def list_persons(
    rm: ReadModel, *, kind: str | None = None, institution_id: UUID | str | None = None,
    major: str | None = None, role: str | None = None, erased: bool | None = None,
    catch_up: bool = True,
) -> list[PersonSummary]:
    """Persons ordered by registration; ``institution_id`` is the home institution,
    ``role`` a role held now (not ended)."""
    fresh(rm, NAMES, catch_up)
    t, r = persons, person_roles
    stmt = select(t).order_by(t.c.registered_at, t.c.id)
    if kind:
        stmt = stmt.where(t.c.kind == kind)
    if institution_id is not None:
        stmt = stmt.where(t.c.home_institution_id == str(institution_id))
    if major:
        stmt = stmt.where(t.c.major_code == major)
    if role:
        stmt = stmt.where(exists().where(r.c.person_id == t.c.id, r.c.role == role,
                                         r.c.until.is_(None)))
    if erased is not None:
        stmt = stmt.where(t.c.erased == erased)
    return [PersonSummary(**row) for row in fetch(rm, stmt)]


def get_person(rm: ReadModel, person_id: UUID | str, *, catch_up: bool = True) -> PersonDetail:
    """One person with roles (current and ended); NotFoundError if absent."""
    fresh(rm, NAMES, catch_up)
    pid = str(person_id)
    found = fetch(rm, select(persons).where(persons.c.id == pid))
    if not found:
        raise NotFoundError("person", pid)
    r = person_roles
    roles = fetch(rm, select(r).where(r.c.person_id == pid).order_by(r.c.since, r.c.role))
    row = found[0]
    return PersonDetail(**row, display_name=None if row["erased"] else _name(rm, pid),
                        roles=[PersonRole(**x) for x in roles])


def _name(rm: ReadModel, person_id: str) -> str | None:
    """The name from the Person's own events (never copied into a table); ``MASKED`` when
    the policy does not let the actor read personal fields."""
    if not may_read_personal(rm.app):
        return MASKED
    person: Any = rm.app.repository.get(UUID(person_id))
    personal = getattr(person, "personal", None)
    return personal.get("name") if isinstance(personal, dict) else None
