"""Handlers for agreement commands: parties and the community must exist (checked cheaply,
see ``application.existence``); whether a party may sign is the aggregate's call."""

from __future__ import annotations

from uuid import UUID, uuid4

from gtt_domain.application.corrections import effective_as_original
from gtt_domain.application.existence import require_existing
from gtt_domain.application.handlers import Handler
from gtt_domain.application.unit_of_work import UnitOfWork
from gtt_domain.commands import agreement as c
from gtt_domain.commands.base import Command
from gtt_domain.domain.agreement import Agreement
from gtt_domain.domain.agreement_parts import Obligation, PartyKind
from gtt_domain.domain.base import natural_id
from gtt_domain.domain.community import Community
from gtt_domain.domain.institution import Institution
from gtt_domain.domain.meta import EventMeta
from gtt_domain.domain.person import Person


def _agreement(uow: UnitOfWork, agreement_id: UUID) -> Agreement:
    return uow.get(agreement_id, Agreement)


def _require_party_exists(uow: UnitOfWork, party_id: UUID, party_kind: PartyKind) -> None:
    kind = Institution if party_kind == PartyKind.INSTITUTION else Person
    require_existing(uow, [party_id], kind)


def _obligation(spec: c.ObligationSpec | c.AddObligation) -> Obligation:
    return Obligation(
        obligation_id=spec.obligation_id, description=spec.description, obligor=str(spec.obligor),
        quantity=spec.quantity, unit=spec.unit, cadence=spec.cadence.value,
        lead_days=spec.lead_days, amount=spec.amount,
    )


def draft(uow: UnitOfWork, cmd: c.DraftAgreement, meta: EventMeta) -> UUID:
    if cmd.external_id is not None:
        aid = natural_id("agreement", cmd.external_id)
        if uow.find(aid, Agreement) is not None:
            return aid  # idempotent: this import row was drafted before
    else:
        aid = uuid4()
    for party in cmd.parties:
        _require_party_exists(uow, party.party_id, party.party_kind)
    if cmd.community_id is not None:
        require_existing(uow, [cmd.community_id], Community)
    agreement = uow.add(Agreement.draft(
        id=aid, kind=cmd.kind.value, title=cmd.title, drafted_on=cmd.drafted_on,
        term_start=cmd.term_start, term_end=cmd.term_end, majors=list(cmd.majors),
        community_id=str(cmd.community_id) if cmd.community_id else None,
        external_id=cmd.external_id, meta=meta,
    ))
    for party in cmd.parties:
        agreement.add_party(str(party.party_id), party.party_kind.value, party.role.value, meta)
    for spec in cmd.obligations:
        agreement.add_obligation(_obligation(spec), meta)
    return aid


def add_party(uow: UnitOfWork, cmd: c.AddAgreementParty, meta: EventMeta) -> UUID:
    agreement = _agreement(uow, cmd.agreement_id)
    _require_party_exists(uow, cmd.party_id, cmd.party_kind)
    agreement.add_party(str(cmd.party_id), cmd.party_kind.value, cmd.role.value, meta)
    return cmd.agreement_id


def remove_party(uow: UnitOfWork, cmd: c.RemoveAgreementParty, meta: EventMeta) -> UUID:
    _agreement(uow, cmd.agreement_id).remove_party(str(cmd.party_id), meta)
    return cmd.agreement_id


def add_obligation(uow: UnitOfWork, cmd: c.AddObligation, meta: EventMeta) -> UUID:
    _agreement(uow, cmd.agreement_id).add_obligation(_obligation(cmd), meta)
    return cmd.agreement_id


def sign(uow: UnitOfWork, cmd: c.SignAgreement, meta: EventMeta) -> UUID:
    _agreement(uow, cmd.agreement_id).sign(str(cmd.party_id), cmd.on, meta)
    return cmd.agreement_id


def activate(uow: UnitOfWork, cmd: c.ActivateAgreement, meta: EventMeta) -> UUID:
    _agreement(uow, cmd.agreement_id).activate(cmd.on, meta)
    return cmd.agreement_id


