"""``gtt export events --format jsonl``: the stored log, chain records and seals (docs/integrity.md)."""

from __future__ import annotations

import sys

import click
from gtt_cli.commands import get_or_create_group
from gtt_cli.context import GttContext, pass_gtt

from gtt_domain.integrity import export_events

section = "admin"

export = get_or_create_group("export", """Export the record: read models as CSV/JSON/xlsx, the event log as JSONL.

\b
Example:
  gtt export events --format jsonl --output events.jsonl""", section="admin")


@export.command("events", help="""Write every stored event, the chain records and the seals as JSON Lines.

One header line, one line per event (stored bytes in base64, a decoded JSON view when
the store is not encrypted, its chain hash), seal lines after their position, and an end
line with the counts. tools/gtt_verify.py checks the file without gtt. Adds nothing to
the store.

\b
Example:
  gtt export events --format jsonl --output events.jsonl
  python tools/gtt_verify.py events.jsonl --public-key seal.pem.pub""")
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True,
              help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              show_default=True, help="File to write ('-' for standard output).")
@pass_gtt
def events_command(gtt: GttContext, fmt: str, output: str) -> None:
    if output == "-":
        summary = export_events(gtt.app, sys.stdout)
    else:
        with open(output, "w", encoding="utf-8") as out:
            summary = export_events(gtt.app, out)
        click.echo(f"{summary.events} event(s), {summary.seals} seal(s) written to {output}", err=True)
