"""Person: a student, teacher, cadre, principal, doctor, enterprise staff member or parent.

Personal data (name, national id, birth date, sex, guardian) lives in exactly one event
field, ``personal``, carried only by ``Registered`` and ``PersonalDataCorrected``. Keeping
it in one dict lets a per-person key encrypt (and later shred) exactly that field; every
other fact here and in other aggregates refers to the person by id only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from enum import StrEnum
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import event

from gtt_domain.domain.base import GttAggregate, check_period, state_type
from gtt_domain.domain.errors import DomainError
from gtt_domain.domain.meta import EventMeta


class PersonKind(StrEnum):
    STUDENT = "student"
    TEACHER = "teacher"
    CADRE = "cadre"
    PRINCIPAL = "principal"
    DOCTOR = "doctor"
    ENTERPRISE_STAFF = "enterprise_staff"
    PARENT = "parent"


#: the only keys ``personal`` may hold; ``name`` is required, the rest optional
PERSONAL_FIELDS = ("name", "national_id", "birth_date", "sex", "guardian_name", "guardian_phone")
#: role names are free but must be slugs so audits can match them (``backbone_teacher``)
ROLE_SLUG = re.compile(r"^[a-z][a-z0-9_]{1,48}$")

Personal = dict[str, str | None]

#: ages at or above this are retained as this number: no shipped or allowed rule
#: threshold (``min_age`` ≤ 30) tells them apart, and it keeps adults' ages coarse
AGE_CAP = 30


def check_role_slug(kind: str, command: str, role: str) -> None:
    if not ROLE_SLUG.match(role):
        raise DomainError(kind, command, f"role {role!r} is not a slug like 'backbone_teacher'")


def check_personal(command: str, personal: dict[str, Any], *, partial: bool) -> None:
    """Unknown keys, a missing or empty name, or an unreadable birth date cannot be true."""
    unknown = set(personal) - set(PERSONAL_FIELDS)
    if unknown:
        raise DomainError("person", command, f"unknown personal fields {sorted(unknown)}")
    if (not partial or "name" in personal) and not (personal.get("name") or "").strip():
        raise DomainError("person", command, "personal data needs a name")
    for key, value in personal.items():
        if value is not None and not isinstance(value, str):
            raise DomainError("person", command, f"personal field {key!r} must be text")
    birth = personal.get("birth_date")
    if birth is not None:
        try:
            date.fromisoformat(birth)
        except ValueError:
            raise DomainError("person", command, f"birth_date {birth!r} is not an ISO date") from None


@state_type
class RoleSpell:
    """A role held from ``since`` until ``until`` (exclusive; ``None`` = still held)."""

    role: str
    since: date
    until: date | None = None


@state_type
class HomeSpell:
    """The home institution from ``since`` (``None`` = from registration)."""

    institution_id: str | None
    since: date | None


@state_type
class Enrolment:
    institution_id: str
    major_code: str
    department: str | None
    admitted_on: date
    semester_at_admission: int = 1


@state_type
class RetainedAge:
    """The person's completed years on ``on`` (capped at :data:`AGE_CAP`; None when no birth
    date was on record), as the birth date recorded by the event at ``source_version`` said."""

    on: date
    age: int | None
    source_version: int


def completed_years(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def birth_date_sources(events: Iterable[Any]) -> list[tuple[int, date | None]]:
    """``(version, birth date or None)`` of each of a person's events that set (or cleared)
    the birth date, from events whose ``personal`` is still readable."""
    out: list[tuple[int, date | None]] = []
    for e in events:
        personal = getattr(e, "personal", None)
        if not isinstance(personal, dict):
            continue
        if isinstance(e, Person.Registered) or "birth_date" in personal:
            raw = personal.get("birth_date")
            out.append((e.originator_version, date.fromisoformat(raw) if raw else None))
    return out


def ages_to_retain(sources: list[tuple[int, date | None]], days: Iterable[date]) -> list[RetainedAge]:
    """The person's age on each of ``days`` under each recorded birth date."""
    wanted = sorted(set(days))
    return [RetainedAge(on=d, age=min(completed_years(born, d), AGE_CAP) if born else None,
                        source_version=version)
            for version, born in sources for d in wanted]


def retained_age_on(retained: Iterable[Any], applied_versions: Iterable[int]) -> Callable[[date], int | None] | None:
    """The age on a day as the retained facts give it, for a fold that applied
    ``applied_versions`` of the person's events: the ages under the latest birth date those
    events had recorded. None when nothing was retained for them."""
    applied = set(applied_versions)
    entries = [a for e in retained for a in e.ages if a.source_version in applied]
    if not entries:
        return None
    latest = max(a.source_version for a in entries)
    table = {a.on: a.age for a in entries if a.source_version == latest}
    return table.get


