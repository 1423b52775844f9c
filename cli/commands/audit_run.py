"""``gtt audit run`` (findings on two time axes) and ``gtt rules list|show`` (the packs)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

import click
from gtt_cli.commands import get_or_create_group
from gtt_cli.context import GttContext, pass_gtt
from gtt_cli.errors import FindingsAtOrAbove, InvalidInput
from gtt_cli.i18n import value_label
from gtt_cli.ids import ANY_ID
from gtt_cli.messages import summary
from gtt_cli.output import FORMATS, emit_rows, output_file_option, output_options, render, to_json
from gtt_cli.params import DAY, MOMENT
from gtt_cli.readside import read_model
from gtt_cli.sheets import Sheet, sheet_name, write_xlsx
from gtt_projections.facts.audit import run_audit as facts_audit
from gtt_projections.facts.audit import subject_audit

from gtt_domain.audit import SEVERITIES, PackError, resolve_packs, run_audit, severity_rank
from gtt_domain.audit.findings import STATUSES, Finding
from gtt_domain.audit.rule_types import CATALOGUE

section = "admin"

audit = get_or_create_group("audit", "Audit the record: rule findings and tamper evidence.", section="admin")

COLUMNS = ("severity", "rule_id", "subject_kind", "subject_id", "period", "comparison", "status", "explanation",
           "status_detail", "finding_id", "key")
TABLE_COLUMNS = ("severity", "rule_id", "subject", "period", "explanation", "status")
#: the spreadsheet: every CSV column, the rule's title and the subject's name
SHEET_COLUMNS = ("severity", "rule_id", "rule_title", "subject_kind", "subject_id", "subject", "period",
                 "comparison", "status", "explanation", "status_detail", "finding_id")
RULE_COLUMNS = ("pack_id", "rule_id", "severity", "rule_type", "source", "title", "applies")


def load(packs: tuple[str, ...]) -> list[Any]:
    try:
        return resolve_packs(list(packs))
    except PackError as e:
        raise InvalidInput(f"--pack: {e}") from None


def finding_row(f: Finding, lang: str) -> dict[str, Any]:
    period = f"{f.period_start}..{f.period_end}" if f.period_start else ""
    return {"severity": f.severity, "rule_id": f.rule_id, "subject_kind": f.subject_kind,
            "subject_id": f.subject_id, "subject": f"{value_label(f.subject_kind, lang)} {f.subject_id[:8]}",
            "period": period, "comparison": f.comparison, "status": f.status,
            "explanation": f.explanation(lang), "status_detail": f.status_detail,
            "finding_id": f.finding_id, "key": f.key}


def left_out_note(found: list[Finding], kept: list[Finding]) -> str | None:
    """What a status filter left out, counted (waived and exempt findings are never hidden)."""
    kept_keys = {x.key for x in kept}
    counts: dict[str, int] = {}
    for x in found:
        if x.key not in kept_keys:
            counts[x.status] = counts.get(x.status, 0) + 1
    if not counts:
        return None
    parts = ", ".join(f"{n} {st}" for st, n in sorted(counts.items(), key=lambda kv: STATUSES.index(kv[0])))
    return f"also found, not listed: {parts}"


def name_subjects(gtt: GttContext, rows: list[dict[str, Any]], lang: str) -> None:
    """``subject``: the kind and what a reader calls it (a name; an internship's student),
    else its short id."""
    from gtt_cli.readside import read_model
    from gtt_projections.queries.names import subject_names

    if not rows:
        return
    names = subject_names(read_model(gtt), {(r["subject_kind"], r["subject_id"]) for r in rows})
    for r in rows:
        name = names.get((r["subject_kind"], r["subject_id"]))
        if name:
            r["subject"] = f"{value_label(r['subject_kind'], lang)} {name}"


def compact_period(period: str) -> str:
    """``2025-09-26..2025-09-26`` -> ``2025-09-26``; ``2025-03-01..2025-03-31`` ->
    ``2025-03-01..03-31`` (tables only; CSV and JSON keep both dates whole)."""
    start, sep, end = period.partition("..")
    if not sep:
        return period
    if start == end:
        return start
    return f"{start}..{end[5:]}" if start[:4] == end[:4] else period


def rule_titles(packs: list[Any], lang: str) -> dict[str, str]:
    return {r.rule.id: r.rule.title.get(lang) for p in packs for r in p.rules}


@audit.command("run", help="""Check the record against rule packs and list the findings.

Findings as they stand on --as-of (effective time; default today), using only the events
recorded up to --known-at (what the records said then). Read from the bitemporal fact
tables (kept current like every read table); --replay folds the whole log instead. --pack takes a shipped pack id
(see `gtt rules list`) or a TOML file; repeat it; default: every shipped pack. Exits 3
when a finding still to answer (open, acknowledged, assigned, disputed, reopened) at or
above --fail-on exists. Each finding has a status: remedied, closed, waived and exempt
findings are listed and counted too (`gtt findings` answers them).

\b
Example:
  gtt audit run --as-of 2025-06-30 --format json
  gtt audit run --pack N-INT-2021 --pack county.toml --fail-on high
  gtt audit run --as-of 2025-06-30 --known-at 2025-07-01T00:00 --lang zh
  gtt audit run --subject 0b9d3c1e-5f7a-4e59-9a55-3f0c7d1e2a10
  gtt audit run --format xlsx --output findings.xlsx --lang zh""")
@click.option("--pack", "packs", multiple=True, metavar="ID|FILE", help="A shipped pack id or a pack file.")
@click.option("--rule", "rules", multiple=True, metavar="ID", help="Only these rule ids (repeatable).")
@click.option("--subject", "subject", type=ANY_ID, metavar="ID",
              help="Only the findings about this subject (an internship is judged over its own "
                   "neighbourhood: fast on any size of log).")
@click.option("--as-of", "as_of", type=DAY, help="The date audited (effective time) [default: today].")
@click.option("--known-at", "known_at", type=MOMENT,
              help="Use only events recorded by then (UTC without an offset).")
@click.option("--fail-on", "fail_on", type=click.Choice(SEVERITIES), default=None,
              help="Exit 3 if a finding of this severity or higher exists.")
@click.option("--open-only", is_flag=True,
              help="Only findings still to answer (open, acknowledged, assigned, disputed, reopened); "
                   "the others are counted on stderr.")
@click.option("--status", "statuses", multiple=True, type=click.Choice(STATUSES),
              help="Only findings with this status (repeatable); the others are counted on stderr.")
@click.option("--replay", is_flag=True,
              help="Replay the whole log instead of reading the fact tables (the slow, independent "
                   "reference path; same findings).")
@output_options(formats=(*FORMATS, "xlsx"))
@output_file_option
@pass_gtt
def run_command(gtt: GttContext, packs: tuple[str, ...], rules: tuple[str, ...], subject: UUID | None,
                as_of: date | None, known_at: datetime | None, fail_on: str | None, open_only: bool,
                statuses: tuple[str, ...], replay: bool, fmt: str, output: str | None) -> None:
    lang = gtt.lang
    loaded = load(packs)
    known = {r.rule.id for p in loaded for r in p.rules}
    unknown = sorted(set(rules) - known)
    if unknown:
        raise InvalidInput(f"--rule: unknown rule id(s) {', '.join(unknown)}; see `gtt rules list`")
    if replay:
        every = run_audit(gtt.app, loaded, as_of=as_of, known_at=known_at, rule_ids=list(rules) or None)
        if subject is not None:
            every = [f for f in every if f.subject_id == str(subject)]
    elif subject is not None:
        every = subject_audit(read_model(gtt), str(subject), loaded, as_of=as_of, known_at=known_at,
                              rule_ids=list(rules) or None)
    else:
        every = facts_audit(read_model(gtt), loaded, as_of=as_of, known_at=known_at,
                            rule_ids=list(rules) or None)
    found = [f for f in every if (not open_only or f.unanswered) and (not statuses or f.status in statuses)]
    if fmt == "json":
        click.echo(to_json([{**f.model_dump(mode="json"), "explanation": f.explanation(lang)} for f in found]))
    elif fmt == "xlsx":
        rows = [finding_row(f, lang) for f in found]
        name_subjects(gtt, rows, lang)
        titles = rule_titles(loaded, lang)
        for r in rows:
            r["rule_title"] = titles.get(r["rule_id"])
        n = write_xlsx(output, [Sheet(sheet_name("findings", lang), SHEET_COLUMNS, rows)], lang)[0]
        if output not in (None, "-"):
            click.echo(summary("sheet_written", lang, n=n, path=output), err=True)
    else:
        rows = [finding_row(f, lang) for f in found]
        if fmt == "table":
            name_subjects(gtt, rows, lang)
            for r in rows:
                r["period"] = compact_period(r["period"])
        emit_rows(rows, TABLE_COLUMNS if fmt == "table" else COLUMNS, fmt, lang, gtt.color, output)
    note = left_out_note(every, found)
    if note is not None:
        click.echo(note, err=True)
    if fail_on is not None:
        bad = [f for f in every if f.unanswered and severity_rank(f.severity) >= severity_rank(fail_on)]
        if bad:
            raise FindingsAtOrAbove(f"{len(bad)} open finding(s) at or above {fail_on}")


rules_group = get_or_create_group("rules", """The rule packs (shipped ones and your own files) and where they apply.

National packs apply by law to the scope they name; plans and local packs apply where an
institution, agreement or community adopted them (`gtt rules adopt`).

\b
Example:
  gtt rules list --pack N-INT-2021
  gtt rules show NINT21-7-pay
  gtt rules adopt P10 --agreement AID --from 2024-11-01""", section="admin")


@rules_group.command("list", help="""List the rules of the packs (default: every shipped pack).

\b
Example:
  gtt rules list
  gtt rules list --pack P10 --format csv""")
@click.option("--pack", "packs", multiple=True, metavar="ID|FILE", help="A shipped pack id or a pack file.")
@output_options
@pass_gtt
def rules_list(gtt: GttContext, packs: tuple[str, ...], fmt: str) -> None:
    lang = gtt.lang
    rows = [{"pack_id": p.header.id, "rule_id": r.rule.id, "severity": r.rule.severity,
             "rule_type": r.rule.type, "source": r.rule.source.label(), "title": r.rule.title.get(lang),
             "applies": "by law" if p.header.applies == "law" else "where adopted"}
            for p in load(packs) for r in p.rules]
    click.echo(render(rows, RULE_COLUMNS, fmt, lang, color=gtt.color))


@rules_group.command("show", help="""Show one rule: its source, parameters, scope and dates in force.

\b
Example:
  gtt rules show NINT21-7-pay
  gtt rules show COUNTY-1 --pack county.toml""")
@click.argument("rule_id")
@click.option("--pack", "packs", multiple=True, metavar="ID|FILE", help="A shipped pack id or a pack file.")
@pass_gtt
def rules_show(gtt: GttContext, rule_id: str, packs: tuple[str, ...]) -> None:
    for p in load(packs):
        for r in p.rules:
            if r.rule.id == rule_id:
                record = {"pack": p.header.model_dump(mode="json"), **r.rule.model_dump(mode="json"),
                          "params": r.params.model_dump(mode="json"),
                          "type_doc": CATALOGUE[r.rule.type].doc,
                          "unverified": r.rule.source.verification == "U"}
                click.echo(to_json(record))
                return
    raise InvalidInput(f"no rule {rule_id!r} in the packs; see `gtt rules list`")


commands: list[click.Command] = []
