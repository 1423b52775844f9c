"""``gtt projections run|rebuild|status``: keep, rebuild and inspect the read tables.

``read_model`` and ``progress_bar`` live in :mod:`gtt_cli.readside` (queries import them from there).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import click
from gtt_cli.context import GttContext, pass_gtt
from gtt_cli.errors import InvalidInput
from gtt_cli.output import output_options, render
from gtt_cli.readside import full_read_model, progress_bar
from gtt_projections import ReadModel, registered
from gtt_projections.readmodel import REBUILD_BATCH_SIZE

section = "admin"

STATUS_COLUMNS = ("name", "version", "stored_version", "needs_rebuild", "position", "head", "lag",
                  "dead_letters")


def check_names(_ctx: click.Context, _param: click.Parameter, names: Sequence[str]) -> list[str]:
    known = [p.name for p in registered()]
    unknown = [n for n in names if n not in known]
    if unknown:
        raise InvalidInput(f"unknown projection {', '.join(unknown)}; known: {', '.join(known)}")
    return list(names)


names_argument = click.argument("names", nargs=-1, metavar="[NAME]...", callback=check_names)


def print_status(gtt: GttContext, rm: ReadModel, names: Sequence[str], fmt: str) -> None:
    rows = [s.model_dump() for s in rm.status(names)]
    click.echo(render(rows, STATUS_COLUMNS, fmt, gtt.lang, color=gtt.color))


@click.group(help="""Keep the read tables current, rebuild them, or show how far behind they are.

\b
Example:
  gtt projections status --format table""")
def projections() -> None:
    pass


@projections.command(help="""Process new events into the read tables, and keep doing so.

Catches up first (rebuilding any projection whose version changed), then follows the
log: LISTEN/NOTIFY on PostgreSQL, polling on SQLite. Stops on Ctrl-C, after
--timeout seconds, or at once with --once. Prints the status when it stops.

A lost database connection does not stop it: it prints one line per attempt, reconnects with backoff
(0.5 s doubling to 30 s) and resumes from the stored positions. Writes and other commands wait at most
GTT_DB_TIMEOUT seconds (default 10) for the database, then fail with one line.

\b
Example:
  gtt projections run
  gtt projections run timeline --once""")
@names_argument
@click.option("--once", is_flag=True, help="Catch up and exit instead of following.")
@click.option("--batch-size", type=click.IntRange(1), default=1000, show_default=True,
              help="Events per transaction.")
@click.option("--poll-interval", type=click.FloatRange(0.01), default=0.5, show_default=True,
              help="Seconds between polls when idle (SQLite).")
@click.option("--timeout", type=click.FloatRange(0), default=None, help="Stop after this many seconds.")
@output_options
@pass_gtt
def run(gtt: GttContext, names: list[str], once: bool, batch_size: int, poll_interval: float,
        timeout: float | None, fmt: str) -> None:
    rm = full_read_model(gtt)
    if once:
        rm.catch_up(names, batch_size=batch_size)
    else:
        stop = threading.Event()

        def report(r: Any) -> None:
            click.echo(f"applied {r.total_applied} event(s)", err=True)

        def retrying(line: str) -> None:
            click.echo(line, err=True)

        try:
            rm.follow(names, stop=stop, timeout=timeout, poll_interval=poll_interval,
                      batch_size=batch_size, on_batch=report, on_retry=retrying)
        except KeyboardInterrupt:
            stop.set()
    print_status(gtt, rm, names, fmt)


@projections.command(help="""Replay every event from the start, in batches, into new read tables swapped in when done.

Without NAME, rebuilds every projection. Shows a progress bar on a terminal; prints the
status afterwards.

\b
Example:
  gtt projections rebuild
  gtt projections rebuild institutions timeline""")
@names_argument
@click.option("--batch-size", type=click.IntRange(1), default=REBUILD_BATCH_SIZE, show_default=True,
              help="Events per transaction.")
@output_options
@pass_gtt
def rebuild(gtt: GttContext, names: list[str], batch_size: int, fmt: str) -> None:
    rm = full_read_model(gtt)
    with progress_bar("rebuilding", rm.head()) as progress:
        rm.rebuild(names, batch_size=batch_size, progress=progress)
    print_status(gtt, rm, names, fmt)


@projections.command(help="""Show each projection's position, the log's head, lag, versions and
parked (dead-letter) events.

\b
Example:
  gtt projections status
  gtt projections status institutions --format json""")
@names_argument
@output_options
@pass_gtt
def status(gtt: GttContext, names: list[str], fmt: str) -> None:
    print_status(gtt, full_read_model(gtt), names, fmt)


commands = [projections]
