"""``gtt show ID`` and ``gtt history ID``: read one aggregate back from the event log.

Both replay the aggregate's own events (no read model needed). When
``gtt_domain.application.timetravel`` is installed, ``show`` also takes ``--as-of`` and
``--known-at`` and ``history`` takes ``--known-at`` (see :func:`time_travel_options`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any
from uuid import UUID

import click
from gtt_cli.context import GttContext, pass_gtt
from gtt_cli.errors import InvalidInput
from gtt_cli.i18n import humanise
from gtt_cli.output import cell_text, output_options, render, to_json
from gtt_cli.records import EVENT_COLUMNS, aggregate_record, event_record

from gtt_domain.application.policy import MASKED, may_read_personal
from gtt_domain.domain.errors import NotFoundError
from gtt_domain.privacy.mapper import PERSONAL

section = "query"


def parse_id(text: str) -> UUID:
    """A whole id, or the short id a table printed (looked up in the timeline)."""
    try:
        return UUID(text.strip())
    except ValueError:
        pass
    from gtt_cli.readside import read_model
    from gtt_projections.queries.ids import AmbiguousIdError, resolve_id

    try:  # an office's key (学号, 编号…) or a short id
        return resolve_id(read_model(click.get_current_context().find_object(GttContext)), text)
    except AmbiguousIdError as e:
        raise InvalidInput(str(e)) from None
    except NotFoundError:
        raise InvalidInput(f"{text.strip()!r} matches no record") from None
    except ValueError as e:
        raise InvalidInput(str(e)) from None


def timetravel() -> ModuleType | None:
    """The audit helper's time-travel module, if present."""
    name = "gtt_domain.application.timetravel"
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as e:
        if e.name == name:
            return None
        raise


def load_state(gtt: GttContext, aggregate_id: UUID, **when: Any) -> Any:
    """The aggregate now, or (with time travel) as of a date / as known at a time: its whole
    history folded, with the details the command side leaves to the events (an internship's
    days, issue 17). Never from a snapshot: a snapshot is a cache outside the hash chain, so
    an edited one must not be what is shown; one that disagrees is named on stderr
    (docs/integrity.md)."""
    from gtt_domain.integrity.snapshots import replay_aggregate, snapshots_of

    tt = timetravel()
    if tt is None:
        agg, bad = replay_aggregate(gtt.app, aggregate_id)
    else:
        agg = tt.state_at(gtt.app, aggregate_id, **when)
        bad = [] if agg is None or any(v is not None for v in when.values()) else \
            snapshots_of(gtt.app, aggregate_id)[1]
    if agg is None:
        raise NotFoundError("aggregate", aggregate_id)
    for b in bad:
        click.echo(f"warning: the stored snapshot at version {b.version} disagrees with this "
                   "record's events and was ignored (run gtt audit verify --snapshots)", err=True)
    return agg


def load_events(gtt: GttContext, aggregate_id: UUID, known_at: Any = None) -> list[Any]:
    if known_at is not None:
        tt = timetravel()
        assert tt is not None
        events = list(tt.history(gtt.app, aggregate_id, known_at=known_at))
    else:
        events = list(gtt.app.events.get(aggregate_id))
    if not events:
        raise NotFoundError("aggregate", aggregate_id)
    return events


def time_travel_options(*names: str) -> Callable[[Any], Any]:
    """Add ``--as-of``/``--known-at`` when the time-travel module exists; else nothing."""
    from gtt_cli.params import DAY, MOMENT

    specs = {
        "as_of": click.option("--as-of", "as_of", type=DAY, help="State as it was on this date (effective time)."),
        "known_at": click.option("--known-at", "known_at", type=MOMENT,
                                 help="As the record stood at this time (recorded time; UTC without an offset)."),
    }

    def deco(f: Any) -> Any:
        if timetravel() is None:
            return f
        for name in reversed(names):
            f = specs[name](f)
        return f

    return deco


@click.command(help="""Print an aggregate's current state (JSON by default).

A person's personal fields are shown as *** to an actor the policy (GTT_POLICY) does
not allow to read them.

\b
Example:
  gtt show 0b9d3c1e-5f7a-4e59-9a55-3f0c7d1e2a10
  gtt show 0b9d3c1e-5f7a-4e59-9a55-3f0c7d1e2a10 --format table""")
@click.argument("aggregate_id", metavar="ID")
@time_travel_options("as_of", "known_at")
@output_options(default="json")
@pass_gtt
def show(gtt: GttContext, aggregate_id: str, fmt: str, **when: Any) -> None:
    record = aggregate_record(load_state(gtt, parse_id(aggregate_id), **when))
    if record["state"].get(PERSONAL) is not None and not may_read_personal(gtt.app):
        record["state"][PERSONAL] = MASKED
    if fmt == "json":
        click.echo(to_json(record))
        return
    rows = [{"attribute": k, "value": v} for k, v in record.items() if k != "state"]
    rows += [{"attribute": f"state.{k}", "value": v} for k, v in record["state"].items()]
    click.echo(render(rows, ("attribute", "value"), fmt, gtt.lang, color=gtt.color))


@click.command(help="""List an aggregate's events in order, with who recorded each and when.

Personal fields are shown as *** to an actor the policy (GTT_POLICY) does not allow to
read them.

\b
Example:
  gtt history 0b9d3c1e-5f7a-4e59-9a55-3f0c7d1e2a10 --format table
  gtt history 0b9d3c1e-5f7a-4e59-9a55-3f0c7d1e2a10 --format csv > history.csv""")
@click.argument("aggregate_id", metavar="ID")
@time_travel_options("known_at")
@output_options
@pass_gtt
def history(gtt: GttContext, aggregate_id: str, fmt: str, known_at: Any = None) -> None:
    rows = [event_record(e) for e in load_events(gtt, parse_id(aggregate_id), known_at)]
    if not may_read_personal(gtt.app):
        for row in rows:
            if row["fields"].get(PERSONAL) is not None:
                row["fields"][PERSONAL] = MASKED
    columns = EVENT_COLUMNS
    if fmt == "table":  # for reading: words, fields as name=value, no correlation column
        columns = tuple(c for c in EVENT_COLUMNS if c not in ("correlation_id", "os_user"))
        for row in rows:
            row["type"] = humanise(row["type"])
            row["fields"] = ", ".join(
                f"{k}={cell_text(v)}" for k, v in row["fields"].items() if v is not None
            )
    click.echo(render(rows, columns, fmt, gtt.lang, color=gtt.color))


commands = [show, history]
