"""Shared pieces of the read-side list/show commands (persons, communities, agreements,
exchanges). Not a plugin: it defines no ``commands``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click
from gtt_cli.context import GttContext
from gtt_cli.output import render, to_json
from gtt_projections.queries.base import ReadRow

no_catch_up = click.option("--no-catch-up", is_flag=True,
                           help="Read the tables as they are (skip processing new events first).")


def id_option(name: str, help: str) -> Any:  # noqa: A002
    """A ``--NAME ID`` filter; a malformed id is a usage error (exit 2) naming the option."""
    return click.option(f"--{name}", f"{name.replace('-', '_')}", type=click.UUID, metavar="ID", help=help)


def print_list(gtt: GttContext, found: Sequence[ReadRow], table_columns: Sequence[str],
               all_columns: Sequence[str], fmt: str) -> None:
    """Every documented field in JSON/CSV; the main ones in a table (fits 80 columns)."""
    rows = [r.model_dump() for r in found]
    click.echo(render(rows, table_columns if fmt == "table" else all_columns, fmt, gtt.lang,
                      color=gtt.color))


def print_detail(gtt: GttContext, detail: ReadRow, summary_columns: Sequence[str],
                 children: dict[str, Sequence[str]], fmt: str) -> None:
    """JSON: the whole detail. CSV: attribute/value lines. Table: those plus one table per
    child list (its name as a heading)."""
    data: dict[str, Any] = detail.model_dump()
    if fmt == "json":
        click.echo(to_json(data))
        return
    rows = [{"attribute": k, "value": data[k]} for k in summary_columns]
    parts = [render(rows, ("attribute", "value"), fmt, gtt.lang, color=gtt.color)]
    if fmt == "table":
        for name, columns in children.items():
            if data[name]:
                parts.append(f"{name}:\n" + render(data[name], columns, fmt, gtt.lang, color=gtt.color))
    click.echo("\n\n".join(parts))
