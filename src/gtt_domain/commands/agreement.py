"""Commands on agreements: drafting, signing, standing, amendments, plaques, fulfilments.

Each model validates only the shape of the input; whether a fact can be true of the
agreement is the aggregate's call, and policy breaches are recorded.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from gtt_domain.commands.base import Command
from gtt_domain.domain.agreement_parts import AgreementKind, Cadence, PartyKind, PartyRole

Quantity = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=4)]
Money = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2, description="yuan")]
Text = Field(min_length=1, max_length=500)
ObligationId = Annotated[str, Field(min_length=1, max_length=60, description="stable id, e.g. review-meeting")]


class PartySpec(BaseModel):
    """A party and its role; ``party_id`` is an institution's or a person's id."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    party_id: UUID
    party_kind: PartyKind = PartyKind.INSTITUTION
    role: PartyRole


class ObligationSpec(BaseModel):
    """A term: who owes what, how much, how often (e.g. a review meeting once a quarter)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    obligation_id: ObligationId
    description: str = Text
    obligor: UUID = Field(description="the party that owes it")
    quantity: Quantity | None = None
    unit: str | None = Field(None, min_length=1, max_length=40, description="meeting, yuan, course, day")
    cadence: Cadence = Cadence.ONCE
    lead_days: int | None = Field(None, ge=0, le=3660, description="days ahead, e.g. 60 (P10-R3)")
    amount: Money | None = None


class AgreementCommand(Command):
    group = "agreement"

    agreement_id: UUID


class DraftAgreement(Command):
    """Draft an agreement with its term, parties and obligations; with an external id,
    drafting again returns the same id and records nothing."""

    group = "agreement"
    verb = "draft"
    example = ("gtt agreement draft --kind training_base --title 'AC training base' "
               "--drafted-on 2025-01-10 --term-start 2025-02-01 --term-end 2028-01-31 "
               "--parties '[{\"party_id\": \"SCH\", \"role\": \"school\"}]'")

    kind: AgreementKind
    title: str = Field(min_length=1, max_length=200)
    drafted_on: date
    term_start: date
    term_end: date | None = Field(None, description="omit for an open-ended term (a charter)")
    majors: list[str] = Field(default_factory=list, description="major codes covered")
    parties: list[PartySpec] = Field(default_factory=list)
    obligations: list[ObligationSpec] = Field(default_factory=list)
    community_id: UUID | None = None
    external_id: str | None = Field(None, min_length=1, max_length=100,
                                    description="natural key from an import; repeats are no-ops")


class AddAgreementParty(AgreementCommand):
    """Add a party to a drafted agreement."""

    verb = "add-party"
    example = "gtt agreement add-party --agreement-id ID --party-id ENT --role enterprise"

    party_id: UUID
    party_kind: PartyKind = PartyKind.INSTITUTION
    role: PartyRole


class RemoveAgreementParty(AgreementCommand):
    """Remove a party from a drafted agreement."""

    verb = "remove-party"
    example = "gtt agreement remove-party --agreement-id ID --party-id ENT"

    party_id: UUID


class AddObligation(AgreementCommand):
    """Add an obligation to a drafted agreement (later ones come by amendment)."""

    verb = "add-obligation"
    example = ("gtt agreement add-obligation --agreement-id ID --obligation-id review-meeting "
               "--description 'Review meeting' --obligor ENT --quantity 1 --unit meeting "
               "--cadence per_quarter")

    obligation_id: ObligationId
    description: str = Text
    obligor: UUID = Field(description="the party that owes it")
    quantity: Quantity | None = None
    unit: str | None = Field(None, min_length=1, max_length=40, description="meeting, yuan, course, day")
    cadence: Cadence = Cadence.ONCE
    lead_days: int | None = Field(None, ge=0, le=3660, description="days ahead, e.g. 60 (P10-R3)")
    amount: Money | None = None


class SignAgreement(AgreementCommand):
    """Record a party's signature."""

    verb = "sign"
    example = "gtt agreement sign --agreement-id ID --party-id SCH --on 2025-01-20"

    party_id: UUID
    on: date


class ActivateAgreement(AgreementCommand):
    """Put a fully signed agreement in force."""

    verb = "activate"
    example = "gtt agreement activate --agreement-id ID --on 2025-02-01"

    on: date


