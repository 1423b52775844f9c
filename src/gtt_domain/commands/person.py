"""Commands on persons. Personal fields are flat here (one CLI option each); the handler
folds them into the one ``personal`` field that Person events carry."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field, model_validator

from gtt_domain.commands.base import Command
from gtt_domain.domain.person import PERSONAL_FIELDS, PersonKind

RoleSlug = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,48}$",
                                description="a slug such as backbone_teacher")]
Sex = Literal["female", "male", "unspecified"]
Phone = Annotated[str, Field(pattern=r"^\+?[0-9][0-9 \-]{4,24}$", description="digits, spaces, dashes")]
NationalId = Annotated[str, Field(min_length=4, max_length=40, pattern=r"^[0-9A-Za-z\-]+$")]
PersonName = Annotated[str, Field(min_length=1, max_length=100)]
ClearableField = Literal["national_id", "birth_date", "sex", "guardian_name", "guardian_phone"]


class _PersonalFields(Command):
    def personal(self) -> dict[str, str | None]:
        """The set personal fields as the single ``personal`` dict (dates as ISO text)."""
        out: dict[str, str | None] = {}
        for key in PERSONAL_FIELDS:
            value = getattr(self, key)
            if value is not None:
                out[key] = value.isoformat() if isinstance(value, date) else str(value)
        return out


class RegisterPerson(_PersonalFields):
    """Register a person; with an external id (student or staff number) re-registration
    returns the same id and records nothing."""

    group = "person"
    verb = "register"
    example = ("gtt person register --kind student --home-institution-id ID "
               "--external-id S2025001 --name 'Lin Xiaoyu' --birth-date 2008-05-04")

    kind: PersonKind
    home_institution_id: UUID | None = Field(None, description="school, enterprise or hospital")
    external_id: str | None = Field(None, min_length=1, max_length=100,
                                    description="student or staff number; makes registration idempotent")
    name: PersonName
    national_id: NationalId | None = None
    birth_date: date | None = None
    sex: Sex | None = None
    guardian_name: PersonName | None = None
    guardian_phone: Phone | None = None
    registered_on: date | None = Field(None, description="when it took effect (default: today)")


class CorrectPersonalData(_PersonalFields):
    """Correct a person's personal data: the fields given replace the recorded ones;
    ``clear`` removes optional fields. Refused once the data has been erased."""

    group = "person"
    verb = "correct-personal"
    example = "gtt person correct-personal --person-id PID --national-id 350524200805041234"

    person_id: UUID
    name: PersonName | None = None
    national_id: NationalId | None = None
    birth_date: date | None = None
    sex: Sex | None = None
    guardian_name: PersonName | None = None
    guardian_phone: Phone | None = None
    clear: list[ClearableField] = Field(default_factory=list, description="fields to remove")

    @model_validator(mode="after")
    def _something_to_correct(self) -> CorrectPersonalData:
        both = set(self.personal()) & set(self.clear)
        if both:
            raise ValueError(f"fields both given and cleared: {sorted(both)}")
        if not self.personal() and not self.clear:
            raise ValueError("give at least one personal field to correct or clear")
        return self

    def changes(self) -> dict[str, str | None]:
        out = self.personal()
        out.update({key: None for key in self.clear})
        return out


class ErasePersonalData(Command):
    """Erase a person's personal data (PIPL); the non-personal facts stay, and the facts the
    audit rules derive from the personal data (ages on internship start dates) are first
    recorded as events of their own."""

    group = "person"
    verb = "erase-personal"
    example = ("gtt person erase-personal --person-id PID --requester 'data subject' "
               "--legal-basis 'PIPL art. 47'")

    person_id: UUID
    requester: str | None = Field(None, min_length=1, max_length=200,
                                  description="who asked for the erasure (a role or case reference, not a name)")
    legal_basis: str | None = Field(None, min_length=1, max_length=200,
                                    description="the legal basis of the erasure (e.g. PIPL art. 47)")


class AssignPersonRole(Command):
    """Record that a person holds a role (backbone_teacher, mid_level_cadre…) from a date."""

    group = "person"
    verb = "assign-role"
    example = "gtt person assign-role --person-id PID --role backbone_teacher --since 2024-09-01"

    person_id: UUID
    role: RoleSlug
    since: date


class RevokePersonRole(Command):
    """Record that a person no longer holds a role from a date."""

    group = "person"
    verb = "revoke-role"
    example = "gtt person revoke-role --person-id PID --role backbone_teacher --on 2025-08-31"

    person_id: UUID
    role: RoleSlug
    on: date


class TransferPerson(Command):
    """Record a move to a new home institution."""

    group = "person"
    verb = "transfer"
    example = "gtt person transfer --person-id PID --institution-id IID --on 2025-09-01"

    person_id: UUID
    institution_id: UUID
    on: date


class EnrolInMajor(Command):
    """Enrol a student in a major the institution has opened."""

    group = "person"
    verb = "enrol"
    example = ("gtt person enrol --person-id PID --institution-id IID --major-code 660301 "
               "--admitted-on 2024-09-01")

    person_id: UUID
    institution_id: UUID
    major_code: str = Field(min_length=1, max_length=40)
    department: str | None = Field(None, max_length=100,
                                   description="defaults to the major's department")
    admitted_on: date
    semester_at_admission: int = Field(1, ge=1, le=12)


class RecordSemester(Command):
    """Record a student's semester of study as of a date (overrides the computed one)."""

    group = "person"
    verb = "record-semester"
    example = "gtt person record-semester --person-id PID --semester 5 --as-of 2026-09-01"

    person_id: UUID
    semester: int = Field(ge=1, le=12)
    as_of: date


#: the commands of this module, in the order of their help (an explicit list)
COMMANDS: tuple[type[Command], ...] = (
    RegisterPerson,
    CorrectPersonalData,
    ErasePersonalData,
    AssignPersonRole,
    RevokePersonRole,
    TransferPerson,
    EnrolInMajor,
    RecordSemester,
)
