"""Institutions with their departments, majors and teaching-quality scores.

Current state only; "what did it look like on a date" is answered by the timeline and
by replaying events (evaluations), not by these tables.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from gtt_projections.projection import GttProjection
from gtt_projections.tables.institutions import (
    NAME,
    TABLES,
    VERSION,
    departments,
    institution_quality,
    institutions,
    majors,
)
from gtt_projections.writer import Inc, RowWriter

from gtt_domain.domain.institution import Institution as Inst


def _touch(rows: RowWriter, e: Any, **values: Any) -> None:
    """Update the institution row and its bookkeeping columns."""
    rows.update(institutions, {"id": str(e.originator_id)},
                updated_at=e.meta.recorded_at, version=e.originator_version, **values)


class Institutions(GttProjection):
    name = NAME
    defer_indexes = True  # handlers read rows by primary key only
    version = VERSION
    tables = TABLES

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