class AmendAgreement(AgreementCommand):
    """Amend the terms (a new terms version): new end, new or restated obligations, dropped ones."""

    verb = "amend"
    example = "gtt agreement amend --agreement-id ID --on 2025-09-01 --summary 'Meetings monthly'"

    on: date
    summary: str = Text
    new_end: date | None = None
    obligations: list[ObligationSpec] = Field(default_factory=list)
    dropped_obligation_ids: list[ObligationId] = Field(default_factory=list)


class SuspendAgreement(AgreementCommand):
    """Suspend an active agreement."""

    verb = "suspend"
    example = "gtt agreement suspend --agreement-id ID --on 2025-06-01 --reason 'Plant retooling'"

    on: date
    reason: str = Text


class ResumeAgreement(AgreementCommand):
    """Resume a suspended agreement."""

    verb = "resume"
    example = "gtt agreement resume --agreement-id ID --on 2025-08-01"

    on: date


class RenewAgreement(AgreementCommand):
    """Renew an agreement to a later end."""

    verb = "renew"
    example = "gtt agreement renew --agreement-id ID --on 2027-12-01 --new-end 2031-01-31"

    on: date
    new_end: date


class ExpireAgreement(AgreementCommand):
    """Record that the term ran out; the date given is the first day out of force."""

    verb = "expire"
    example = "gtt agreement expire --agreement-id ID --on 2028-02-01"

    on: date


class TerminateAgreement(AgreementCommand):
    """Terminate an agreement; the date given is the first day out of force."""

    verb = "terminate"
    example = "gtt agreement terminate --agreement-id ID --on 2026-03-01 --reason 'Enterprise closed'"

    on: date
    reason: str = Text


class HangAgreementPlaque(AgreementCommand):
    """Record a plaque hung by a party (P9-R6, P13-R1)."""

    verb = "hang-plaque"
    example = ("gtt agreement hang-plaque --agreement-id ID --party-id ENT --on 2025-03-01 "
               "--text 'Off-campus training base'")

    party_id: UUID
    on: date
    text: str = Field(min_length=1, max_length=200)


class RecordFulfilment(AgreementCommand):
    """Record a fulfilment against an obligation (meeting held, equipment delivered, funds paid)."""

    verb = "record-fulfilment"
    example = ("gtt agreement record-fulfilment --agreement-id ID --obligation-id equipment "
               "--on 2025-04-01 --amount 80000 --evidence-ref 'delivery note 17'")

    obligation_id: ObligationId
    on: date
    quantity: Quantity | None = None
    amount: Money | None = None
    note: str | None = Field(None, min_length=1, max_length=500)
    evidence_ref: str | None = Field(None, min_length=1, max_length=200)


class AddAgreementKind(AgreementCommand):
    """Record that the agreement is also of another kind from a date (a training base that is
    also a work-study agreement): rules for either kind apply to it."""

    verb = "add-kind"
    example = "gtt agreement add-kind --agreement-id ID --kind work_study --on 2025-02-01"

    kind: AgreementKind
    on: date


class CorrectFulfilment(AgreementCommand):
    """Correct (or, with --retract, withdraw) a fulfilment: the original stays on record;
    the correction says who changed what and why, and takes effect when the original did."""

    verb = "correct-fulfilment"
    example = ("gtt agreement correct-fulfilment --agreement-id ID --item 2 --amount 60000 "
               "--reason 'delivery note 17 lists 60,000 of equipment'")

    item: int = Field(ge=1, description="the fulfilment's number, from 1, in the order recorded")
    on: date | None = None
    quantity: Quantity | None = None
    amount: Money | None = None
    note: str | None = Field(None, min_length=1, max_length=500)
    retract: bool = Field(False, description="withdraw the fulfilment as recorded in error")
    reason: str = Field(min_length=1, max_length=500, description="why the record was wrong")


#: the commands of this module, in the order of their help (an explicit list)
COMMANDS: tuple[type[Command], ...] = (
    DraftAgreement,
    AddAgreementParty,
    RemoveAgreementParty,
    AddObligation,
    SignAgreement,
    ActivateAgreement,
    AmendAgreement,
    SuspendAgreement,
    ResumeAgreement,
    RenewAgreement,
    ExpireAgreement,
    TerminateAgreement,
    HangAgreementPlaque,
    RecordFulfilment,
    CorrectFulfilment,
    AddAgreementKind,
)
