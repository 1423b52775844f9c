"""``gtt export <table> --format csv|json|xlsx``: a read table, brought up to date, as a file.

One subcommand per read table of the registered projections (projections/README.md has
the schema reference), so new projections are exportable without touching this module.
Rows stream from the database: a large table is never held in memory. CSV starts with a
UTF-8 BOM (Excel on Chinese Windows needs it) unless written to a terminal; xlsx has typed
cells and labelled headers (``--lang``).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

import click
import gtt_projections.models  # noqa: F401  (registers every projection and its tables)
from gtt_cli.commands import get_or_create_group
from gtt_cli.context import GttContext, pass_gtt
from gtt_cli.messages import summary
from gtt_cli.output import BOM, cell_text, jsonable
from gtt_cli.readside import read_model
from gtt_cli.sheets import Sheet, write_xlsx
from gtt_projections import registered
from sqlalchemy import Table, select

section = "admin"

export = get_or_create_group("export", """Export the record: read models as CSV/JSON/xlsx, the event log as JSONL.

\b
Example:
  gtt export events --format jsonl --output events.jsonl""", section="admin")


def read_tables() -> dict[str, tuple[str, Table]]:
    """Table name -> (owning projection, table), for every registered projection."""
    out: dict[str, tuple[str, Table]] = {}
    for cls in registered():
        for table in cls.tables:
            out.setdefault(table.name, (cls.name, table))
    return out


def rows_of(conn: Any, table: Table) -> Iterator[dict[str, Any]]:
    """The table's rows in primary-key order (stable exports), streamed."""
    order = list(table.primary_key.columns) or list(table.columns)
    result = conn.execution_options(stream_results=True, yield_per=1000).execute(
        select(table).order_by(*order))
    for row in result.mappings():
        yield dict(row)


def write_csv(out: TextIO, table: Table, rows: Iterator[dict[str, Any]], *, bom: bool = True) -> int:
    if bom:
        out.write(BOM)
    writer = csv.writer(out, lineterminator="\n")
    names = [c.name for c in table.columns]
    writer.writerow(names)
    n = 0
    for row in rows:
        writer.writerow([cell_text(row[c]) for c in names])
        n += 1
    return n


def write_json(out: TextIO, table: Table, rows: Iterator[dict[str, Any]]) -> int:
    """A JSON array written one row at a time."""
    n = 0
    out.write("[")
    for row in rows:
        out.write(",\n  " if n else "\n  ")
        out.write(json.dumps(jsonable(row), ensure_ascii=False))
        n += 1
    out.write("\n]\n" if n else "]\n")
    return n


@contextmanager
def _opened(path: str) -> Iterator[TextIO]:
    if path == "-":
        yield sys.stdout
        return
    with open(path, "w", encoding="utf-8", newline="") as f:
        yield f


def _make(table_name: str, projection: str, table: Table) -> click.Command:
    @click.command(table_name, short_help=f"Read table {table_name} as CSV, JSON or xlsx.", help=f"""Write the read table {table_name} (projection {projection}) as CSV, JSON or xlsx.

Columns are the table's, with stable English names (projections/README.md); the
projections are brought up to date first unless --no-catch-up. CSV starts with a UTF-8
BOM so Excel reads Chinese text (not when written to a terminal); xlsx has dates as dates,
numbers as numbers and headers in --lang.

\b
Example:
  gtt export {table_name} --format csv --output {table_name}.csv
  gtt export {table_name} --format xlsx --output {table_name}.xlsx --lang zh""")
    @click.option("--format", "fmt", type=click.Choice(["csv", "json", "xlsx"]), default="csv", show_default=True,
                  help="Output format.")
    @click.option("--output", "-o", type=click.Path(dir_okay=False, allow_dash=True), default="-",
                  show_default=True, help="File to write ('-' for standard output).")
    @click.option("--no-catch-up", is_flag=True, help="Export the table as it is (skip new events).")
    @pass_gtt
    def command(gtt: GttContext, fmt: str, output: str, no_catch_up: bool) -> None:
        rm = read_model(gtt)
        if not no_catch_up:
            rm.catch_up([projection])
        if fmt == "xlsx":
            with rm.connect() as conn:
                sheet = Sheet(table_name, [c.name for c in table.columns], rows_of(conn, table))
                n = write_xlsx(output, [sheet], gtt.lang)[0]
        else:
            with rm.connect() as conn, _opened(output) as out:
                if fmt == "csv":
                    n = write_csv(out, table, rows_of(conn, table), bom=output != "-" or not sys.stdout.isatty())
                else:
                    n = write_json(out, table, rows_of(conn, table))
        if output != "-":
            click.echo(summary("rows_written", gtt.lang, n=n, table=table_name, path=output), err=True)

    return command


for _name, (_projection, _table) in read_tables().items():
    if _name not in export.commands:  # ``events`` and others keep their own command
        export.add_command(_make(_name, _projection, _table))
