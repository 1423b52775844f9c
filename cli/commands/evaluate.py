"""``gtt evaluate FAMILY [ID] --year Y``: scorecards computed from the log on demand."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import click
from gtt_cli.commands.projections import read_model
from gtt_cli.context import GttContext, pass_gtt
from gtt_cli.errors import InvalidInput
from gtt_cli.i18n import LABELS, add_labels
from gtt_cli.output import output_options, render, to_json
from gtt_cli.params import MOMENT
from gtt_projections.facts.evaluate import FactSource

from gtt_domain.evaluation import FAMILIES, Scorecard, evaluate, evaluation_period, load_pack
from gtt_domain.evaluation.labels import metric_label
from gtt_domain.evaluation.pack import EvaluationPack, load_criteria
from gtt_domain.evaluation.periods import SEMESTERS, Period
from gtt_domain.evaluation.source import ReplaySource, Source

section = "query"

#: command-line family names (``home-school``) -> evaluation families (``home_school``)
CLI_FAMILIES = {name.replace("_", "-"): name for name in FAMILIES}
FINDINGS_FAMILIES = frozenset({"major", "host"})
COLUMNS = ("family", "subject_id", "subject", "period", "metric", "value", "target", "rule", "met")
TABLE_COLUMNS = ("subject", "metric", "value", "target", "rule", "met")

add_labels({k: v for k, v in {
    "family": ("Family", "类别"), "subject_id": ("Subject id", "对象编号"), "subject": ("Subject", "对象"),
    "period": ("Period", "期间"), "metric": ("Metric", "指标"), "target": ("Target", "目标"),
    "rule": ("Rule", "规则"), "met": ("Met", "达标"),
}.items() if k not in LABELS})


def lang_option(f: Any) -> Any:
    return click.option("--lang", "local_lang", type=click.Choice(["en", "zh"]), default=None,
                        help="Labels in this language (default: the global --lang).")(f)


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
    rows = [r for c in cards for r in c.rows()]
    if lang == "zh":
        for r in rows:
            r["metric"] = metric_label(r["metric"], "zh")
            r["met"] = {True: "达标", False: "未达标", None: ""}[r["met"]]
    return rows


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
  gtt evaluate host --year 2025 --quarter 2 --criteria office-criteria.toml""")
@click.argument("family", type=click.Choice(sorted(CLI_FAMILIES)))
@click.argument("subject_id", metavar="[ID]", required=False)
@period_options
@lang_option
@replay_option
@output_options
@pass_gtt
def evaluate_cmd(gtt: GttContext, family: str, subject_id: str | None, year: int, semester: str | None,
                 quarter: int | None, month: int | None, pack_path: str | None, as_of: datetime | None,
                 known_at: datetime | None, criteria_path: str | None, with_findings: bool,
                 local_lang: str | None, replay: bool, fmt: str) -> None:
    lang = local_lang or gtt.lang
    period = period_of(year, semester, quarter, month)
    pack = load_packs(pack_path, criteria_path)
    try:
        cards = evaluate(gtt.app, CLI_FAMILIES[family], period, subject_id.strip() if subject_id else None,
                         pack=pack, as_of=as_of, known_at=known_at,
                         with_findings=with_findings and family in FINDINGS_FAMILIES,
                         source=source_of(gtt, replay))
    except LookupError as e:
        raise InvalidInput(str(e)) from None
    if fmt == "json":
        click.echo(to_json([c.as_dict() for c in cards]))
        return
    columns = TABLE_COLUMNS if fmt == "table" else COLUMNS
    rows = table_rows(cards, lang) if fmt == "table" else [r for c in cards for r in c.rows()]
    click.echo(render(rows, columns, fmt, lang, color=gtt.color))


commands = [evaluate_cmd]
