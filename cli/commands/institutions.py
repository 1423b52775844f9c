"""``gtt institutions list|show``: institutions from the read tables."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import click
from gtt_cli.context import GttContext, pass_gtt
from gtt_cli.i18n import header, shown_value
from gtt_cli.ids import INSTITUTION_ID
from gtt_cli.output import output_options, render, to_json
from gtt_cli.readside import read_model
from gtt_projections.queries import InstitutionSummary, get_institution, list_institutions

from gtt_domain.domain.values import InstitutionKind

section = "query"

TABLE_COLUMNS = ("id", "kind", "name", "region")
ALL_COLUMNS = tuple(InstitutionSummary.model_fields)
DEPARTMENT_COLUMNS = ("name", "teacher_count", "teachers_as_of", "liaison_person_id")
MAJOR_COLUMNS = ("code", "name", "department", "teacher_count", "status")

from gtt_cli.commands.readside_common import no_catch_up  # noqa: E402


@click.group(help="""List institutions and show one, from the read tables.

\b
Example:
  gtt institutions list --kind school --format table""")
def institutions() -> None:
    pass


@institutions.command("list", help="""List institutions by name, optionally filtered.

JSON/CSV rows carry every field of the schema reference (projections/README.md);
the table shows the main ones.

\b
Example:
  gtt institutions list --kind school --region Anxi --format table""")
@click.option("--kind", type=click.Choice([k.value for k in InstitutionKind]), help="Only this kind.")
@click.option("--region", metavar="TEXT", help="Only this district or county.")
@click.option("--name", "--name-contains", "name_contains", metavar="TEXT", help="Name contains TEXT.")
@no_catch_up
@output_options
@pass_gtt
def list_(gtt: GttContext, kind: str | None, region: str | None, name_contains: str | None,
          no_catch_up: bool, fmt: str) -> None:
    found = list_institutions(read_model(gtt), kind=kind, region=region, name_contains=name_contains,
                              catch_up=not no_catch_up)
    rows = [i.model_dump() for i in found]
    click.echo(render(rows, TABLE_COLUMNS if fmt == "table" else ALL_COLUMNS, fmt, gtt.lang, color=gtt.color))


@institutions.command(help="""Show one institution with its departments, majors and quality scores.

\b
Example:
  gtt institutions show 0b9d3c1e-5f7a-4e59-9a55-3f0c7d1e2a10 --format table""")
@click.argument("institution_id", metavar="ID", type=INSTITUTION_ID)
@no_catch_up
@output_options(default="json")
@pass_gtt
def show(gtt: GttContext, institution_id: UUID, no_catch_up: bool, fmt: str) -> None:
    detail = get_institution(read_model(gtt), institution_id, catch_up=not no_catch_up)
    data: dict[str, Any] = detail.model_dump()
    if fmt == "json":
        click.echo(to_json(data))
        return
    rows = [{"attribute": k, "value": data[k]} for k in ALL_COLUMNS]
    if fmt == "table":
        rows = [{"attribute": header(r["attribute"], gtt.lang),
                 "value": shown_value(r["attribute"], r["value"], gtt.lang)} for r in rows]
    rows += [{"attribute": f"{header('quality', gtt.lang) if fmt == 'table' else 'quality'}.{q['year']}",
              "value": q["score"]} for q in data["quality"]]
    parts = [render(rows, ("attribute", "value"), fmt, gtt.lang, color=gtt.color, short_ids=False)]
    if fmt == "table":
        for name, columns in (("departments", DEPARTMENT_COLUMNS), ("majors", MAJOR_COLUMNS)):
            if data[name]:
                parts.append(f"{header(name, gtt.lang)}:\n"
                             + render(data[name], columns, fmt, gtt.lang, color=gtt.color))
    click.echo("\n\n".join(parts))


commands = [institutions]
