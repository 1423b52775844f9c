"""``gtt exchanges list|show``: exchanges from the read tables."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import click
from gtt_cli.commands.readside_common import (
    id_option,
    no_catch_up,
    print_detail,
    print_list,
    range_options,
)
from gtt_cli.context import GttContext, pass_gtt
from gtt_cli.ids import EXCHANGE_ID
from gtt_cli.output import output_options
from gtt_cli.readside import read_model
from gtt_projections.queries.exchanges import ExchangeSummary, get_exchange, list_exchanges

from gtt_domain.domain.exchange_parts import ExchangeKind, ExchangeStatus

section = "query"

TABLE_COLUMNS = ("id", "person", "kind", "sending", "host", "status", "planned_start", "days_on_site")
#: names shown beside the ids in tables
NAMES = {"person": ("person", "person_id"), "sending": ("institution", "sending_id"),
         "host": ("institution", "host_id"), "community": ("community", "community_id"),
         "agreement": ("agreement", "agreement_id")}
ALL_COLUMNS = tuple(ExchangeSummary.model_fields)
CHILDREN = {"days": ("from_day", "to_day", "days"),
            "reviews": ("seq", "reviewed_on", "rating", "summary")}


@click.group(help="""List exchanges and show one with its days on site and reviews.

\b
Example:
  gtt exchanges list --kind rotation --status started --format table""")
def exchanges() -> None:
    pass


@exchanges.command("list", help="""List exchanges by planned start, optionally filtered.

--from/--to keep exchanges whose planned cycle overlaps that period.

\b
Example:
  gtt exchanges list --institution 0b9d3c1e-5f7a-4e59-9a55-3f0c7d1e2a10 --from 2025-09-01""")
@click.option("--kind", type=click.Choice([k.value for k in ExchangeKind]), help="Only this kind.")
@click.option("--status", type=click.Choice([s.value for s in ExchangeStatus]), help="Only this status.")
@id_option("institution", "Only exchanges sending from or hosted at ID.")
@id_option("host", "Only exchanges hosted at ID.")
@id_option("person", "Only exchanges of this person.")
@id_option("community", "Only exchanges of this community.")
@id_option("agreement", "Only exchanges under this agreement.")
@range_options("planned", "Planned to end on or after this day.", "Planned to start on or before this day.")
@no_catch_up
@output_options
@pass_gtt
def list_(gtt: GttContext, kind: str | None, status: str | None, institution: UUID | None,
          host: UUID | None, person: UUID | None, community: UUID | None, agreement: UUID | None,
          from_: date | None, to: date | None, no_catch_up: bool, fmt: str) -> None:
    found = list_exchanges(read_model(gtt), kind=kind, status=status, institution_id=institution,
                           host_id=host, person_id=person, community_id=community,
                           agreement_id=agreement, planned_from=from_, planned_to=to,
                           catch_up=not no_catch_up)
    print_list(gtt, found, TABLE_COLUMNS, ALL_COLUMNS, fmt, NAMES)


@exchanges.command(help="""Show one exchange with its days on site and interim reviews.

\b
Example:
  gtt exchanges show 0b9d3c1e-5f7a-4e59-9a55-3f0c7d1e2a10 --format table""")
@click.argument("exchange_id", metavar="ID", type=EXCHANGE_ID)
@no_catch_up
@output_options(default="json")
@pass_gtt
def show(gtt: GttContext, exchange_id: UUID, no_catch_up: bool, fmt: str) -> None:
    detail = get_exchange(read_model(gtt), exchange_id, catch_up=not no_catch_up)
    print_detail(gtt, detail, ALL_COLUMNS, CHILDREN, fmt, NAMES)


commands = [exchanges]
