"""Institution: a school, enterprise, hospital, health centre, bureau or association.

Changes over time (headcount, departments, majors, teacher counts, quality scores) are
events, so evaluations can ask what the institution looked like on any date.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from gtt_domain.domain.base import GttAggregate, state_type
from gtt_domain.domain.meta import EventMeta


@state_type
class Department:
    name: str
    teacher_count: int = 0
    liaison_person_id: str | None = None


@state_type
class Major:
    code: str
    name: str
    department: str | None = None
    teacher_count: int = 0


def later(a: object, name: str, empty: Any) -> Any:
    """State added after the first release: a state stored before it lacks the attribute."""
    return getattr(a, name, empty)


@state_type
class IntermediarySpell:
    """From ``on``: an intermediary of ``kind`` (None: not one)."""

    kind: str | None
    on: date
    basis: str = ""


class Institution(GttAggregate):
    KIND = "institution"

    class Registered(GttAggregate.Created):
        kind: str
        name: str
        region: str
        locality: str | None
        school_stage: str | None
        external_id: str | None
        meta: EventMeta

    class Renamed(GttAggregate.Event):
        name: str
        meta: EventMeta

    class HeadcountReported(GttAggregate.Event):
        on_post_staff: int
        as_of: date
        meta: EventMeta

    class DepartmentOpened(GttAggregate.Event):
        name: str
        teacher_count: int
        meta: EventMeta

    class DepartmentTeachersCounted(GttAggregate.Event):
        name: str
        teacher_count: int
        as_of: date
        meta: EventMeta

    class LiaisonNamed(GttAggregate.Event):
        department: str
        person_id: str
        meta: EventMeta

    class MajorOpened(GttAggregate.Event):
        code: str
        name: str
        department: str | None
        teacher_count: int
        meta: EventMeta

    class MajorClosed(GttAggregate.Event):
        code: str
        meta: EventMeta

    class TeachingQualityAssessed(GttAggregate.Event):
        """Annual teaching-quality score (P1-R7, P1-R11): a fact the evaluations trend."""

        year: int
        score: Decimal
        assessor: str
        meta: EventMeta

    class PostHeadcountReported(GttAggregate.Event):
        """Staff on one post (N-INT-11: interns at most 20% of the staff on the same post)."""

        post: str
        staff: int
        as_of: date
        meta: EventMeta

    class IntermediaryStatusRecorded(GttAggregate.Event):
        """From ``on``, the institution is (``kind``) or is no longer (``None``) a
        labour-dispatch firm, HR agency or other intermediary (N-INT-9)."""

        kind: str | None
        on: date
        basis: str
        meta: EventMeta

    class MajorDemonstrated(GttAggregate.Event):
        """Experts and employers examined (论证) a new major before it opened (P6-R7)."""

        code: str
        on: date
        by: str
        meta: EventMeta

    @event(Registered)
    def __init__(
        self,
        id: UUID,  # noqa: A002
        kind: str,
        name: str,
        region: str,
        locality: str | None,
        school_stage: str | None,
        external_id: str | None,
        meta: EventMeta,
    ) -> None:
        self.kind = kind
        self.name = name
        self.region = region
        self.locality = locality
        self.school_stage = school_stage
        self.external_id = external_id
        self.on_post_staff: int | None = None
        self.departments: dict[str, Department] = {}
        self.majors: dict[str, Major] = {}
        self.closed_majors: set[str] = set()
        self.quality: dict[str, Decimal] = {}  # keyed by str(year): JSON keys are strings

    # --- commands -------------------------------------------------------------------

    def rename(self, name: str, meta: EventMeta) -> None:
        if name == self.name:
            self.refuse("rename", f"the name is already {name!r}")
        self._renamed(name=name, meta=meta)

    def report_headcount(self, on_post_staff: int, as_of: date, meta: EventMeta) -> None:
        if on_post_staff < 0:
            self.refuse("report_headcount", "on-post staff cannot be negative")
        self._headcount_reported(on_post_staff=on_post_staff, as_of=as_of, meta=meta.effective_on(as_of))

    def open_department(self, name: str, teacher_count: int, meta: EventMeta) -> None:
        if name in self.departments:
            self.refuse("open_department", f"department {name!r} already exists")
        if teacher_count < 0:
            self.refuse("open_department", "teacher count cannot be negative")
        self._department_opened(name=name, teacher_count=teacher_count, meta=meta)

    def count_department_teachers(self, name: str, teacher_count: int, as_of: date, meta: EventMeta) -> None:
        self._require_department(name, "count_department_teachers")
        if teacher_count < 0:
            self.refuse("count_department_teachers", "teacher count cannot be negative")
        self._department_teachers_counted(name=name, teacher_count=teacher_count, as_of=as_of, meta=meta.effective_on(as_of))

    def name_liaison(self, department: str, person_id: str, meta: EventMeta) -> None:
        self._require_department(department, "name_liaison")
        self._liaison_named(department=department, person_id=person_id, meta=meta)

    def open_major(self, code: str, name: str, department: str | None, teacher_count: int, meta: EventMeta) -> None:
        if code in self.majors:
            self.refuse("open_major", f"major {code!r} already exists")
        if department is not None:
            self._require_department(department, "open_major")
        self._major_opened(code=code, name=name, department=department, teacher_count=teacher_count, meta=meta)

    def close_major(self, code: str, meta: EventMeta) -> None:
        if code not in self.majors or code in self.closed_majors:
            self.refuse("close_major", f"no open major {code!r}")
        self._major_closed(code=code, meta=meta)

    def assess_teaching_quality(self, year: int, score: Decimal, assessor: str, meta: EventMeta) -> None:
        if str(year) in self.quality:
            self.refuse("assess_teaching_quality", f"teaching quality for {year} is already recorded")
        self._teaching_quality_assessed(year=year, score=score, assessor=assessor, meta=meta)

    def report_post_headcount(self, post: str, staff: int, as_of: date, meta: EventMeta) -> None:
        if staff < 0:
            self.refuse("report_post_headcount", "staff on a post cannot be negative")
        self._post_headcount_reported(post=post, staff=staff, as_of=as_of, meta=meta.effective_on(as_of))

    def record_intermediary(self, kind: str | None, on: date, basis: str, meta: EventMeta) -> None:
        spells = later(self, "intermediary", [])
        current = spells[-1].kind if spells else None
        if kind == current:
            self.refuse("record_intermediary", f"the status is already {kind or 'not an intermediary'}")
        self._intermediary_status_recorded(kind=kind, on=on, basis=basis, meta=meta.effective_on(on))

    def record_demonstration(self, code: str, on: date, by: str, meta: EventMeta) -> None:
        done = later(self, "demonstrations", {})
        if code in done:
            self.refuse("record_demonstration", f"major {code!r} was already examined on {done[code]}")
        self._major_demonstrated(code=code, on=on, by=by, meta=meta.effective_on(on))

    def _require_department(self, name: str, command: str) -> None:
        if name not in self.departments:
            self.refuse(command, f"no department {name!r}")

    # --- mutators (no guards: replay never re-judges history) -------------------------

    @event(Renamed)
    def _renamed(self, name: str, meta: EventMeta) -> None:
        self.name = name

    @event(HeadcountReported)
    def _headcount_reported(self, on_post_staff: int, as_of: date, meta: EventMeta) -> None:
        self.on_post_staff = on_post_staff

    @event(DepartmentOpened)
    def _department_opened(self, name: str, teacher_count: int, meta: EventMeta) -> None:
        self.departments[name] = Department(name=name, teacher_count=teacher_count)

    @event(DepartmentTeachersCounted)
    def _department_teachers_counted(self, name: str, teacher_count: int, as_of: date, meta: EventMeta) -> None:
        self.departments[name].teacher_count = teacher_count

    @event(LiaisonNamed)
    def _liaison_named(self, department: str, person_id: str, meta: EventMeta) -> None:
        self.departments[department].liaison_person_id = person_id

    @event(MajorOpened)
    def _major_opened(self, code: str, name: str, department: str | None, teacher_count: int, meta: EventMeta) -> None:
        self.majors[code] = Major(code=code, name=name, department=department, teacher_count=teacher_count)

    @event(MajorClosed)
    def _major_closed(self, code: str, meta: EventMeta) -> None:
        self.closed_majors.add(code)

    @event(TeachingQualityAssessed)
    def _teaching_quality_assessed(self, year: int, score: Decimal, assessor: str, meta: EventMeta) -> None:
        self.quality[str(year)] = score

    @event(PostHeadcountReported)
    def _post_headcount_reported(self, post: str, staff: int, as_of: date, meta: EventMeta) -> None:
        self.post_staff = {**later(self, "post_staff", {}), post: staff}

    @event(IntermediaryStatusRecorded)
    def _intermediary_status_recorded(self, kind: str | None, on: date, basis: str, meta: EventMeta) -> None:
        self.intermediary = [*later(self, "intermediary", []), IntermediarySpell(kind, on, basis)]

    @event(MajorDemonstrated)
    def _major_demonstrated(self, code: str, on: date, by: str, meta: EventMeta) -> None:
        self.demonstrations = {**later(self, "demonstrations", {}), code: on}
