"""``gtt rules adopt|end-adoption|adoptions``: where plans and local packs apply."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import click
from gtt_cli.commands import get_or_create_group
from gtt_cli.context import GttContext, pass_gtt
from gtt_cli.errors import InvalidInput
from gtt_cli.i18n import LABELS, add_labels
from gtt_cli.output import output_options, render
from gtt_cli.params import DAY, MOMENT

from gtt_domain.audit import PackError, resolve_packs
from gtt_domain.audit.adoptions import adoptions_on_record
from gtt_domain.commands.adoption import AdoptPack, EndAdoption

section = "admin"

add_labels({k: v for k, v in {
    "pack_id": ("Pack", "规则包"), "adopter_kind": ("Adopter kind", "采用方类别"),
    "adopter_id": ("Adopter id", "采用方编号"), "adopter": ("Adopter", "采用方"), "from_day": ("From", "起"),
    "until": ("Until", "止"), "authority": ("Authority", "决定机关"), "reference": ("Reference", "文号"),
    "in_force": ("In force", "有效"),
}.items() if k not in LABELS})

rules = get_or_create_group("rules", "The rule packs: shipped ones and your own files.", section="admin")
COLUMNS = ("pack_id", "adopter_kind", "adopter", "adopter_id", "from_day", "until", "authority", "reference", "in_force")


def adopter_options(fn: Any) -> Any:
    for kind in ("community", "agreement", "institution"):
        fn = click.option(f"--{kind}", f"{kind}_id", metavar="ID", help=f"The adopting {kind}'s id.")(fn)
    return fn


def adopter_of(institution_id: str | None, agreement_id: str | None, community_id: str | None,
               gtt: GttContext | None = None) -> dict[str, UUID]:
    """The one adopter given: a whole id, its key (a school's code, an agreement number) or a short id."""
    given = {k: v for k, v in (("institution_id", institution_id), ("agreement_id", agreement_id),
                               ("community_id", community_id)) if v}
    if len(given) != 1:
        raise InvalidInput("name exactly one adopter: --institution, --agreement or --community")
    (key, value), = given.items()
    try:
        return {key: UUID(value)}
    except ValueError:
        pass
    if gtt is not None:
        from gtt_cli.keys import resolver
        from gtt_cli.readside import read_model

        try:
            return {key: UUID(resolver(gtt.app, lambda: read_model(gtt))(value, key.removesuffix("_id"),
                                                                           f"--{key.removesuffix('_id')}"))}
        except InvalidInput:
            pass
    raise InvalidInput(f"--{key.removesuffix('_id')}: {value!r} is not an id, nor the key of a "
                       f"{key.removesuffix('_id')} on record")


def known_pack(pack_id: str, files: tuple[str, ...]) -> None:
    try:
        known = {p.header.id: p for p in resolve_packs(list(files) or None)}
    except PackError as e:
        raise InvalidInput(f"--pack: {e}") from None
    if files:
        known.update({p.header.id: p for p in resolve_packs(None)})
    pack = known.get(pack_id)
    if pack is None:
        raise InvalidInput(f"no pack {pack_id!r}; shipped: {', '.join(sorted(known))} (or name your file with --pack)")
    if pack.header.applies == "law":
        raise InvalidInput(f"{pack_id} applies by law to {pack.header.scope.model_dump(exclude_none=True) or 'everything'}; "
                           "it needs no adoption")


@rules.command("adopt", help="""Record that an institution, agreement or community adopts a pack.

A plan (P1 … P13) or a local pack applies only to what adopted it, from --from to --until
(both days included; open-ended without --until). An institution's adoption covers what it
sends, hosts, heads or is party to; a bureau's, its region; an agreement's, the
internships and exchanges run under it; a community's, the community and its exchanges.
Adopting again after an end adds a period.

\b
Example:
  gtt rules adopt P10 --agreement AID --from 2024-11-01
  gtt rules adopt P1 --community CID --from 2024-08-20 --authority 'Anxi County Education Bureau'
  gtt rules adopt COUNTY --pack county.toml --institution IID --from 2025-01-01""")
@click.argument("pack_id", metavar="PACK")
@adopter_options
@click.option("--from", "from_day", type=DAY, required=True, help="The first day the pack applies.")
@click.option("--until", type=DAY, help="The last day it applies [default: open-ended].")
@click.option("--authority", help="Who decided (a council, a bureau).")
@click.option("--reference", help="The decision's document number.")
@click.option("--pack", "files", multiple=True, metavar="FILE", help="Your own pack file, to adopt its id.")
@click.option("--effective-at", type=MOMENT, help="When the adoption was decided [default: --from].")
@pass_gtt
def adopt(gtt: GttContext, pack_id: str, institution_id: str | None, agreement_id: str | None,
          community_id: str | None, from_day: date, until: date | None, authority: str | None,
          reference: str | None, files: tuple[str, ...], effective_at: Any) -> None:
    known_pack(pack_id, files)
    cmd = AdoptPack(pack_id=pack_id, from_day=from_day, until=until, authority=authority, reference=reference,
                    **adopter_of(institution_id, agreement_id, community_id, gtt))
    click.echo(str(gtt.app.handle(cmd, actor=gtt.actor, effective_at=effective_at)))


@rules.command("end-adoption", help="""Record that an adopter stops applying a pack after --until (its last day).

\b
Example:
  gtt rules end-adoption P10 --agreement AID --until 2027-10-31 --reason 'agreement expired'""")
@click.argument("pack_id", metavar="PACK")
@adopter_options
@click.option("--until", type=DAY, required=True, help="The last day the pack applies.")
@click.option("--reason", help="Why it ends.")
@pass_gtt
def end_adoption(gtt: GttContext, pack_id: str, institution_id: str | None, agreement_id: str | None,
                 community_id: str | None, until: date, reason: str | None) -> None:
    cmd = EndAdoption(pack_id=pack_id, until=until, reason=reason,
                      **adopter_of(institution_id, agreement_id, community_id, gtt))
    click.echo(str(gtt.app.handle(cmd, actor=gtt.actor)))


@rules.command("adoptions", help="""List which institutions, agreements and communities adopted which packs, and when.

\b
Example:
  gtt rules adoptions
  gtt rules adoptions --pack P10 --as-of 2025-03-01 --format json""")
@click.option("--pack", "pack_ids", multiple=True, metavar="ID", help="Only these pack ids (repeatable).")
@click.option("--as-of", "as_of", type=DAY, help="Mark which adoptions are in force that day [default: today].")
@click.option("--known-at", "known_at", type=MOMENT, help="As recorded by then.")
@output_options
@pass_gtt
def adoptions(gtt: GttContext, pack_ids: tuple[str, ...], as_of: date | None, known_at: Any, fmt: str) -> None:
    day = as_of or gtt.app.clock().date()
    rows = [r for r in adoptions_on_record(gtt.app, known_at=known_at, on=day)
            if not pack_ids or r["pack_id"] in pack_ids]
    click.echo(render(rows, COLUMNS, fmt, gtt.lang, color=gtt.color))


commands: list[click.Command] = []