class Person(GttAggregate):
    KIND = "person"

    class Registered(GttAggregate.Created):
        kind: str
        home_institution_id: str | None
        external_id: str | None
        personal: Personal | None
        meta: EventMeta

    class PersonalDataCorrected(GttAggregate.Event):
        """Only the corrected keys; a ``None`` value clears that key."""

        personal: Personal | None
        meta: EventMeta

    class AuditFactsRetained(GttAggregate.Event):
        """Before an erasure: the non-personal facts the audit rules read from the personal
        data (the person's age on each start date of their internships), so findings stay
        as they were, as known before and after the erasure."""

        #: read unbounded by time-travel folds (``Fold.retained``): they restate facts
        #: known since the birth date was recorded, not since the erasure
        RETAINED_FOR_AUDIT: ClassVar[bool] = True
        ages: list[RetainedAge]
        meta: EventMeta

    class PersonalDataErased(GttAggregate.Event):
        """v2 also records who asked for the erasure and its legal basis."""

        class_version = 2
        requester: str | None
        legal_basis: str | None
        meta: EventMeta

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["requester"] = None
            state["legal_basis"] = None

    class RoleAssigned(GttAggregate.Event):
        role: str
        since: date
        meta: EventMeta

    class RoleRevoked(GttAggregate.Event):
        role: str
        on: date
        meta: EventMeta

    class Transferred(GttAggregate.Event):
        home_institution_id: str
        on: date
        meta: EventMeta

    class EnrolledInMajor(GttAggregate.Event):
        institution_id: str
        major_code: str
        department: str | None
        admitted_on: date
        semester_at_admission: int
        meta: EventMeta

    class SemesterRecorded(GttAggregate.Event):
        semester: int
        as_of: date
        meta: EventMeta

    @event(Registered)
    def __init__(
        self,
        id: UUID,  # noqa: A002
        kind: str,
        home_institution_id: str | None,
        external_id: str | None,
        personal: Personal | None,
        meta: EventMeta,
    ) -> None:
        self.kind = kind
        self.home_institution_id = home_institution_id
        self.external_id = external_id
        # not a dict when a later release has shredded the field: keep None, never guess
        self.personal: Personal | None = dict(personal) if isinstance(personal, dict) else None
        self.erased = False
        self.homes: list[HomeSpell] = [HomeSpell(institution_id=home_institution_id, since=None)]
        self.roles: list[RoleSpell] = []
        self.enrolment: Enrolment | None = None
        self.semesters: dict[str, int] = {}  # as_of.isoformat() -> semester

    @classmethod
    def register(
        cls,
        id: UUID,  # noqa: A002
        kind: str,
        home_institution_id: str | None,
        external_id: str | None,
        personal: Personal,
        meta: EventMeta,
    ) -> Person:
        """Guarded creation: the kind must be known and personal data well formed."""
        if kind not in {k.value for k in PersonKind}:
            raise DomainError("person", "register", f"unknown person kind {kind!r}")
        check_personal("register", personal, partial=False)
        return cls(id=id, kind=kind, home_institution_id=home_institution_id,
                   external_id=external_id, personal=dict(personal), meta=meta)

    # --- queries ---------------------------------------------------------------------

    @property
    def birth_date(self) -> date | None:
        raw = (self.personal or {}).get("birth_date")
        return date.fromisoformat(raw) if raw else None

    def age_on(self, day: date) -> int | None:
        """Completed years on ``day`` (None when the birth date is unknown or erased)."""
        born = self.birth_date
        if born is None:
            return None
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def roles_on(self, day: date) -> set[str]:
        return {r.role for r in self.roles if r.since <= day and (r.until is None or day < r.until)}

    def holds_role(self, role: str) -> bool:
        return any(r.role == role and r.until is None for r in self.roles)

    def home_on(self, day: date) -> str | None:
        """The home institution on ``day`` (the registered one before any transfer)."""
        home = self.homes[0].institution_id
        for spell in self.homes[1:]:
            if spell.since is not None and spell.since <= day:
                home = spell.institution_id
        return home

    def semester_on(self, day: date) -> int | None:
        """The student's semester of study on ``day``.

        The latest ``SemesterRecorded`` dated on or before ``day`` wins. Without one, the
        semester is computed from the enrolment: ``semester_at_admission`` plus one per full
        half year since ``admitted_on``. That approximation assumes semesters start every
        six months from admission (September/March in practice, so it can be a few weeks
        off around the spring start) and ignores suspended study; record a semester to
        override it. ``None`` for non-students, before admission, or with neither fact.
        """
        recorded = [k for k in self.semesters if k <= day.isoformat()]
        if recorded:
            return self.semesters[max(recorded)]
        enr = self.enrolment
        if enr is None or day < enr.admitted_on:
            return None
        months = (day.year - enr.admitted_on.year) * 12 + day.month - enr.admitted_on.month
        if day.day < enr.admitted_on.day:
            months -= 1
        return enr.semester_at_admission + months // 6

    # --- commands --------------------------------------------------------------------

    def correct_personal_data(self, changes: Personal, meta: EventMeta) -> None:
        self._require_not_erased("correct_personal_data")
        check_personal("correct_personal_data", changes, partial=True)
        current = self.personal or {}
        effective = {k: v for k, v in changes.items() if current.get(k) != v}
        if not effective:
            self.refuse("correct_personal_data", "nothing differs from the recorded data")
        self._personal_data_corrected(personal=effective, meta=meta)

    def retain_audit_facts(self, ages: list[RetainedAge], meta: EventMeta) -> None:
        self._require_not_erased("retain_audit_facts")
        if not ages:
            self.refuse("retain_audit_facts", "no facts to retain")
        self._audit_facts_retained(ages=list(ages), meta=meta)

    def erase_personal_data(self, meta: EventMeta, requester: str | None = None,
                            legal_basis: str | None = None) -> None:
        self._require_not_erased("erase_personal_data")
        self._personal_data_erased(requester=requester, legal_basis=legal_basis, meta=meta)

    def assign_role(self, role: str, since: date, meta: EventMeta) -> None:
        check_role_slug(self.KIND, "assign_role", role)
        if self.holds_role(role):
            self.refuse("assign_role", f"already holds role {role!r}")
        self._role_assigned(role=role, since=since, meta=meta.effective_on(since))

    def revoke_role(self, role: str, on: date, meta: EventMeta) -> None:
        held = [r for r in self.roles if r.role == role and r.until is None]
        if not held:
            self.refuse("revoke_role", f"does not hold role {role!r}")
        check_period(self.KIND, "revoke_role", held[0].since, on)
        self._role_revoked(role=role, on=on, meta=meta.effective_on(on))

    def transfer(self, home_institution_id: str, on: date, meta: EventMeta) -> None:
        if home_institution_id == self.home_institution_id:
            self.refuse("transfer", f"already at institution {home_institution_id}")
        last = self.homes[-1].since
        if last is not None and on < last:
            self.refuse("transfer", f"dated {on}, before the previous transfer on {last}")
        self._transferred(home_institution_id=home_institution_id, on=on, meta=meta.effective_on(on))

    def enrol_in_major(
        self, institution_id: str, major_code: str, department: str | None,
        admitted_on: date, semester_at_admission: int, meta: EventMeta,
    ) -> None:
        self._require_student("enrol_in_major")
        if semester_at_admission < 1:
            self.refuse("enrol_in_major", "semester at admission must be at least 1")
        new = Enrolment(institution_id, major_code, department, admitted_on, semester_at_admission)
        if new == self.enrolment:
            self.refuse("enrol_in_major", f"already enrolled in major {major_code!r}")
        self._enrolled_in_major(
            institution_id=institution_id, major_code=major_code, department=department,
            admitted_on=admitted_on, semester_at_admission=semester_at_admission,
            meta=meta.effective_on(admitted_on),
        )

    def record_semester(self, semester: int, as_of: date, meta: EventMeta) -> None:
        self._require_student("record_semester")
        if semester < 1:
            self.refuse("record_semester", "semester must be at least 1")
        if self.semesters.get(as_of.isoformat()) == semester:
            self.refuse("record_semester", f"semester {semester} already recorded as of {as_of}")
        self._semester_recorded(semester=semester, as_of=as_of, meta=meta.effective_on(as_of))

    def _require_not_erased(self, command: str) -> None:
        if self.erased:
            self.refuse(command, "personal data has been erased")

    def _require_student(self, command: str) -> None:
        if self.kind != PersonKind.STUDENT:
            self.refuse(command, f"only students have majors and semesters, not a {self.kind}")

    # --- mutators (no guards: replay never re-judges history) -------------------------

    @event(PersonalDataCorrected)
    def _personal_data_corrected(self, personal: Personal | None, meta: EventMeta) -> None:
        if isinstance(personal, dict) and self.personal is not None:
            merged = {**self.personal, **personal}
            self.personal = {k: v for k, v in merged.items() if v is not None}

    @event(AuditFactsRetained)
    def _audit_facts_retained(self, ages: list[RetainedAge], meta: EventMeta) -> None:
        pass  # read by the audits from the event itself (retained_age_on), not from state

    @event(PersonalDataErased)
    def _personal_data_erased(self, requester: str | None, legal_basis: str | None,
                              meta: EventMeta) -> None:
        self.personal = None
        self.erased = True

    @event(RoleAssigned)
    def _role_assigned(self, role: str, since: date, meta: EventMeta) -> None:
        self.roles.append(RoleSpell(role=role, since=since))

    @event(RoleRevoked)
    def _role_revoked(self, role: str, on: date, meta: EventMeta) -> None:
        for spell in self.roles:
            if spell.role == role and spell.until is None:
                spell.until = on

    @event(Transferred)
    def _transferred(self, home_institution_id: str, on: date, meta: EventMeta) -> None:
        self.home_institution_id = home_institution_id
        self.homes.append(HomeSpell(institution_id=home_institution_id, since=on))

    @event(EnrolledInMajor)
    def _enrolled_in_major(
        self, institution_id: str, major_code: str, department: str | None,
        admitted_on: date, semester_at_admission: int, meta: EventMeta,
    ) -> None:
        self.enrolment = Enrolment(institution_id, major_code, department, admitted_on,
                                   semester_at_admission)

    @event(SemesterRecorded)
    def _semester_recorded(self, semester: int, as_of: date, meta: EventMeta) -> None:
        self.semesters[as_of.isoformat()] = semester
