"""Handlers for exchange commands.

Planning needs an existing person, sending and host institution, and the community and
agreement it names. A host outside the sender's group is recorded, not refused: P1-R2 is
an audit, so only existence is checked here.
"""

from __future__ import annotations

from uuid import UUID, uuid4

from gtt_domain.application.existence import require_existing
from gtt_domain.application.handlers import Handler
from gtt_domain.application.unit_of_work import UnitOfWork
from gtt_domain.commands import exchange as c
from gtt_domain.commands.base import Command
from gtt_domain.domain.agreement import Agreement
from gtt_domain.domain.base import natural_id
from gtt_domain.domain.community import Community
from gtt_domain.domain.exchange import Exchange
from gtt_domain.domain.institution import Institution
from gtt_domain.domain.meta import EventMeta
from gtt_domain.domain.person import Person


def _exchange(uow: UnitOfWork, cmd: c.ExchangeCommand) -> Exchange:
    return uow.get(cmd.exchange_id, Exchange)


def plan(uow: UnitOfWork, cmd: c.PlanExchange, meta: EventMeta) -> UUID:
    if cmd.external_id is not None:
        xid = natural_id("exchange", cmd.external_id)
        if uow.find(xid, Exchange) is not None:
            return xid  # idempotent: this import row was planned before
    else:
        xid = uuid4()
    require_existing(uow, [cmd.person_id], Person)
    require_existing(uow, [cmd.sending_id, cmd.host_id], Institution)
    if cmd.community_id is not None:
        require_existing(uow, [cmd.community_id], Community)
    if cmd.agreement_id is not None:
        require_existing(uow, [cmd.agreement_id], Agreement)
    exchange = uow.add(Exchange.plan(
        id=xid, person_id=str(cmd.person_id), sending_id=str(cmd.sending_id),
        host_id=str(cmd.host_id), kind=cmd.kind.value, mode=cmd.mode.value,
        community_id=str(cmd.community_id) if cmd.community_id else None,
        agreement_id=str(cmd.agreement_id) if cmd.agreement_id else None,
        planned_start=cmd.planned_start, planned_end=cmd.planned_end,
        external_id=cmd.external_id, meta=meta,
    ))
    if cmd.targets:
        exchange.set_targets(list(cmd.targets), meta)
    return xid


def set_targets(uow: UnitOfWork, cmd: c.SetExchangeTargets, meta: EventMeta) -> UUID:
    _exchange(uow, cmd).set_targets(list(cmd.targets), meta)
    return cmd.exchange_id


def file(uow: UnitOfWork, cmd: c.FileExchange, meta: EventMeta) -> UUID:
    _exchange(uow, cmd).file(cmd.authority, cmd.filed_on, meta)
    return cmd.exchange_id


def approve(uow: UnitOfWork, cmd: c.ApproveExchange, meta: EventMeta) -> UUID:
    _exchange(uow, cmd).approve(cmd.by, cmd.on, meta)
    return cmd.exchange_id


def start(uow: UnitOfWork, cmd: c.StartExchange, meta: EventMeta) -> UUID:
    _exchange(uow, cmd).start(cmd.on, meta)
    return cmd.exchange_id


def log_days(uow: UnitOfWork, cmd: c.LogDaysOnSite, meta: EventMeta) -> UUID:
    _exchange(uow, cmd).log_days(cmd.from_day, cmd.to_day, cmd.days, meta)
    return cmd.exchange_id


def correct_days(uow: UnitOfWork, cmd: c.CorrectDaysOnSite, meta: EventMeta) -> UUID:
    _exchange(uow, cmd).correct_days(cmd.from_day, meta, reason=cmd.reason, retracted=cmd.retract,
                                     to_day=cmd.to_day, days=cmd.days)
    return cmd.exchange_id


def record_review(uow: UnitOfWork, cmd: c.RecordInterimReview, meta: EventMeta) -> UUID:
    _exchange(uow, cmd).record_review(cmd.on, cmd.summary, cmd.rating, meta)
    return cmd.exchange_id


def complete(uow: UnitOfWork, cmd: c.CompleteExchange, meta: EventMeta) -> UUID:
    _exchange(uow, cmd).complete(cmd.on, meta)
    return cmd.exchange_id


def assess(uow: UnitOfWork, cmd: c.AssessExchange, meta: EventMeta) -> UUID:
    _exchange(uow, cmd).assess(cmd.on, cmd.result.value, dict(cmd.metrics), meta)
    return cmd.exchange_id


def cancel(uow: UnitOfWork, cmd: c.CancelExchange, meta: EventMeta) -> UUID:
    _exchange(uow, cmd).cancel(cmd.on, cmd.reason, meta)
    return cmd.exchange_id


#: command model -> its handler (the application's table is built from these)
HANDLERS: dict[type[Command], Handler] = {
    c.PlanExchange: plan,
    c.SetExchangeTargets: set_targets,
    c.FileExchange: file,
    c.ApproveExchange: approve,
    c.StartExchange: start,
    c.LogDaysOnSite: log_days,
    c.CorrectDaysOnSite: correct_days,
    c.RecordInterimReview: record_review,
    c.CompleteExchange: complete,
    c.AssessExchange: assess,
    c.CancelExchange: cancel,
}
