"""``gtt evaluate FAMILY [ID] --year Y``: scorecards computed from the log on demand."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any
from uuid import UUID

import click
from gtt_cli.context import GttContext, pass_gtt
from gtt_cli.errors import InvalidInput
from gtt_cli.messages import summary
from gtt_cli.output import FORMATS, emit_rows, output_file_option, output_options, render, to_json
from gtt_cli.params import MOMENT
from gtt_cli.readside import read_model
from gtt_cli.sheets import Sheet, sheet_name, write_xlsx
from gtt_projections.facts.evaluate import FactSource

from gtt_domain.evaluation import FAMILIES, Scorecard, evaluate, evaluation_period, load_pack
from gtt_domain.evaluation.labels import (
    family_label,
    is_ratio,
    metric_label,
    shown_metric_value,
    shown_target,
)
from gtt_domain.evaluation.pack import EvaluationPack, load_criteria
from gtt_domain.evaluation.periods import SEMESTERS, Period
from gtt_domain.evaluation.source import ReplaySource, Source

section = "query"

#: command-line family names (``home-school``) -> evaluation families (``home_school``)
CLI_FAMILIES = {name.replace("_", "-"): name for name in FAMILIES}
FINDINGS_FAMILIES = frozenset({"major", "host"})
COLUMNS = ("family", "subject_id", "subject", "period", "metric", "value", "target", "rule", "met")
TABLE_COLUMNS = ("metric_label", "value", "target", "rule", "met")
#: the spreadsheet: the CSV columns with the metric's label beside its key
SHEET_COLUMNS = ("family", "subject_id", "subject", "period", "metric", "metric_label", "value", "target",
                 "rule", "met")
MET = {"en": {True: "met", False: "not met", None: ""}, "zh": {True: "达标", False: "未达标", None: ""}}


def period_options(f: Any) -> Any:
    f = click.option("--findings/--no-findings", "with_findings", default=True, show_default=True,
                     help="Run the audits for the findings metrics of majors and hosts.")(f)
    f = click.option("--criteria", "criteria_path", type=click.Path(exists=True, dir_okay=False),
                     help="Demonstration-base criteria (P14-R4) from this TOML instead of the bundled pack.")(f)
    f = click.option("--known-at", type=MOMENT, help="Use the log as it stood then (recorded time).")(f)
    f = click.option("--as-of", type=MOMENT, help="Only facts effective by then.")(f)
    f = click.option("--pack", "pack_path", type=click.Path(exists=True, dir_okay=False),
                     help="Targets and weights from this TOML instead of the bundled pack.")(f)
    f = click.option("--month", type=click.IntRange(1, 12), help="One month (1–12) of the year instead of the year.")(f)
    f = click.option("--quarter", type=click.IntRange(1, 4),
                     help="One calendar quarter (1–4) of the year instead of the year.")(f)
    f = click.option("--semester", type=click.Choice(SEMESTERS),
                     help="Spring (Feb–Aug) or autumn (Sep–Jan) of the year instead of the year.")(f)
    return click.option("--year", type=int, required=True, help="Calendar year evaluated.")(f)


def period_of(year: int, semester: str | None, quarter: int | None, month: int | None) -> Period:
    """The period the options name; a usage error (exit 2) naming the options combined."""
    given = [f"--{n}" for n, v in (("semester", semester), ("quarter", quarter), ("month", month)) if v is not None]
    if len(given) > 1:
        raise click.BadOptionUsage(given[1].lstrip("-"), f"{' and '.join(given)} cannot be combined: "
                                   "give at most one of --semester, --quarter and --month")
    try:
        return evaluation_period(year, semester, quarter_no=quarter, month_no=month)
    except ValueError as e:
        raise InvalidInput(str(e)) from None


replay_option = click.option(
    "--replay", is_flag=True,
    help="Fold the whole log instead of reading the fact tables (the slow, independent reference path).")


def source_of(gtt: GttContext, replay: bool) -> Source:
    """Scorecard inputs: the fact tables (caught up first), or a replay with ``--replay``."""
    return ReplaySource(gtt.app) if replay else FactSource(read_model(gtt))


def load_packs(pack_path: str | None, criteria_path: str | None) -> EvaluationPack:
    """Targets from ``--pack`` and criteria from ``--criteria``; a bad file is invalid input
    naming the option."""
    try:
        pack = load_pack(pack_path)
    except (ValueError, KeyError) as e:
        raise InvalidInput(f"--pack: {e}") from None
    if criteria_path is None:
        return pack
    try:
        return replace(pack, criteria=load_criteria(criteria_path))
    except ValueError as e:
        raise InvalidInput(f"--criteria: {e}") from None


def table_rows(cards: list[Scorecard], lang: str) -> list[dict[str, Any]]:
    """What people read: metric labels, ratios as percentages, targets with ≥/≤, met or not."""
    rows = [r for c in cards for r in c.rows()]
    for r in rows:
        key = r["metric"]
        r["metric_label"] = metric_label(key, lang)
        r["value"] = shown_metric_value(key, r["value"])
        r["target"] = shown_target(key, r["target"])
        r["met"] = MET[lang][r["met"]]
    return rows


def card_tables(cards: list[Scorecard], lang: str, color: bool) -> str:
    """One titled table per scorecard (subject, family, period), so long subject names are
    not repeated on every line."""
    parts = []
    for card in cards:
        title = f"{card.subject} · {family_label(card.family, lang)} · {card.period}"
        parts.append(click.style(title, bold=True) if color else title)
        parts.append(render(table_rows([card], lang), TABLE_COLUMNS, "table", lang, color=color) + "\n")
    return "\n".join(parts).rstrip("\n")


def sheet_rows(cards: list[Scorecard], lang: str) -> list[dict[str, Any]]:
    """Typed cells: the value stays a number (a ratio formatted as a percentage)."""
    rows = [r for c in cards for r in c.rows()]
    for r in rows:
        key = r["metric"]
        r["metric_label"] = metric_label(key, lang)
        r["target"] = shown_target(key, r["target"])
        r["met"] = MET[lang][r["met"]]
        r["ratio_cells"] = {"value": is_ratio(key)}
    return rows


def _subject(gtt: GttContext, text: str | None) -> str | None:
    """A subject id as given, with an office's key (a school's code, a student number) for
    the id part: ``SCH-CODE:660301`` is that school's major 660301."""
    if not text:
        return None
    head, sep, tail = text.strip().partition(":")
    try:
        UUID(head)
        return text.strip()
    except ValueError:
        pass
    from gtt_projections.queries.ids import resolve_key

    found = resolve_key(read_model(gtt), head)
    return f"{found}{sep}{tail}" if found is not None else text.strip()


