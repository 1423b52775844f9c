"""Commands on institutions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from pydantic import Field

from gtt_domain.commands.base import Command
from gtt_domain.domain.values import InstitutionKind, IntermediaryKind, Locality, SchoolStage

Name = Field(min_length=1, max_length=200)


class RegisterInstitution(Command):
    """Register a school, enterprise, hospital, health centre, bureau or association."""

    group = "institution"
    verb = "register"
    example = "gtt institution register --kind school --name 'County No.1 Primary' --region 'Anxi'"

    kind: InstitutionKind
    name: str = Field(min_length=1, max_length=200, description="official name")
    region: str = Field(min_length=1, max_length=100, description="district or county")
    locality: Locality | None = Field(None, description="urban or rural")
    school_stage: SchoolStage | None = Field(None, description="for schools")
    external_id: str | None = Field(
        None, min_length=1, max_length=100,
        description="natural key (e.g. unified social credit code); makes re-registration idempotent",
    )
    registered_on: date | None = Field(None, description="when it took effect (default: today)")


class RenameInstitution(Command):
    """Record a change of an institution's name."""

    group = "institution"
    verb = "rename"
    example = "gtt institution rename --institution-id ID --name 'New name'"

    institution_id: UUID
    name: str = Field(min_length=1, max_length=200)
    on: date | None = Field(None, description="when it took effect (default: today)")


class ReportHeadcount(Command):
    """Report an institution's on-post headcount (the base of intern caps, N-INT-11)."""

    group = "institution"
    verb = "report-headcount"
    example = "gtt institution report-headcount --institution-id ID --on-post-staff 420 --as-of 2025-03-01"

    institution_id: UUID
    on_post_staff: int = Field(ge=0)
    as_of: date


class OpenDepartment(Command):
    """Open a department with its number of teachers."""

    group = "institution"
    verb = "open-department"
    example = "gtt institution open-department --institution-id ID --name 'Mechanical' --teacher-count 40"

    institution_id: UUID
    name: str = Field(min_length=1, max_length=100)
    teacher_count: int = Field(0, ge=0)
    opened_on: date | None = Field(None, description="when it took effect (default: today)")


class CountDepartmentTeachers(Command):
    """Record a department's teacher count as of a date."""

    group = "institution"
    verb = "count-teachers"
    example = "gtt institution count-teachers --institution-id ID --name Mechanical --teacher-count 42 --as-of 2025-09-01"

    institution_id: UUID
    name: str = Field(min_length=1, max_length=100)
    teacher_count: int = Field(ge=0)
    as_of: date


class NameLiaison(Command):
    """Name a department's liaison for school–enterprise cooperation (P6-R8)."""

    group = "institution"
    verb = "name-liaison"
    example = "gtt institution name-liaison --institution-id ID --department Mechanical --person-id PID"

    institution_id: UUID
    department: str = Field(min_length=1, max_length=100)
    person_id: UUID
    on: date | None = Field(None, description="when it took effect (default: today)")


class OpenMajor(Command):
    """Open a major (specialty), optionally inside a department."""

    group = "institution"
    verb = "open-major"
    example = "gtt institution open-major --institution-id ID --code 660301 --name 'Refrigeration and AC'"

    institution_id: UUID
    code: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=200)
    department: str | None = Field(None, max_length=100)
    teacher_count: int = Field(0, ge=0)
    opened_on: date | None = Field(None, description="when it took effect (default: today)")


class CloseMajor(Command):
    """Close a major."""

    group = "institution"
    verb = "close-major"
    example = "gtt institution close-major --institution-id ID --code 660301"

    institution_id: UUID
    code: str = Field(min_length=1, max_length=40)
    on: date | None = Field(None, description="when it took effect (default: today)")


class AssessTeachingQuality(Command):
    """Record a school's annual teaching-quality score (P1-R7, P1-R11)."""

    group = "institution"
    verb = "assess-quality"
    example = "gtt institution assess-quality --institution-id ID --year 2025 --score 82.5 --assessor 'County bureau'"

    institution_id: UUID
    year: int = Field(ge=1990, le=2200)
    score: Decimal = Field(ge=0, le=1000)
    assessor: str = Field(min_length=1, max_length=200)
    assessed_on: date | None = Field(None, description="when it took effect (default: today)")


class ReportPostHeadcount(Command):
    """Report the staff on one post of a host (N-INT-11: interns at most 20% of them)."""

    group = "institution"
    verb = "report-post-headcount"
    example = ("gtt institution report-post-headcount --institution-id ID --post assembly "
               "--staff 40 --as-of 2025-03-01")

    institution_id: UUID
    post: str = Field(min_length=1, max_length=200, description="the post, as internships name it")
    staff: int = Field(ge=0)
    as_of: date


class RecordIntermediary(Command):
    """Record that an institution is (or, without --kind, is no longer) a labour-dispatch
    firm, HR agency or other intermediary, from a date (N-INT-9)."""

    group = "institution"
    verb = "record-intermediary"
    example = ("gtt institution record-intermediary --institution-id ID --kind labour_dispatch "
               "--on 2025-01-01 --basis 'business licence scope'")

    institution_id: UUID
    kind: IntermediaryKind | None = Field(None, description="omit: no longer an intermediary")
    on: date
    basis: str = Field(min_length=1, max_length=500, description="what the status rests on")


class RecordMajorDemonstration(Command):
    """Record the expert and employer examination (论证) of a new major (P6-R7)."""

    group = "institution"
    verb = "record-demonstration"
    example = ("gtt institution record-demonstration --institution-id ID --code 660301 "
               "--on 2025-05-20 --by 'Panel of 5 experts and 3 employers'")

    institution_id: UUID
    code: str = Field(min_length=1, max_length=40)
    on: date
    by: str = Field(min_length=1, max_length=300, description="who examined it")


#: the commands of this module, in the order of their help (an explicit list)
COMMANDS: tuple[type[Command], ...] = (
    RegisterInstitution,
    RenameInstitution,
    ReportHeadcount,
    OpenDepartment,
    CountDepartmentTeachers,
    NameLiaison,
    OpenMajor,
    CloseMajor,
    AssessTeachingQuality,
    ReportPostHeadcount,
    RecordIntermediary,
    RecordMajorDemonstration,
)
