"""``gtt agreements list|show``: agreements from the read tables."""

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
from gtt_cli.ids import AGREEMENT_ID
from gtt_cli.output import output_options
from gtt_cli.readside import read_model
from gtt_projections.queries.agreements import AgreementSummary, get_agreement, list_agreements

from gtt_domain.domain.agreement_parts import AgreementKind, AgreementStatus

section = "query"

TABLE_COLUMNS = ("id", "kind", "title", "status", "term_start", "term_end")
ALL_COLUMNS = tuple(AgreementSummary.model_fields)
CHILDREN = {
    "parties": ("party_id", "party_kind", "role", "signed_on"),
    "obligations": ("obligation_id", "cadence", "quantity", "fulfilment_count", "fulfilled_quantity"),
    "fulfilments": ("seq", "obligation_id", "fulfilled_on", "quantity", "amount"),
    "status_history": ("seq", "status", "from_date", "reason"),
}


@click.group(help="""List agreements and show one with parties, obligations, fulfilments
and status history.

\b
Example:
  gtt agreements list --status active --format table""")
def agreements() -> None:
    pass


@agreements.command("list", help="""List agreements by term start, optionally filtered.

--from/--to keep agreements whose term overlaps that period (an open end counts as open).

\b
Example:
  gtt agreements list --major N1 --from 2025-09-01 --to 2026-08-31 --format csv""")
@click.option("--kind", type=click.Choice([k.value for k in AgreementKind]), help="Only this kind.")
@click.option("--status", type=click.Choice([s.value for s in AgreementStatus]), help="Only this status.")
@id_option("institution", "Only agreements with institution ID as a party.")
@id_option("person", "Only agreements with person ID as a party.")
@id_option("community", "Only agreements of this community.")
@click.option("--major", metavar="CODE", help="Only agreements covering this major code.")
@range_options("term", "Term ends on or after this day (or is open).", "Term starts on or before this day.")
@no_catch_up
@output_options
@pass_gtt
def list_(gtt: GttContext, kind: str | None, status: str | None, institution: UUID | None,
          person: UUID | None, community: UUID | None, major: str | None, from_: date | None,
          to: date | None, no_catch_up: bool, fmt: str) -> None:
    found = list_agreements(read_model(gtt), kind=kind, status=status, institution_id=institution,
                            person_id=person, community_id=community, major=major,
                            term_from=from_, term_to=to, catch_up=not no_catch_up)
    print_list(gtt, found, TABLE_COLUMNS, ALL_COLUMNS, fmt)


@agreements.command(help="""Show one agreement with everything under it.

\b
Example:
  gtt agreements show 0b9d3c1e-5f7a-4e59-9a55-3f0c7d1e2a10 --format table""")
@click.argument("agreement_id", metavar="ID", type=AGREEMENT_ID)
@no_catch_up
@output_options(default="json")
@pass_gtt
def show(gtt: GttContext, agreement_id: UUID, no_catch_up: bool, fmt: str) -> None:
    detail = get_agreement(read_model(gtt), agreement_id, catch_up=not no_catch_up)
    print_detail(gtt, detail, (*ALL_COLUMNS, "majors"), CHILDREN, fmt)


commands = [agreements]
