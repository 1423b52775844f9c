"""Shared pieces of the read-side list/show commands. Not a plugin: it defines no ``commands``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import click
from gtt_cli.context import GttContext
from gtt_cli.ids import AggregateId
from gtt_cli.output import render, to_json
from gtt_cli.params import DAY
from gtt_projections.queries.base import ReadRow

no_catch_up = click.option("--no-catch-up", is_flag=True,
                           help="Read the tables as they are (skip processing new events first).")

#: filter name -> the kind of aggregate its id is
ID_KINDS = {"host": "institution", "school": "institution", "sending": "institution", "student": "person"}

#: a table's name column -> (kind of aggregate, the row's id column)
Names = Mapping[str, tuple[str, str]]

ERASED = {"en": "(erased)", "zh": "（已删除）"}


def id_option(name: str, help: str) -> Any:  # noqa: A002
    """A ``--NAME ID`` filter (a whole id or a table's short id), also spelt ``--NAME-id`` like
    the query function's keyword; a malformed or unknown id is a usage error (exit 2)."""
    kind = ID_KINDS.get(name, name)
    return click.option(f"--{name}", f"--{name}-id", f"{name.replace('-', '_')}", type=AggregateId(kind),
                        metavar="ID", help=help)


def range_options(keyword: str, after: str, before: str) -> Any:
    """``--from``/``--to`` (also ``--KEYWORD-from``/``--KEYWORD-to``, the query's keywords)."""
    dashed = keyword.replace("_", "-")

    def deco(f: Any) -> Any:
        f = click.option("--to", f"--{dashed}-to", "to", type=DAY, help=before)(f)
        return click.option("--from", f"--{dashed}-from", "from_", type=DAY, help=after)(f)

    return deco


def add_names(gtt: GttContext, rows: list[dict[str, Any]], names: Names, *, catch_up: bool = True) -> None:
    """Put the name of each referenced institution, person, community or agreement beside its
    id (tables only: persons' names are personal data and stay out of JSON and CSV)."""
    from gtt_cli.readside import read_model
    from gtt_projections.queries.names import (
        agreement_titles,
        community_names,
        institution_names,
        person_names,
    )

    if not rows or not names:
        return
    rm = read_model(gtt)
    lookups = {"institution": lambda ids: institution_names(rm, ids, catch_up=catch_up),
               "community": lambda ids: community_names(rm, ids, catch_up=catch_up),
               "agreement": lambda ids: agreement_titles(rm, ids, catch_up=catch_up),
               "person": lambda ids: person_names(rm, ids)}
    by_kind: dict[str, set[Any]] = {}
    for kind, column in names.values():
        by_kind.setdefault(kind, set()).update(r.get(column) for r in rows)
    found = {kind: lookups[kind](ids) for kind, ids in by_kind.items()}
    for row in rows:
        for shown, (kind, column) in names.items():
            ident = row.get(column)
            if ident is None:
                row[shown] = None
                continue
            key = str(ident)
            if key in found[kind]:
                row[shown] = found[kind][key] or ERASED.get(gtt.lang, ERASED["en"])
            else:
                row[shown] = key[:8]


def print_list(gtt: GttContext, found: Sequence[ReadRow], table_columns: Sequence[str],
               all_columns: Sequence[str], fmt: str, names: Names | None = None) -> None:
    """Every documented field in JSON/CSV; the main ones, with names, in a table (fits 80 columns)."""
    rows = [r.model_dump() for r in found]
    if fmt == "table" and names:
        add_names(gtt, rows, names)
    click.echo(render(rows, table_columns if fmt == "table" else all_columns, fmt, gtt.lang,
                      color=gtt.color))


def print_detail(gtt: GttContext, detail: ReadRow, summary_columns: Sequence[str],
                 children: dict[str, Sequence[str]], fmt: str, names: Names | None = None) -> None:
    """JSON: the whole detail. CSV: attribute/value lines. Table: those (with names beside
    the ids) plus one table per child list (its label as a heading)."""
    from gtt_cli.i18n import header, shown_value

    data: dict[str, Any] = detail.model_dump()
    if fmt == "json":
        click.echo(to_json(data))
        return
    rows = [{"attribute": k, "value": data[k]} for k in summary_columns]
    if fmt == "table":
        if names:
            named = dict(data)
            add_names(gtt, [named], names)
            at = {k: i for i, k in enumerate(summary_columns)}
            for shown, (_kind, column) in names.items():
                if column in at and named.get(shown) is not None:
                    rows[at[column]]["value"] = f"{named[shown]} ({data[column]})"
        rows = [{"attribute": header(r["attribute"], gtt.lang),
                 "value": shown_value(r["attribute"], r["value"], gtt.lang)} for r in rows]
    parts = [render(rows, ("attribute", "value"), fmt, gtt.lang, color=gtt.color, short_ids=False)]
    if fmt == "table":
        for name, columns in children.items():
            if data[name]:
                parts.append(f"{header(name, gtt.lang)}:\n"
                             + render(data[name], columns, fmt, gtt.lang, color=gtt.color))
    click.echo("\n\n".join(parts))
