"""``gtt communities list|show|activities``: communities from the read tables."""

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
from gtt_cli.ids import COMMUNITY_ID
from gtt_cli.output import output_options
from gtt_cli.readside import read_model
from gtt_projections.queries.communities import (
    Activity,
    CommunitySummary,
    get_community,
    list_activities,
    list_communities,
)

from gtt_domain.domain.community_parts import ActivityKind, CommunityKind

section = "query"

TABLE_COLUMNS = ("id", "name", "kind", "status", "head", "member_count")
#: names shown beside the ids in tables
NAMES = {"head": ("institution", "core_institution_id")}
ALL_COLUMNS = tuple(CommunitySummary.model_fields)
MEMBER_COLUMNS = ("institution_id", "role", "joined_on", "left_on")
ROLE_COLUMNS = ("person_id", "role", "since", "until")
ACTIVITY_TABLE = ("activity_id", "kind", "held_on", "participant_count")
ACTIVITY_COLUMNS = tuple(Activity.model_fields)


@click.group(help="""List communities and show one with members, roles and activities.

\b
Example:
  gtt communities list --kind education_group --region Anxi --format table""")
def communities() -> None:
    pass


@communities.command("list", help="""List communities by name, optionally filtered.

\b
Example:
  gtt communities list --institution 0b9d3c1e-5f7a-4e59-9a55-3f0c7d1e2a10 --status active""")
@click.option("--kind", type=click.Choice([k.value for k in CommunityKind]), help="Only this kind.")
@click.option("--region", metavar="TEXT", help="Only this district or county.")
@click.option("--status", type=click.Choice(["active", "dissolved"]), help="Only this status.")
@id_option("institution", "Only communities ID is a current member of (head included).")
@range_options("established", "Established on or after this day.", "Established on or before this day.")
@no_catch_up
@output_options
@pass_gtt
def list_(gtt: GttContext, kind: str | None, region: str | None, status: str | None,
          institution: UUID | None, from_: date | None, to: date | None, no_catch_up: bool,
          fmt: str) -> None:
    found = list_communities(read_model(gtt), kind=kind, region=region, status=status,
                             institution_id=institution, established_from=from_,
                             established_to=to, catch_up=not no_catch_up)
    print_list(gtt, found, TABLE_COLUMNS, ALL_COLUMNS, fmt, NAMES)


@communities.command(help="""Show one community with its members, roles and activities.

\b
Example:
  gtt communities show 0b9d3c1e-5f7a-4e59-9a55-3f0c7d1e2a10 --format table""")
@click.argument("community_id", metavar="ID", type=COMMUNITY_ID)
@no_catch_up
@output_options(default="json")
@pass_gtt
def show(gtt: GttContext, community_id: UUID, no_catch_up: bool, fmt: str) -> None:
    detail = get_community(read_model(gtt), community_id, catch_up=not no_catch_up)
    print_detail(gtt, detail, ALL_COLUMNS, {"members": MEMBER_COLUMNS, "roles": ROLE_COLUMNS,
                                            "activities": ACTIVITY_TABLE}, fmt)


@communities.command(help="""List activities held by communities, by date.

\b
Example:
  gtt communities activities --kind research_activity --from 2025-09-01 --to 2026-01-31""")
@id_option("community", "Only activities of this community.")
@click.option("--kind", type=click.Choice([k.value for k in ActivityKind]), help="Only this kind.")
@id_option("person", "Only activities this person took part in.")
@range_options("held", "Held on or after this day.", "Held on or before this day.")
@no_catch_up
@output_options
@pass_gtt
def activities(gtt: GttContext, community: UUID | None, kind: str | None, person: UUID | None,
               from_: date | None, to: date | None, no_catch_up: bool, fmt: str) -> None:
    found = list_activities(read_model(gtt), community_id=community, kind=kind, person_id=person,
                            held_from=from_, held_to=to, catch_up=not no_catch_up)
    print_list(gtt, found, ("community_id", *ACTIVITY_TABLE), ACTIVITY_COLUMNS, fmt)


commands = [communities]
