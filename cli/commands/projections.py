"""``gtt projections run|rebuild|status``: keep, rebuild and inspect the read tables.

Also :func:`read_model`, which every query command uses to reach the read side.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import click
from gtt_cli.context import GttContext, pass_gtt
from gtt_cli.errors import InvalidInput
from gtt_cli.output import output_options, render
from gtt_projections import ReadModel, registered
from gtt_projections.readmodel import REBUILD_BATCH_SIZE, Progress

section = "admin"

STATUS_COLUMNS = ("name", "version", "stored_version", "needs_rebuild", "position", "head", "lag",
                  "dead_letters")


#: a read side further behind than this many events catches up with a progress bar first
VISIBLE_LAG = 5000


@contextmanager
def progress_bar(label: str, length: int) -> Iterator[Progress | None]:
    """A ``(position, head)`` callback drawing a bar on a terminal's stderr (else None)."""
    if not sys.stderr.isatty() or length <= 0:
        yield None
        return
    with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
        def progress(position: int, top: int) -> None:
            bar.length = max(top, 1)
            bar.update(max(position - bar.pos, 0))

        yield progress


def read_model(gtt: GttContext) -> ReadModel:
    """The read side of ``gtt``'s store (``--read-db`` or the event database), closed on exit.

    On a terminal, a read side far behind the log (right after a large import or demo)
    catches up here with a progress bar, instead of inside the first query, silently."""
    # the raw option: GttContext.read_url drops a PostgreSQL ?schema=, ReadModel keeps it
    rm = ReadModel(gtt.app, read_url=getattr(gtt, "_read_url", None))
    click.get_current_context().call_on_close(rm.close)
    if rm.read_only:  # nothing can be caught up: say how far behind the answers may be
        statuses = rm.status()
        lag = max((s.lag for s in statuses), default=0)
        built = any(s.stored_version is not None for s in statuses)  # else the query names that
        if lag and built:
            click.echo(f"Note: the store is read-only; the read tables are up to {lag} event(s) "
                       "behind the log and cannot be caught up here.", err=True)
    elif sys.stderr.isatty():
        lag = max((s.lag for s in rm.status()), default=0)
        if lag > VISIBLE_LAG:
            with progress_bar("catching up the read tables", rm.head()) as progress:
                rm.catch_up(progress=progress)
    return rm


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
    rm = read_model(gtt)
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
    rm = read_model(gtt)
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
    print_status(gtt, read_model(gtt), names, fmt)


commands = [projections]