def amend(uow: UnitOfWork, cmd: c.AmendAgreement, meta: EventMeta) -> UUID:
    _agreement(uow, cmd.agreement_id).amend(
        cmd.on, cmd.summary, meta, new_end=cmd.new_end,
        obligations=[_obligation(s) for s in cmd.obligations],
        dropped_obligation_ids=list(cmd.dropped_obligation_ids))
    return cmd.agreement_id


def suspend(uow: UnitOfWork, cmd: c.SuspendAgreement, meta: EventMeta) -> UUID:
    _agreement(uow, cmd.agreement_id).suspend(cmd.on, cmd.reason, meta)
    return cmd.agreement_id


def resume(uow: UnitOfWork, cmd: c.ResumeAgreement, meta: EventMeta) -> UUID:
    _agreement(uow, cmd.agreement_id).resume(cmd.on, meta)
    return cmd.agreement_id


def renew(uow: UnitOfWork, cmd: c.RenewAgreement, meta: EventMeta) -> UUID:
    _agreement(uow, cmd.agreement_id).renew(cmd.on, cmd.new_end, meta)
    return cmd.agreement_id


def expire(uow: UnitOfWork, cmd: c.ExpireAgreement, meta: EventMeta) -> UUID:
    _agreement(uow, cmd.agreement_id).expire(cmd.on, meta)
    return cmd.agreement_id


def terminate(uow: UnitOfWork, cmd: c.TerminateAgreement, meta: EventMeta) -> UUID:
    _agreement(uow, cmd.agreement_id).terminate(cmd.on, cmd.reason, meta)
    return cmd.agreement_id


def hang_plaque(uow: UnitOfWork, cmd: c.HangAgreementPlaque, meta: EventMeta) -> UUID:
    _agreement(uow, cmd.agreement_id).hang_plaque(cmd.on, str(cmd.party_id), cmd.text, meta)
    return cmd.agreement_id


def record_fulfilment(uow: UnitOfWork, cmd: c.RecordFulfilment, meta: EventMeta) -> UUID:
    _agreement(uow, cmd.agreement_id).record_fulfilment(
        cmd.obligation_id, cmd.on, meta, quantity=cmd.quantity, amount=cmd.amount,
        note=cmd.note, evidence_ref=cmd.evidence_ref)
    return cmd.agreement_id


def add_kind(uow: UnitOfWork, cmd: c.AddAgreementKind, meta: EventMeta) -> UUID:
    _agreement(uow, cmd.agreement_id).add_kind(cmd.kind.value, cmd.on, meta)
    return cmd.agreement_id


def correct_fulfilment(uow: UnitOfWork, cmd: c.CorrectFulfilment, meta: EventMeta) -> UUID:
    a = _agreement(uow, cmd.agreement_id)
    if 1 <= cmd.item <= len(a.fulfilments):
        meta = effective_as_original(uow.app, cmd.agreement_id, a.fulfilments[cmd.item - 1].version, meta)
    a.correct_fulfilment(cmd.item, meta, reason=cmd.reason, retracted=cmd.retract, on=cmd.on,
                         quantity=cmd.quantity, amount=cmd.amount, note=cmd.note)
    return cmd.agreement_id


#: command model -> its handler (the application's table is built from these)
HANDLERS: dict[type[Command], Handler] = {
    c.DraftAgreement: draft,
    c.AddAgreementParty: add_party,
    c.RemoveAgreementParty: remove_party,
    c.AddObligation: add_obligation,
    c.SignAgreement: sign,
    c.ActivateAgreement: activate,
    c.AmendAgreement: amend,
    c.SuspendAgreement: suspend,
    c.ResumeAgreement: resume,
    c.RenewAgreement: renew,
    c.ExpireAgreement: expire,
    c.TerminateAgreement: terminate,
    c.HangAgreementPlaque: hang_plaque,
    c.RecordFulfilment: record_fulfilment,
    c.CorrectFulfilment: correct_fulfilment,
    c.AddAgreementKind: add_kind,
}
