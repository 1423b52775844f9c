"""Handlers for adoptions: the adopter must exist; adopting again after an end adds a period."""

from __future__ import annotations

from uuid import UUID

from gtt_domain.application.existence import require_existing
from gtt_domain.application.handlers import Handler
from gtt_domain.application.unit_of_work import UnitOfWork
from gtt_domain.commands import adoption as c
from gtt_domain.commands.base import Command
from gtt_domain.domain.adoption import Adoption, adoption_id
from gtt_domain.domain.agreement import Agreement
from gtt_domain.domain.base import GttAggregate
from gtt_domain.domain.community import Community
from gtt_domain.domain.errors import DomainError
from gtt_domain.domain.institution import Institution
from gtt_domain.domain.meta import EventMeta

KINDS: dict[str, type[GttAggregate]] = {"institution": Institution, "agreement": Agreement, "community": Community}


def adopt(uow: UnitOfWork, cmd: c.AdoptPack, meta: EventMeta) -> UUID:
    kind, adopter = cmd.adopter
    require_existing(uow, [UUID(adopter)], KINDS[kind])
    aid = adoption_id(cmd.pack_id, kind, adopter)
    existing = uow.find(aid, Adoption)
    if existing is None:
        uow.add(Adoption.adopt(cmd.pack_id, kind, adopter, cmd.from_day, cmd.until, cmd.authority,
                               cmd.reference, meta))
    else:
        existing.readopt(cmd.from_day, cmd.until, cmd.authority, cmd.reference, meta)
    return aid


def end(uow: UnitOfWork, cmd: c.EndAdoption, meta: EventMeta) -> UUID:
    kind, adopter = cmd.adopter
    aid = adoption_id(cmd.pack_id, kind, adopter)
    existing = uow.find(aid, Adoption)
    if existing is None:
        raise DomainError("adoption", "end_adoption", f"{kind} {adopter} never adopted {cmd.pack_id}")
    existing.end(cmd.until, cmd.reason, meta)
    return aid


HANDLERS: dict[type[Command], Handler] = {c.AdoptPack: adopt, c.EndAdoption: end}
