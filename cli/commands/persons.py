"""``gtt persons list|show``: persons from the read tables (no personal data in them)."""

from __future__ import annotations

from uuid import UUID

import click
from gtt_cli.commands.readside_common import id_option, no_catch_up, print_detail, print_list
from gtt_cli.context import GttContext, pass_gtt
from gtt_cli.errors import Refused
from gtt_cli.ids import PERSON_ID
from gtt_cli.messages import summary
from gtt_cli.output import output_options
from gtt_cli.readside import read_model
from gtt_projections.queries.persons import PersonSummary, get_person, list_persons

from gtt_domain.domain.person import PersonKind
from gtt_domain.privacy.erasure import forget_person

section = "query"

TABLE_COLUMNS = ("id", "name", "kind", "home_institution", "major_code", "erased")
#: names shown beside the ids in tables (a person's name only while readable)
NAMES = {"name": ("person", "id"), "home_institution": ("institution", "home_institution_id")}
ALL_COLUMNS = tuple(PersonSummary.model_fields)
ROLE_COLUMNS = ("role", "since", "until")


@click.group(help="""List persons and show one, from the read tables.

Names, national ids and birth dates are never in the read tables; `show` reads the
name from the person's own (encrypted) record while it is not erased.

\b
Example:
  gtt persons list --kind teacher --format table""")
def persons() -> None:
    pass


@persons.command("list", help="""List persons in registration order, optionally filtered.

\b
Example:
  gtt persons list --kind student --major N1 --format csv""")
@click.option("--kind", type=click.Choice([k.value for k in PersonKind]), help="Only this kind.")
@id_option("institution", "Only persons whose home institution is ID.")
@click.option("--major", metavar="CODE", help="Only students enrolled in this major code.")
@click.option("--role", metavar="SLUG", help="Only persons holding this role now.")
@click.option("--erased/--not-erased", default=None, help="Only persons whose personal data is (not) erased.")
@no_catch_up
@output_options
@pass_gtt
def list_(gtt: GttContext, kind: str | None, institution: UUID | None, major: str | None,
          role: str | None, erased: bool | None, no_catch_up: bool, fmt: str) -> None:
    found = list_persons(read_model(gtt), kind=kind, institution_id=institution, major=major,
                         role=role, erased=erased, catch_up=not no_catch_up)
    print_list(gtt, found, TABLE_COLUMNS, ALL_COLUMNS, fmt, NAMES)


@persons.command(help="""Show one person with their roles.

\b
Example:
  gtt persons show 0b9d3c1e-5f7a-4e59-9a55-3f0c7d1e2a10 --format table""")
@click.argument("person_id", metavar="ID", type=PERSON_ID)
@no_catch_up
@output_options(default="json")
@pass_gtt
def show(gtt: GttContext, person_id: UUID, no_catch_up: bool, fmt: str) -> None:
    detail = get_person(read_model(gtt), person_id, catch_up=not no_catch_up)
    print_detail(gtt, detail, ("display_name", *ALL_COLUMNS), {"roles": ROLE_COLUMNS}, fmt,
                 {"home_institution": ("institution", "home_institution_id")})


@persons.command(help="""Erase a person's personal data by crypto-shredding (PIPL).

\b
First the facts the audit rules read from the personal data (the person's age on each
start date of their internships) are recorded as an event of their own, so findings and
scorecards stay as they were; then the person's key is destroyed and a PersonalDataErased
event records your actor, the requester and the legal basis. The key is then pushed out
of the database file; if another connection keeps it there, the command fails: close
the other readers and run it again to finish. Asks for confirmation unless --yes.
See docs/privacy.md for exactly what is and is not erased.

\b
Example:
    gtt persons forget 3f1c…-… --requester "data subject" --legal-basis "PIPL art. 47" --yes
""")
@click.argument("person_id", metavar="ID", type=PERSON_ID)
@click.option("--requester", required=True,
              help="Who asked for the erasure: a role or case reference, not a name (recorded).")
@click.option("--legal-basis", "legal_basis", required=True,
              help="The legal basis of the erasure, e.g. 'PIPL art. 47' (recorded).")
@click.option("--reason", help="Why the data is erased (recorded on the event).")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_gtt
def forget(gtt: GttContext, person_id: UUID, requester: str, legal_basis: str, reason: str | None,
           yes: bool) -> None:
    if not yes and not click.confirm(summary("confirm_erasure", gtt.lang, id=person_id), err=True):
        raise Refused("erasure not confirmed; nothing recorded", zh="未确认删除；未记录任何内容")
    forget_person(gtt.app, person_id, actor=gtt.actor, reason=reason, requester=requester,
                  legal_basis=legal_basis)
    click.echo(summary("personal_data_erased", gtt.lang, id=person_id))


commands = [persons]
