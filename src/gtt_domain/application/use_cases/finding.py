"""Handlers for a finding's life: the first step opens the finding's case."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from gtt_domain.application.handlers import Handler
from gtt_domain.application.unit_of_work import UnitOfWork
from gtt_domain.commands import finding as c
from gtt_domain.commands.base import Command
from gtt_domain.domain.finding_case import FindingCase, case_id
from gtt_domain.domain.meta import EventMeta


def _case(uow: UnitOfWork, cmd: c.FindingCommand, meta: EventMeta) -> FindingCase:
    existing = uow.find(case_id(cmd.key), FindingCase)
    if existing is not None:
        return existing
    rule_id, kind, subject = cmd.subject()
    return uow.add(FindingCase.track(cmd.key, rule_id, kind, subject, meta))


def _step(act: Callable[[FindingCase, c.FindingCommand, EventMeta], None]) -> Handler:
    def handle(uow: UnitOfWork, cmd: c.FindingCommand, meta: EventMeta) -> UUID:
        case = _case(uow, cmd, meta)
        act(case, cmd, meta)
        return case.id
    return handle


HANDLERS: dict[type[Command], Handler] = {
    c.AcknowledgeFinding: _step(lambda f, x, m: f.acknowledge(x.note, m)),  # type: ignore[attr-defined]
    c.AssignFinding: _step(lambda f, x, m: f.assign(x.assignee, x.due, x.note, m)),  # type: ignore[attr-defined]
    c.DisputeFinding: _step(lambda f, x, m: f.dispute_finding(x.reason, m)),  # type: ignore[attr-defined]
    c.RejectDispute: _step(lambda f, x, m: f.reject_dispute(x.reason, m)),  # type: ignore[attr-defined]
    c.WaiveFinding: _step(lambda f, x, m: f.waive(x.authority, x.reason, x.until, m)),  # type: ignore[attr-defined]
    c.RemedyFinding: _step(lambda f, x, m: f.record_remedy(x.evidence, x.on, m)),  # type: ignore[attr-defined]
    c.CloseFinding: _step(lambda f, x, m: f.close(x.note, m)),  # type: ignore[attr-defined]
    c.ReopenFinding: _step(lambda f, x, m: f.reopen(x.reason, m)),  # type: ignore[attr-defined]
}
