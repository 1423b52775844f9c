"""``gtt audit upcoming``: obligations coming due, with the rule that will judge them."""

from __future__ import annotations

import re
from datetime import date, datetime

import click
from gtt_cli.commands import get_or_create_group
from gtt_cli.commands.audit_run import load
from gtt_cli.context import GttContext, pass_gtt
from gtt_cli.errors import InvalidInput
from gtt_cli.i18n import LABELS, add_labels
from gtt_cli.output import output_options, render, to_json
from gtt_cli.params import DAY, MOMENT
from gtt_cli.readside import read_model
from gtt_projections.facts.audit import run_upcoming as facts_upcoming

section = "admin"

add_labels({k: v for k, v in {
    "due": ("Due", "到期"), "needed": ("Needed", "应完成"), "progress": ("So far", "目前"),
    "overdue": ("Overdue", "已逾期"),
}.items() if k not in LABELS})

audit = get_or_create_group("audit", "Audit the record: rule findings and tamper evidence.", section="admin")
WITHIN = re.compile(r"^\s*(\d{1,4})\s*([dw]?)\s*$")
COLUMNS = ("due", "rule_id", "subject_kind", "subject_id", "needed", "progress", "overdue", "explanation", "key")
TABLE_COLUMNS = ("due", "rule_id", "subject", "progress", "explanation")


def days_of(text: str) -> int:
    m = WITHIN.match(text)
    if m is None:
        raise InvalidInput(f"--within: {text!r} is not a span such as 30d or 4w")
    n = int(m.group(1))
    return n * 7 if m.group(2) == "w" else n


@audit.command("upcoming", help="""List obligations coming due within a span, with the rule that will judge them.

Looks ahead from --as-of (default today) with the same packs, adoptions and school
calendars as `gtt audit run`: a joint plan due 60 days before a batch (P10-R3), documents
and teachers due by a start, a team report due on 25 September (P5-R2), insurance that
ends before the internship does (N-INT-10), this week's, month's or quarter's cadence not
yet met, a school year's funding (P1-R12), evaluations due after completion.

\b
Example:
  gtt audit upcoming --within 30d
  gtt audit upcoming --within 2w --as-of 2025-03-10 --format json""")
@click.option("--within", "within", default="30d", show_default=True, metavar="SPAN",
              help="How far ahead: days (30d) or weeks (4w).")
@click.option("--as-of", "as_of", type=DAY, help="Look ahead from this date [default: today].")
@click.option("--known-at", "known_at", type=MOMENT, help="As recorded by then.")
@click.option("--pack", "packs", multiple=True, metavar="ID|FILE", help="A shipped pack id or a pack file.")
@click.option("--rule", "rules", multiple=True, metavar="ID", help="Only these rule ids (repeatable).")
@click.option("--lang", "local_lang", type=click.Choice(["en", "zh"]), default=None,
              help="Explanations in this language (default: the global --lang).")
@output_options
@pass_gtt
def upcoming_command(gtt: GttContext, within: str, as_of: date | None, known_at: datetime | None,
                     packs: tuple[str, ...], rules: tuple[str, ...], local_lang: str | None, fmt: str) -> None:
    lang = local_lang or gtt.lang
    days = days_of(within)
    found = facts_upcoming(read_model(gtt), load(packs), within_days=days, as_of=as_of,
                           known_at=known_at, rule_ids=list(rules) or None)
    if fmt == "json":
        click.echo(to_json([{**o.model_dump(mode="json"), "explanation": o.explanation(lang)} for o in found]))
        return
    rows = [{**o.model_dump(), "subject": f"{o.subject_kind} {o.subject_id[:8]}", "explanation": o.explanation(lang)}
            for o in found]
    click.echo(render(rows, TABLE_COLUMNS if fmt == "table" else COLUMNS, fmt, lang, color=gtt.color))


commands: list[click.Command] = []
