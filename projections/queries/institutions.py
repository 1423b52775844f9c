"""Institutions, their departments, majors and quality scores."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

from gtt_projections.queries.base import ReadRow, fetch, fresh
from gtt_projections.tables.institutions import (
    departments,
    institution_quality,
    institutions,
    majors,
)
from sqlalchemy import select

from gtt_domain.domain.errors import NotFoundError

if TYPE_CHECKING:
    from gtt_projections.readmodel import ReadModel

NAMES = ["institutions"]


class InstitutionSummary(ReadRow):
    id: UUID
    kind: str
    name: str
    region: str
    locality: str | None
    school_stage: str | None
    external_id: str | None
    on_post_staff: int | None
    headcount_as_of: date | None
    department_count: int
    open_major_count: int
    registered_at: datetime
    updated_at: datetime
    version: int


class Department(ReadRow):
    name: str
    teacher_count: int
    teachers_as_of: date | None
    liaison_person_id: UUID | None


class Major(ReadRow):
    institution_id: UUID
    code: str
    name: str
    department: str | None
    teacher_count: int
    status: str
    opened_at: datetime
    closed_at: datetime | None


class QualityScore(ReadRow):
    year: int
    score: Decimal
    assessor: str


class InstitutionDetail(InstitutionSummary):
    departments: list[Department]
    majors: list[Major]
    quality: list[QualityScore]


def list_institutions(
    rm: ReadModel, *, kind: str | None = None, region: str | None = None,
    name_contains: str | None = None, catch_up: bool = True,
) -> list[InstitutionSummary]:
    """Institutions ordered by name, optionally filtered."""
    fresh(rm, NAMES, catch_up)
    t = institutions
    stmt = select(t).order_by(t.c.name, t.c.id)
    if kind:
        stmt = stmt.where(t.c.kind == kind)
    if region:
        stmt = stmt.where(t.c.region == region)
    if name_contains:
        stmt = stmt.where(t.c.name.contains(name_contains, autoescape=True))
    return [InstitutionSummary(**r) for r in fetch(rm, stmt)]


def get_institution(rm: ReadModel, institution_id: UUID | str, *, catch_up: bool = True) -> InstitutionDetail:
    """One institution with its departments, majors and scores; NotFoundError if absent."""
    fresh(rm, NAMES, catch_up)
    iid = str(institution_id)
    found = fetch(rm, select(institutions).where(institutions.c.id == iid))
    if not found:
        raise NotFoundError("institution", iid)
    d, q = departments, institution_quality
    deps = fetch(rm, select(d).where(d.c.institution_id == iid).order_by(d.c.name))
    scores = fetch(rm, select(q).where(q.c.institution_id == iid).order_by(q.c.year))
    return InstitutionDetail(
        **found[0],
        departments=[Department(**r) for r in deps],
        majors=list_majors(rm, institution_id=iid, catch_up=False),
        quality=[QualityScore(**r) for r in scores],
    )


def list_majors(
    rm: ReadModel, *, institution_id: UUID | str | None = None, department: str | None = None,
    status: str | None = None, catch_up: bool = True,
) -> list[Major]:
    """Majors, ordered by institution and code."""
    fresh(rm, NAMES, catch_up)
    m = majors
    stmt = select(m).order_by(m.c.institution_id, m.c.code)
    if institution_id is not None:
        stmt = stmt.where(m.c.institution_id == str(institution_id))
    if department:
        stmt = stmt.where(m.c.department == department)
    if status:
        stmt = stmt.where(m.c.status == status)
    return [Major(**r) for r in fetch(rm, stmt)]
