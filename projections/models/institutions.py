"""Institutions with their departments, majors and teaching-quality scores.

Current state only; "what did it look like on a date" is answered by the timeline and
by replaying events (evaluations), not by these tables.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from gtt_projections.projection import GttProjection
from gtt_projections.schema import UtcDateTime, metadata
from gtt_projections.writer import Inc, RowWriter
from sqlalchemy import Column, Date, Index, Integer, Numeric, String, Table

from gtt_domain.domain.institution import Institution as Inst

institutions = Table(
    "institutions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("name", String(200), nullable=False),
    Column("region", String(100), nullable=False),
    Column("locality", String(20)),
    Column("school_stage", String(30)),
    Column("external_id", String(100)),
    Column("on_post_staff", Integer),
    Column("headcount_as_of", Date),
    Column("department_count", Integer, nullable=False),
    Column("open_major_count", Integer, nullable=False),
    Column("registered_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_institutions_kind_region", "kind", "region"),
)

departments = Table(
    "departments",
    metadata,
    Column("institution_id", String(36), primary_key=True),
    Column("name", String(200), primary_key=True),
    Column("teacher_count", Integer, nullable=False),
    Column("teachers_as_of", Date),
    Column("liaison_person_id", String(36)),
)

majors = Table(
    "majors",
    metadata,
    Column("institution_id", String(36), primary_key=True),
    Column("code", String(50), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("department", String(200)),
    Column("teacher_count", Integer, nullable=False),
    Column("status", String(10), nullable=False),
    Column("opened_at", UtcDateTime, nullable=False),
    Column("closed_at", UtcDateTime),
)

institution_quality = Table(
    "institution_quality",
    metadata,
    Column("institution_id", String(36), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("score", Numeric(8, 2), nullable=False),
    Column("assessor", String(200), nullable=False),
)


def _touch(rows: RowWriter, e: Any, **values: Any) -> None:
    """Update the institution row and its bookkeeping columns."""
    rows.update(institutions, {"id": str(e.originator_id)},
                updated_at=e.meta.recorded_at, version=e.originator_version, **values)


class Institutions(GttProjection):
    name = "institutions"
    defer_indexes = True  # handlers read rows by primary key only
    version = 1
    tables = (institutions, departments, majors, institution_quality)

    @singledispatchmethod
    def apply(self, event: Any, rows: RowWriter) -> None:
        """Events of other aggregates."""

    @apply.register
    def _(self, e: Inst.Registered, rows: RowWriter) -> None:
        rows.insert(institutions, {
            "id": str(e.originator_id), "kind": e.kind, "name": e.name, "region": e.region,
            "locality": e.locality, "school_stage": e.school_stage, "external_id": e.external_id,
            "on_post_staff": None, "headcount_as_of": None, "department_count": 0,
            "open_major_count": 0, "registered_at": e.meta.effective,
            "updated_at": e.meta.recorded_at, "version": e.originator_version,
        })

    @apply.register
    def _(self, e: Inst.Renamed, rows: RowWriter) -> None:
        _touch(rows, e, name=e.name)

    @apply.register
    def _(self, e: Inst.HeadcountReported, rows: RowWriter) -> None:
        _touch(rows, e, on_post_staff=e.on_post_staff, headcount_as_of=e.as_of)

    @apply.register
    def _(self, e: Inst.DepartmentOpened, rows: RowWriter) -> None:
        _touch(rows, e, department_count=Inc(1))
        rows.insert(departments, {
            "institution_id": str(e.originator_id), "name": e.name,
            "teacher_count": e.teacher_count, "teachers_as_of": None, "liaison_person_id": None,
        })

    @apply.register
    def _(self, e: Inst.DepartmentTeachersCounted, rows: RowWriter) -> None:
        _touch(rows, e)
        rows.update(departments, {"institution_id": str(e.originator_id), "name": e.name},
                    teacher_count=e.teacher_count, teachers_as_of=e.as_of)

    @apply.register
    def _(self, e: Inst.LiaisonNamed, rows: RowWriter) -> None:
        _touch(rows, e)
        rows.update(departments, {"institution_id": str(e.originator_id), "name": e.department},
                    liaison_person_id=e.person_id)

    @apply.register
    def _(self, e: Inst.MajorOpened, rows: RowWriter) -> None:
        _touch(rows, e, open_major_count=Inc(1))
        rows.insert(majors, {
            "institution_id": str(e.originator_id), "code": e.code, "name": e.name,
            "department": e.department, "teacher_count": e.teacher_count, "status": "open",
            "opened_at": e.meta.effective, "closed_at": None,
        })

    @apply.register
    def _(self, e: Inst.MajorClosed, rows: RowWriter) -> None:
        _touch(rows, e, open_major_count=Inc(-1))
        rows.update(majors, {"institution_id": str(e.originator_id), "code": e.code},
                    status="closed", closed_at=e.meta.effective)

    @apply.register
    def _(self, e: Inst.TeachingQualityAssessed, rows: RowWriter) -> None:
        _touch(rows, e)
        rows.insert(institution_quality, {
            "institution_id": str(e.originator_id), "year": e.year,
            "score": e.score, "assessor": e.assessor,
        })
