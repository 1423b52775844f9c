"""Persons: kind, home institution, major and roles; never personal data.

Name, national id, birth date, sex and guardian stay in the (encrypted) Person events:
the read tables hold ids and facts only (tests/reliability/test_read_side_privacy.py
scans the whole database for them). ``erased`` records that the personal data was erased.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from gtt_projections.projection import GttProjection
from gtt_projections.tables.persons import (
    NAME,
    TABLES,
    VERSION,
    person_roles,
    persons,
)
from gtt_projections.writer import RowWriter

from gtt_domain.domain.person import Person as P


def _touch(rows: RowWriter, e: Any, **values: Any) -> None:
    rows.update(persons, {"id": str(e.originator_id)},
                updated_at=e.meta.recorded_at, version=e.originator_version, **values)


class Persons(GttProjection):
    name = NAME
    defer_indexes = True  # handlers read rows by primary key only
    version = VERSION
    tables = TABLES

    @singledispatchmethod
    def apply(self, event: Any, rows: RowWriter) -> None:
        """Events of other aggregates."""

    @apply.register
    def _(self, e: P.Registered, rows: RowWriter) -> None:
        rows.insert(persons, {
            "id": str(e.originator_id), "kind": e.kind,
            "home_institution_id": e.home_institution_id, "external_id": e.external_id,
            "major_institution_id": None, "major_code": None, "department": None,
            "admitted_on": None, "semester_at_admission": None, "semester": None,
            "semester_as_of": None,
            # shredded before this replay: the field no longer decodes to a dict
            "erased": not isinstance(e.personal, dict),
            "registered_at": e.meta.effective, "updated_at": e.meta.recorded_at,
            "version": e.originator_version,
        })

    @apply.register
    def _(self, e: P.PersonalDataCorrected, rows: RowWriter) -> None:
        _touch(rows, e)  # the corrected values are personal: nothing else to keep

    @apply.register
    def _(self, e: P.PersonalDataErased, rows: RowWriter) -> None:
        _touch(rows, e, erased=True)

    @apply.register
    def _(self, e: P.RoleAssigned, rows: RowWriter) -> None:
        _touch(rows, e)
        rows.put(person_roles, {"person_id": str(e.originator_id), "role": e.role,
                                "since": e.since, "until": None})

    @apply.register
    def _(self, e: P.RoleRevoked, rows: RowWriter) -> None:
        _touch(rows, e)
        rows.update(person_roles, {"person_id": str(e.originator_id), "role": e.role}, until=e.on)

    @apply.register
    def _(self, e: P.Transferred, rows: RowWriter) -> None:
        _touch(rows, e, home_institution_id=e.home_institution_id)

    @apply.register
    def _(self, e: P.EnrolledInMajor, rows: RowWriter) -> None:
        _touch(rows, e, major_institution_id=e.institution_id, major_code=e.major_code,
               department=e.department, admitted_on=e.admitted_on,
               semester_at_admission=e.semester_at_admission)

    @apply.register
    def _(self, e: P.SemesterRecorded, rows: RowWriter) -> None:
        row = rows.get(persons, {"id": str(e.originator_id)})
        latest = row["semester_as_of"] if row else None
        if latest is None or e.as_of >= latest:  # the latest dated record wins, as in Person
            _touch(rows, e, semester=e.semester, semester_as_of=e.as_of)
        else:
            _touch(rows, e)
