"""Handlers for specialty exemptions: the school, hosts and internships named must exist;
filing the same reference again records nothing."""

from __future__ import annotations

from uuid import UUID

from gtt_domain.application.existence import require_existing
from gtt_domain.application.handlers import Handler
from gtt_domain.application.unit_of_work import UnitOfWork
from gtt_domain.commands import exemption as c
from gtt_domain.commands.base import Command
from gtt_domain.domain.exemption import Exemption, exemption_id
from gtt_domain.domain.institution import Institution
from gtt_domain.domain.internship import Internship
from gtt_domain.domain.meta import EventMeta


def file(uow: UnitOfWork, cmd: c.FileExemption, meta: EventMeta) -> UUID:
    eid = exemption_id(cmd.authority, cmd.reference)
    if uow.find(eid, Exemption) is not None:
        return eid  # idempotent: this filing is on record
    require_existing(uow, [cmd.school_id, *cmd.host_ids], Institution)
    require_existing(uow, cmd.internship_ids, Internship)
    uow.add(Exemption.file(
        cmd.kind.value, cmd.authority, cmd.reference, cmd.filed_on, str(cmd.school_id),
        [str(h) for h in cmd.host_ids], list(cmd.majors), [p.value for p in cmd.post_categories],
        [str(i) for i in cmd.internship_ids], cmd.from_day, cmd.until, cmd.note, meta))
    return eid


def revoke(uow: UnitOfWork, cmd: c.RevokeExemption, meta: EventMeta) -> UUID:
    uow.get(cmd.exemption_id, Exemption).revoke(cmd.on, cmd.reason, meta)
    return cmd.exemption_id


HANDLERS: dict[type[Command], Handler] = {c.FileExemption: file, c.RevokeExemption: revoke}