@click.command("evaluate", help="""Scorecards of a family of subjects for a year, semester, quarter or month.

Every metric shows its value, the target and the rule it comes from, and whether it is met.
Scorecards are computed each time (never stored) from the bitemporal fact tables, so
--as-of and --known-at reproduce an earlier evaluation (--replay folds the log instead). ID narrows to one subject: a major or department is SCHOOL_ID:CODE
(or SCHOOL_ID:DEPARTMENT). JSON adds the period evaluated (period_kind, period_start,
period_end) and the details (member trends, flows, rankings, the windows of per-year and
per-semester metrics on a quarter or month card, the demonstration-base criteria of hosts).

\b
Example:
  gtt evaluate group --year 2025 --format json
  gtt evaluate major 0b9d3c1e-5f7a-4e59-9a55-3f0c7d1e2a10:660301 --year 2025 --semester spring
  gtt evaluate host --year 2025 --quarter 2 --criteria office-criteria.toml
  gtt evaluate department --year 2025 --format xlsx --output departments.xlsx --lang zh""")
@click.argument("family", type=click.Choice(sorted(CLI_FAMILIES)))
@click.argument("subject_id", metavar="[ID]", required=False)
@period_options
@replay_option
@output_options(formats=(*FORMATS, "xlsx"))
@output_file_option
@pass_gtt
def evaluate_cmd(gtt: GttContext, family: str, subject_id: str | None, year: int, semester: str | None,
                 quarter: int | None, month: int | None, pack_path: str | None, as_of: datetime | None,
                 known_at: datetime | None, criteria_path: str | None, with_findings: bool,
                 replay: bool, fmt: str, output: str | None) -> None:
    lang = gtt.lang
    period = period_of(year, semester, quarter, month)
    pack = load_packs(pack_path, criteria_path)
    try:
        cards = evaluate(gtt.app, CLI_FAMILIES[family], period, _subject(gtt, subject_id),
                         pack=pack, as_of=as_of, known_at=known_at,
                         with_findings=with_findings and family in FINDINGS_FAMILIES,
                         source=source_of(gtt, replay))
    except LookupError as e:
        raise InvalidInput(str(e)) from None
    if fmt == "json":
        click.echo(to_json([c.as_dict() for c in cards]))
    elif fmt == "xlsx":
        sheet = Sheet(sheet_name("scorecards", lang), SHEET_COLUMNS, sheet_rows(cards, lang),
                      percent_cells="ratio_cells")
        n = write_xlsx(output, [sheet], lang)[0]
        if output not in (None, "-"):
            click.echo(summary("sheet_written", lang, n=n, path=output), err=True)
    elif fmt == "table":
        click.echo(card_tables(cards, lang, gtt.color))
    else:
        emit_rows([r for c in cards for r in c.rows()], COLUMNS, fmt, lang, gtt.color, output)


commands = [evaluate_cmd]
