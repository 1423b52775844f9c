"""``gtt internships list|show|attendance``: internships from the read tables."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import click
from gtt_cli.commands.readside_common import no_catch_up, print_detail, print_list
from gtt_cli.context import GttContext, pass_gtt
from gtt_cli.ids import AGREEMENT_ID, INSTITUTION_ID, INTERNSHIP_ID, PERSON_ID
from gtt_cli.output import output_options, render
from gtt_cli.params import DAY
from gtt_cli.readside import read_model
from gtt_projections.queries.internships import (
    AttendanceDay,
    InternshipSummary,
    get_internship,
    list_attendance,
    list_internships,
)

from gtt_domain.domain.internship_values import InternshipKind, ProgrammeForm, Status

section = "query"

TABLE_COLUMNS = ("id", "student", "school", "host", "status", "planned_start", "attendance_days")
#: names shown beside the ids in tables
NAMES = {"student": ("person", "student_id"), "school": ("institution", "school_id"),
         "host": ("institution", "host_id"), "agreement": ("agreement", "agreement_id"),
         "accompanying_teacher": ("person", "accompanying_teacher_id"), "mentor": ("person", "mentor_id")}
ALL_COLUMNS = tuple(InternshipSummary.model_fields)
ATTENDANCE_TABLE = ("day", "hours", "overtime_hours", "night_shift", "statutory_holiday", "channel",
                    "attested_by_host")
ATTENDANCE_COLUMNS = tuple(AttendanceDay.model_fields)
CHILDREN = {
    "leave": ("request", "asked_on", "first_day", "last_day", "written", "approved", "decided_on"),
    "pay": ("period_start", "period_end", "amount", "regular_wage", "ratio", "paid_on"),
    "evaluations": ("by", "score", "on", "comment"),
    "documents": ("doc", "n", "provided_on", "cover_from", "cover_to", "withdrawn_on"),
}



def _choice(enum: Any) -> click.Choice:
    return click.Choice([k.value for k in enum])


@click.group(help="""List internships, show one and its attendance, from the read tables.

\b
Example:
  gtt internships list --host 0b9d3c1e-5f7a-4e59-9a55-3f0c7d1e2a10 --status started""")
def internships() -> None:
    pass


@internships.command("list", help="""List internships by planned start, optionally filtered.

--from/--to keep internships whose period (actual start/end where recorded, else the
planned ones) overlaps the range. JSON/CSV rows carry every field of the schema
reference (projections/README.md); the table shows the main ones.

\b
Example:
  gtt internships list --host ENT_ID --from 2025-03-01 --to 2025-06-30 --format json""")
@click.option("--host", "--host-id", "host_id", type=INSTITUTION_ID, help="Only at this host institution.")
@click.option("--school", "--school-id", "school_id", type=INSTITUTION_ID, help="Only from this school.")
@click.option("--student", "--student-id", "student_id", type=PERSON_ID, help="Only this student.")
@click.option("--agreement", "--agreement-id", "agreement_id", type=AGREEMENT_ID, help="Only under this agreement.")
@click.option("--kind", type=_choice(InternshipKind), help="Only this kind.")
@click.option("--programme", type=_choice(ProgrammeForm), help="Only this programme form.")
@click.option("--status", type=_choice(Status), help="Only this status.")
@click.option("--major", metavar="CODE", help="Only students enrolled in this major (code).")
@click.option("--from", "--period-from", "period_from", type=DAY, help="Period ends on or after this day.")
@click.option("--to", "--period-to", "period_to", type=DAY, help="Period starts on or before this day.")
@no_catch_up
@output_options
@pass_gtt
def list_(gtt: GttContext, host_id: UUID | None, school_id: UUID | None, student_id: UUID | None,
          agreement_id: UUID | None, kind: str | None, programme: str | None, status: str | None,
          major: str | None, period_from: date | None, period_to: date | None, no_catch_up: bool,
          fmt: str) -> None:
    if period_from and period_to and period_to < period_from:
        raise click.BadParameter(f"{period_to} is before --from {period_from}", param_hint="'--to'")
    found = list_internships(
        read_model(gtt), host_id=host_id, school_id=school_id, student_id=student_id,
        agreement_id=agreement_id, kind=kind, programme=programme, status=status, major=major,
        period_from=period_from, period_to=period_to, catch_up=not no_catch_up)
    print_list(gtt, found, TABLE_COLUMNS, ALL_COLUMNS, fmt, NAMES)


@internships.command(help="""Show one internship with its leave, pay, evaluations and documents.

\b
Example:
  gtt internships show 0b9d3c1e-5f7a-4e59-9a55-3f0c7d1e2a10 --format table""")
@click.argument("internship_id", metavar="ID", type=INTERNSHIP_ID)
@no_catch_up
@output_options(default="json")
@pass_gtt
def show(gtt: GttContext, internship_id: UUID, no_catch_up: bool, fmt: str) -> None:
    detail = get_internship(read_model(gtt), internship_id, catch_up=not no_catch_up)
    print_detail(gtt, detail, ALL_COLUMNS, CHILDREN, fmt, NAMES)


@internships.command(help="""List an internship's attendance days in order.

\b
Example:
  gtt internships attendance 0b9d3c1e-5f7a-4e59-9a55-3f0c7d1e2a10 --from 2025-03-01 --format csv""")
@click.argument("internship_id", metavar="ID", type=INTERNSHIP_ID)
@click.option("--from", "--day-from", "day_from", type=DAY, help="From this day.")
@click.option("--to", "--day-to", "day_to", type=DAY, help="To this day (inclusive).")
@no_catch_up
@output_options
@pass_gtt
def attendance(gtt: GttContext, internship_id: UUID, day_from: date | None, day_to: date | None,
               no_catch_up: bool, fmt: str) -> None:
    found = list_attendance(read_model(gtt), internship_id, day_from=day_from, day_to=day_to,
                            catch_up=not no_catch_up)
    rows = [d.model_dump() for d in found]
    columns = ATTENDANCE_TABLE if fmt == "table" else ATTENDANCE_COLUMNS
    click.echo(render(rows, columns, fmt, gtt.lang, color=gtt.color))


commands = [internships]
