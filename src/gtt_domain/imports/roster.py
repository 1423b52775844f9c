"""``--kind roster``: one sheet of students, schools, hosts, posts and periods.

A row names the school and the host by code (an institution's external id, e.g. the
unified social credit code) or by name, and the student by student number (学号). For
each row the import

1. matches the school and the host — an institution whose external id is the cell, else
   (through ``resolve``, which the CLI answers from the read tables) the one institution
   with that name — or registers it (kind school; host: ``host_kind``, default
   enterprise) with the cell as its external id;
2. matches the student by student number or registers them (personal data: name, ID
   number, birth date, sex, guardian — kept only in the person's events, as always);
3. with a major: opens it at the school if the school has no major of that code, and
   enrols the student when the admission date is given;
4. places the internship, named by ``external_id`` (编号) or, without one, by
   ``student number/host/start``.

The whole sheet is checked first; then every row is recorded in **one transaction**:
all rows or none. Every step is skipped when already recorded (a registered student or
institution is matched, not changed), so importing the same sheet again records nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

from pydantic import ValidationError

from gtt_domain.application.errors import BatchError
from gtt_domain.commands import institution as inst
from gtt_domain.commands import internship as it
from gtt_domain.commands import person as pe
from gtt_domain.commands.base import Command
from gtt_domain.domain.base import natural_id
from gtt_domain.domain.errors import (
    ConflictError,
    DomainError,
    GttError,
    NotAuthorisedError,
    NotFoundError,
)
from gtt_domain.domain.institution import Institution
from gtt_domain.domain.internship_state import InternshipKind, PostCategory, ProgrammeForm
from gtt_domain.domain.person import Person
from gtt_domain.domain.values import InstitutionKind, SchoolStage
from gtt_domain.imports.reading import RawRow, RowProblem, read_rows
from gtt_domain.imports.runner import ImportReport, RowError
from gtt_domain.imports.values import as_text, coerce

if TYPE_CHECKING:
    from gtt_domain.application.app import GttApplication

#: ``resolve(kind, text)``: the id of the one ``kind`` named ``text`` (its name), else None
Resolve = Callable[[str, str], "UUID | None"]

#: column -> (type, required, Chinese and other headers)
COLUMNS: dict[str, tuple[Any, bool, tuple[str, ...]]] = {
    "student_number": (str, True, ("学号", "student_no", "student_id")),
    "name": (str, True, ("姓名", "student_name", "student")),
    "national_id": (str, False, ("身份证号", "身份证号码", "id_number")),
    "birth_date": (date, False, ("出生日期", "birthday")),
    "sex": (pe.Sex, False, ("性别", "gender")),
    "guardian_name": (str, False, ("监护人", "监护人姓名")),
    "guardian_phone": (str, False, ("监护人电话", "监护人联系电话")),
    "school": (str, True, ("学校", "学校名称", "学校编号", "school_code")),
    "school_stage": (SchoolStage, False, ("学段",)),
    "school_region": (str, False, ("学校区县", "学校地区")),
    "major": (str, False, ("专业", "专业名称")),
    "major_code": (str, False, ("专业代码",)),
    "admitted_on": (date, False, ("入学日期", "入学时间")),
    "host": (str, True, ("实习单位", "接收单位", "实习单位名称", "企业", "host_code")),
    "host_kind": (InstitutionKind, False, ("单位类型", "实习单位类型")),
    "host_region": (str, False, ("单位区县", "实习单位区县", "实习单位地区")),
    "region": (str, False, ("区县", "地区")),
    "agreement": (str, False, ("协议", "协议编号", "agreement_number")),
    "kind": (InternshipKind, False, ("实习类型", "类型")),
    "programme": (ProgrammeForm, False, ("培养模式",)),
    "post": (str, True, ("岗位", "实习岗位", "job")),
    "post_category": (PostCategory, False, ("岗位类别",)),
    "planned_start": (date, True, ("开始日期", "计划开始", "实习开始", "start", "start_date")),
    "planned_end": (date, True, ("结束日期", "计划结束", "实习结束", "end", "end_date")),
    "external_id": (str, False, ("编号", "实习编号", "internship", "internship_number")),
}
_HEADERS = {alias.lower(): col for col, (_, _, aliases) in COLUMNS.items() for alias in (col, *aliases)}


def canonical(header: str) -> str | None:
    h = header.strip()
    return _HEADERS.get(h.lower()) or _HEADERS.get(h.lower().replace(" ", "_"))


@dataclass
class RosterRow:
    raw: RawRow
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)

    def where(self, col: str) -> str:
        return self.raw.headers.get(col, col)

    @property
    def internship_key(self) -> str:
        v = self.values
        return v.get("external_id") or f"{v['student_number']}/{v['host']}/{v['planned_start'].isoformat()}"


def parse_row(raw: RawRow) -> RosterRow:
    row = RosterRow(raw, problems=list(raw.problems))
    if raw.problems:
        return row
    for col, (ann, required, _) in COLUMNS.items():
        value = raw.cells.get(col)
        if value is None:
            if required:
                row.problems.append(RowProblem(row.where(col), "is required"))
            continue
        try:
            row.values[col] = coerce(ann, value) if ann is not str else str(as_text(value)).strip()
        except ValueError as e:
            row.problems.append(RowProblem(row.where(col), f"{e} (got {value!r})"))
    if row.values.get("major") and not row.values.get("admitted_on"):
        row.problems.append(RowProblem(row.where("major"), "needs the admission date (入学日期, admitted_on) "
                                                           "to enrol the student; add it or leave the major out"))
    return row


class _Plan:
    """Turns checked rows into the commands still to record, skipping what is recorded."""

    def __init__(self, app: GttApplication, resolve: Resolve | None, default_region: str | None):
        self.app, self.resolve, self.default_region = app, resolve, default_region
        self.institutions: dict[str, UUID] = {}  # cell -> id (matched or registered here)
        self.registered: set[UUID] = set()  # registered by this import
        self.persons: dict[str, tuple[UUID, str]] = {}  # student number -> (id, name on its first row)
        self.majors: set[tuple[UUID, str]] = set()
        self.enrolled: set[UUID] = set()
        self.internships: dict[str, int] = {}  # key -> first line

    def _exists(self, aggregate_id: UUID) -> bool:
        return bool(self.app.recorder.select_events(aggregate_id, lte=1, limit=1))

    def institution(self, row: RosterRow, col: str, kind: InstitutionKind,
                    out: list[Command]) -> UUID | None:
        cell = row.values[col]
        if cell in self.institutions:
            return self.institutions[cell]
        iid = natural_id("institution", cell)
        if not self._exists(iid):
            by_name = self.resolve("institution", cell) if self.resolve is not None else None
            if by_name is not None:
                iid = by_name
            else:
                region = (row.values.get(f"{col}_region") or row.values.get("region") or self.default_region)
                if not region:
                    row.problems.append(RowProblem(row.where(col), f"no institution {cell!r} is recorded; to "
                                                   f"register it give its region ({col}_region or region "
                                                   "column, or --region)"))
                    return None
                out.append(self._validated(row, col, inst.RegisterInstitution, {
                    "kind": kind, "name": cell, "region": region, "external_id": cell,
                    "school_stage": row.values.get("school_stage") if kind is InstitutionKind.SCHOOL else None}))
                self.registered.add(iid)
        self.institutions[cell] = iid
        return iid

    def _validated(self, row: RosterRow, col: str, model: type[Command], fields: dict[str, Any]) -> Command:
        try:
            return model.model_validate(fields)
        except ValidationError as e:
            for err in e.errors(include_url=False):
                field = str(err["loc"][0]) if err["loc"] else ""
                value = err.get("input")
                got = f" (got {value!r})" if isinstance(value, str | int | float) else ""
                if field in COLUMNS:  # the command's field is the sheet's column (national_id, post…)
                    row.problems.append(RowProblem(row.where(field), f"{err['msg']}{got}"))
                else:
                    row.problems.append(RowProblem(row.where(col), f"{field}: {err['msg']}{got}"))
            raise _Stop() from None

    def commands(self, row: RosterRow) -> list[Command]:
        out: list[Command] = []
        try:
            return self._commands(row, out)
        except _Stop:
            return []

    def _commands(self, row: RosterRow, out: list[Command]) -> list[Command]:
        v = row.values
        school = self.institution(row, "school", InstitutionKind.SCHOOL, out)
        host = self.institution(row, "host", v.get("host_kind") or InstitutionKind.ENTERPRISE, out)
        number = v["student_number"]
        pid = natural_id("person", number)
        seen = self.persons.get(number)
        if seen is not None and seen[1] != v["name"]:
            row.problems.append(RowProblem(row.where("name"), f"student number {number!r} is named {seen[1]!r} "
                                                              "on an earlier row"))
        if seen is None:
            self.persons[number] = (pid, v["name"])
            if not self._exists(pid):
                personal = {k: v.get(k) for k in ("name", "national_id", "birth_date", "sex", "guardian_name",
                                                   "guardian_phone")}
                out.append(self._validated(row, "student_number", pe.RegisterPerson, {
                    "kind": "student", "home_institution_id": school, "external_id": number, **personal}))
                self.registered.add(pid)
        key = row.internship_key
        first = self.internships.setdefault(key, row.raw.line)
        if first != row.raw.line:
            row.problems.append(RowProblem(row.where("external_id"), f"repeats the internship of line {first} "
                                                                     f"(same key {key!r})"))
        if school is None or host is None or row.problems:
            return []
        if v.get("major"):
            self._major(row, school, pid, out)
        agreement = None
        if v.get("agreement"):
            agreement = natural_id("agreement", v["agreement"])
            if not self._exists(agreement):
                row.problems.append(RowProblem(row.where("agreement"), f"no agreement with external id "
                                                                       f"{v['agreement']!r} is recorded"))
                return []
        iid = natural_id("internship", key)
        if not self._exists(iid):
            out.append(self._validated(row, "external_id", it.PlaceIntern, {
                "student_id": pid, "school_id": school, "host_id": host, "agreement_id": agreement,
                "kind": v.get("kind") or InternshipKind.POST, "programme": v.get("programme") or ProgrammeForm.NONE,
                "post": v["post"], "post_category": v.get("post_category") or PostCategory.ORDINARY,
                "planned_start": v["planned_start"], "planned_end": v["planned_end"], "external_id": key}))
        return out

    def _major(self, row: RosterRow, school: UUID, pid: UUID, out: list[Command]) -> None:
        v = row.values
        code = v.get("major_code") or v["major"]
        if (school, code) not in self.majors:
            self.majors.add((school, code))
            opened = school not in self.registered and code in self._load(school, Institution).majors
            if not opened:
                out.append(self._validated(row, "major", inst.OpenMajor,
                                           {"institution_id": school, "code": code, "name": v["major"]}))
        if pid in self.enrolled:
            return
        self.enrolled.add(pid)
        enrolment = None if pid in self.registered else self._load(pid, Person).enrolment
        if enrolment is None or (enrolment.institution_id, enrolment.major_code, enrolment.admitted_on) != (
                str(school), code, v["admitted_on"]):
            out.append(self._validated(row, "major", pe.EnrolInMajor, {
                "person_id": pid, "institution_id": school, "major_code": code, "admitted_on": v["admitted_on"]}))

    def _load(self, aggregate_id: UUID, kind: type) -> Any:
        agg: Any = self.app.repository.get(aggregate_id)
        if not isinstance(agg, kind):
            raise GttError(f"{aggregate_id} is not a {kind.__name__}")
        return agg


class _Stop(Exception):
    pass


def import_roster(app: GttApplication, path: str | Path, *,
                  fmt: str | None = None, encoding: str | None = None, sheet: str | None = None,
                  resolve: Resolve | None = None, default_region: str | None = None,
                  progress: Any = None, **meta: Any) -> ImportReport:
    """Check every row, then record the whole roster in one transaction (or nothing)."""
    report = ImportReport("roster", str(path))
    plan = _Plan(app, resolve, default_region)
    commands: list[Command] = []
    lines: list[int] = []  # the row of each command
    for raw in _raw_rows(path, fmt, encoding, sheet):
        report.rows += 1
        if progress is not None:
            progress("validate", 1, None)
        row = parse_row(raw)
        cmds = plan.commands(row) if not row.problems else []
        if row.problems:
            report.bad_rows += 1
            report.add(raw.line, row.problems)
            continue
        if not cmds:
            report.skipped += 1
        commands.extend(cmds)
        lines.extend([raw.line] * len(cmds))
    if report.bad_rows or not commands:
        return report
    meta.setdefault("correlation_id", f"import:roster:{Path(path).name}")
    meta.setdefault("reason", f"imported from {Path(path).name}")
    try:
        app.handle_batch(commands, **meta)
    except (BatchError, DomainError, NotFoundError) as e:
        index, cause = (e.index, e.error) if isinstance(e, BatchError) else (0, e)
        if isinstance(cause, ConflictError | NotAuthorisedError):
            raise cause from e
        report.refused = RowError(lines[index], "-", f"refused: {cause}")
        return report
    report.written = len(set(lines))
    report.batches = 1
    return report


def _raw_rows(path: str | Path, fmt: str | None, encoding: str | None, sheet: str | None) -> Iterator[RawRow]:
    yield from read_rows(path, canonical, fmt, encoding=encoding, sheet=sheet)


__all__ = ["COLUMNS", "canonical", "import_roster", "parse_row"]
