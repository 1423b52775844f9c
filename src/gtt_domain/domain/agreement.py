"""Agreement: a signed cooperation agreement between parties, its terms and their fulfilment.

Lifecycle: drafted → signed by each party → active → amended (terms versioned) →
suspended/resumed → renewed → expired or terminated. Every change of standing is kept in
``status_history`` as ``StatusChange(status, from_date)``, so :meth:`is_active_on` answers
for any day, not just today.

Refused are only facts that cannot be true, each named in the command's docstring: a
party not in the agreement, signing twice, signing or changing an agreement that has
ended, activating before every party has signed, a standing change dated before the one
already on record. Policy breaches are recorded: a fulfilment after expiry, a plaque hung
on a terminated agreement, an activation outside the term, a term shorter than N-COOP-2
asks. People appear by id only.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from uuid import UUID

from eventsourcing.domain import event

from gtt_domain.domain.agreement_parts import (
    ENDED,
    AgreementKind,
    AgreementStatus,
    Amendment,
    Cadence,
    Fulfilment,
    Obligation,
    Party,
    PartyKind,
    PartyRole,
    Plaque,
    Renewal,
    StatusChange,
)
from gtt_domain.domain.base import GttAggregate, by_version, check_period
from gtt_domain.domain.community_parts import values_of
from gtt_domain.domain.errors import DomainError
from gtt_domain.domain.meta import EventMeta

S = AgreementStatus


class Agreement(GttAggregate):
    KIND = "agreement"

    class Drafted(GttAggregate.Created):
        kind: str
        title: str
        drafted_on: date
        term_start: date
        term_end: date | None
        majors: list[str]
        community_id: str | None
        external_id: str | None
        meta: EventMeta

    class PartyAdded(GttAggregate.Event):
        party_id: str
        party_kind: str
        role: str
        meta: EventMeta

    class PartyRemoved(GttAggregate.Event):
        party_id: str
        meta: EventMeta

    class ObligationAdded(GttAggregate.Event):
        obligation_id: str
        description: str
        obligor: str
        quantity: Decimal | None
        unit: str | None
        cadence: str
        lead_days: int | None
        amount: Decimal | None
        meta: EventMeta

    class SignedByParty(GttAggregate.Event):
        party_id: str
        on: date
        meta: EventMeta

    class Activated(GttAggregate.Event):
        on: date
        meta: EventMeta

    class Amended(GttAggregate.Event):
        """Terms version ``version``: a new end, new or restated obligations, dropped ones."""

        version: int
        on: date
        summary: str
        new_end: date | None
        obligations: list[Obligation]
        dropped_obligation_ids: list[str]
        meta: EventMeta

    class Suspended(GttAggregate.Event):
        on: date
        reason: str
        meta: EventMeta

    class Resumed(GttAggregate.Event):
        on: date
        meta: EventMeta

    class Renewed(GttAggregate.Event):
        on: date
        new_end: date
        meta: EventMeta

    class Expired(GttAggregate.Event):
        on: date
        meta: EventMeta

    class Terminated(GttAggregate.Event):
        on: date
        reason: str
        meta: EventMeta

    class PlaqueHung(GttAggregate.Event):
        on: date
        party_id: str
        text: str
        meta: EventMeta

    class KindAdded(GttAggregate.Event):
        """The agreement is also of ``kind`` from ``on`` (a training base that is also a
        work-study agreement); rules scoped to either kind apply to it (issue 19)."""

        kind: str
        on: date
        meta: EventMeta

    class FulfilmentCorrected(GttAggregate.Event):
        """The fulfilment recorded by event version ``corrects`` restated (or, ``retracted``,
        withdrawn as recorded in error); the original stays in the log (issue 19)."""

        corrects: int
        on: date
        quantity: Decimal | None
        amount: Decimal | None
        note: str | None
        retracted: bool
        reason: str
        meta: EventMeta

    class FulfilmentRecorded(GttAggregate.Event):
        obligation_id: str
        on: date
        quantity: Decimal | None
        amount: Decimal | None
        note: str | None
        evidence_ref: str | None
        meta: EventMeta

    @classmethod
    def draft(
        cls, *, id: UUID, kind: str, title: str, drafted_on: date, term_start: date,  # noqa: A002
        term_end: date | None, majors: list[str], community_id: str | None,
        external_id: str | None, meta: EventMeta,
    ) -> Agreement:
        """Guarded creation: a known kind and a term that does not end before it starts.

        ``term_end`` ``None`` is an open-ended term (a charter); N-COOP-2's minimum term is
        a policy the audits check, not a refusal.
        """
        if kind not in values_of(AgreementKind):
            raise DomainError(cls.KIND, "draft", f"unknown agreement kind {kind!r}", id)
        check_period(cls.KIND, "draft", term_start, term_end)
        return cls(id=id, kind=kind, title=title, drafted_on=drafted_on, term_start=term_start,
                   term_end=term_end, majors=list(majors), community_id=community_id,
                   external_id=external_id, meta=meta.effective_on(drafted_on))

    @event(Drafted)
    def __init__(
        self, id: UUID, kind: str, title: str, drafted_on: date, term_start: date,  # noqa: A002
        term_end: date | None, majors: list[str], community_id: str | None,
        external_id: str | None, meta: EventMeta,
    ) -> None:
        self.kind = kind
        self.title = title
        self.drafted_on = drafted_on
        self.term_start = term_start
        self.term_end = term_end
        self.majors = list(majors)
        self.community_id = community_id
        self.external_id = external_id
        self.status: str = S.DRAFTED.value
        self.status_history: list[StatusChange] = [StatusChange(S.DRAFTED.value, drafted_on)]
        self.parties: dict[str, Party] = {}
        self.signatures: dict[str, date] = {}  # party_id -> signed on
        self.activated_on: date | None = None
        self.terms_version = 1
        self.obligations: dict[str, Obligation] = {}
        self.amendments: list[Amendment] = []
        self.renewals: list[Renewal] = []
        self.plaques: list[Plaque] = []
        self.fulfilments: list[Fulfilment] = []
        self.end_reason: str | None = None

    # --- queries (other aggregates' handlers rely on these two) -------------------------

    def has_party(self, party_id: str) -> bool:
        return str(party_id) in self.parties

    def is_active_on(self, day: date) -> bool:
        """Activated, ``day`` inside the term (renewals included), and its standing that
        day is active: not suspended, and not expired or terminated on or before ``day``."""
        if self.activated_on is None or day < self.term_start:
            return False
        if self.term_end is not None and day > self.term_end:
            return False
        return self.status_on(day) == S.ACTIVE.value

    def status_on(self, day: date) -> str | None:
        """The standing on ``day`` (``None`` before the agreement was drafted)."""
        current = None
        for change in self.status_history:
            if change.from_date > day:
                break
            current = change.status
        return current

    @property
    def ended_on(self) -> date | None:
        """The first day out of force after expiry or termination, else ``None``."""
        return self.status_history[-1].from_date if self.status in ENDED else None

    def obligations_in_force(self) -> list[Obligation]:
        return [o for o in self.obligations.values() if o.dropped_in_version is None]

    def fulfilled(self, obligation_id: str, start: date, end: date) -> tuple[Decimal, Decimal]:
        """Total quantity and amount fulfilled against an obligation in ``[start, end]``."""
        rows = [f for f in self.fulfilments if f.obligation_id == obligation_id and start <= f.on <= end]
        return (sum((f.quantity or Decimal(0) for f in rows), Decimal(0)),
                sum((f.amount or Decimal(0) for f in rows), Decimal(0)))

    # --- commands: drafting -------------------------------------------------------------

    def add_party(self, party_id: str, party_kind: str, role: str, meta: EventMeta) -> None:
        """Only while drafted: once signing is done the parties are what was signed."""
        self._require_drafted("add_party")
        if party_kind not in values_of(PartyKind):
            self.refuse("add_party", f"unknown party kind {party_kind!r}")
        if role not in values_of(PartyRole):
            self.refuse("add_party", f"unknown party role {role!r}")
        if party_id in self.parties:
            self.refuse("add_party", f"party {party_id} is already in the agreement")
        self._party_added(party_id=party_id, party_kind=party_kind, role=role, meta=meta)

    def remove_party(self, party_id: str, meta: EventMeta) -> None:
        """Only while drafted, and not a party that owes an obligation (it would be owed by
        nobody). A signature already given falls away with the party; the record keeps it."""
        self._require_drafted("remove_party")
        self._require_party("remove_party", party_id)
        owed = [o.obligation_id for o in self.obligations_in_force() if o.obligor == party_id]
        if owed:
            self.refuse("remove_party", f"party {party_id} owes obligation(s) {', '.join(owed)}")
        self._party_removed(party_id=party_id, meta=meta)

    def add_obligation(self, obligation: Obligation, meta: EventMeta) -> None:
        """Only while drafted (later obligations come by amendment); the obligor must be a
        party; ids are unique; quantities, amounts and lead days are not negative."""
        self._require_drafted("add_obligation")
        self._check_obligation("add_obligation", obligation)
        if obligation.obligation_id in self.obligations:
            self.refuse("add_obligation", f"obligation {obligation.obligation_id!r} already exists")
        o = obligation
        self._obligation_added(obligation_id=o.obligation_id, description=o.description,
                               obligor=o.obligor, quantity=o.quantity, unit=o.unit,
                               cadence=o.cadence, lead_days=o.lead_days, amount=o.amount, meta=meta)

    # --- commands: signing and standing --------------------------------------------------

    def sign(self, party_id: str, on: date, meta: EventMeta) -> None:
        """A party signs once; an agreement that has ended cannot be signed; nobody signs
        a draft before it was drafted."""
        self._require_not_ended("sign")
        self._require_party("sign", party_id)
        if party_id in self.signatures:
            self.refuse("sign", f"party {party_id} already signed on {self.signatures[party_id]}")
        if on < self.drafted_on:
            self.refuse("sign", f"signed on {on}, before the agreement was drafted on {self.drafted_on}")
        self._signed(party_id=party_id, on=on, meta=meta.effective_on(on))

    def activate(self, on: date, meta: EventMeta) -> None:
        """Needs at least two parties, every one signed, on or before ``on``. Activating
        outside the term is recorded (``is_active_on`` still reads the term)."""
        if self.status != S.DRAFTED.value:
            self.refuse("activate", f"the agreement is {self.status}, not drafted")
        if len(self.parties) < 2:
            self.refuse("activate", "an agreement needs at least two parties")
        unsigned = sorted(p for p in self.parties if p not in self.signatures)
        if unsigned:
            self.refuse("activate", f"not signed by {', '.join(unsigned)}")
        last = max(self.signatures[p] for p in self.parties)
        if on < last:
            self.refuse("activate", f"activated on {on}, before the last signature on {last}")
        self._activated(on=on, meta=meta.effective_on(on))

    def amend(self, on: date, summary: str, meta: EventMeta, *, new_end: date | None = None,
              obligations: list[Obligation] | None = None,
              dropped_obligation_ids: list[str] | None = None) -> None:
        """Only a signed agreement is amended (a draft is edited directly), dated from its
        activation and before any ending (an amendment recorded late is kept). Obligations
        with a known id restate it; unknown ids are new; dropped ids must be in force.
        Makes terms version ``terms_version + 1``."""
        cmd = "amend"
        self._require_in_force(cmd, on)
        if new_end is not None:
            check_period(self.KIND, cmd, self.term_start, new_end)
        new = [dataclasses.replace(o, since_version=self.terms_version + 1, dropped_in_version=None)
               for o in obligations or []]
        for o in new:
            self._check_obligation(cmd, o)
        ids = [o.obligation_id for o in new]
        if len(set(ids)) != len(ids):
            self.refuse(cmd, "an obligation id appears twice in the amendment")
        dropped = list(dropped_obligation_ids or [])
        in_force = {o.obligation_id for o in self.obligations_in_force()}
        for oid in dropped:
            if oid not in in_force or oid in ids:
                self.refuse(cmd, f"cannot drop obligation {oid!r}: not in force, or restated")
        self._amended(version=self.terms_version + 1, on=on, summary=summary, new_end=new_end,
                      obligations=new, dropped_obligation_ids=dropped, meta=meta.effective_on(on))

    def suspend(self, on: date, reason: str, meta: EventMeta) -> None:
        """Only an active agreement is suspended, not before its last standing change."""
        if self.status != S.ACTIVE.value:
            self.refuse("suspend", f"the agreement is {self.status}, not active")
        self._require_not_before_standing("suspend", on)
        self._suspended(on=on, reason=reason, meta=meta.effective_on(on))

    def resume(self, on: date, meta: EventMeta) -> None:
        """Only a suspended agreement resumes, not before it was suspended."""
        if self.status != S.SUSPENDED.value:
            self.refuse("resume", f"the agreement is {self.status}, not suspended")
        self._require_not_before_standing("resume", on)
        self._resumed(on=on, meta=meta.effective_on(on))

    def renew(self, on: date, new_end: date, meta: EventMeta) -> None:
        """A signed agreement with a fixed end is renewed to a later end, dated from its
        activation and before any ending (an ended agreement is renewed by a new one). A
        renewal dated after the old end is recorded as it happened."""
        cmd = "renew"
        self._require_in_force(cmd, on)
        if self.term_end is None:
            self.refuse(cmd, "an open-ended agreement has no end to renew")
        if new_end <= self.term_end:
            self.refuse(cmd, f"new end {new_end} is not after the current end {self.term_end}")
        self._renewed(on=on, new_end=new_end, meta=meta.effective_on(on))

    def expire(self, on: date, meta: EventMeta) -> None:
        """A signed, not ended agreement expires after its term: ``on`` is the first day out
        of force, so it is after the term end (earlier endings are terminations)."""
        cmd = "expire"
        self._require_not_ended(cmd)
        self._require_in_force(cmd, on)
        if self.term_end is None:
            self.refuse(cmd, "an open-ended agreement does not expire; terminate it")
        if on <= self.term_end:
            self.refuse(cmd, f"expiry on {on} is inside the term ending {self.term_end}; terminate it")
        self._require_not_before_standing(cmd, on)
        self._expired(on=on, meta=meta.effective_on(on))

    def terminate(self, on: date, reason: str, meta: EventMeta) -> None:
        """Any agreement not yet ended (an abandoned draft too); ``on`` is the first day out
        of force, not before its last standing change."""
        self._require_not_ended("terminate")
        self._require_not_before_standing("terminate", on)
        self._terminated(on=on, reason=reason, meta=meta.effective_on(on))

    # --- commands: facts under the agreement ---------------------------------------------

    def hang_plaque(self, on: date, party_id: str, text: str, meta: EventMeta) -> None:
        """By a party of the agreement (P9-R6, P13-R1); a plaque on a draft or an ended
        agreement is recorded for the audits."""
        self._require_party("hang_plaque", party_id)
        self._plaque_hung(on=on, party_id=party_id, text=text, meta=meta.effective_on(on))

    def record_fulfilment(self, obligation_id: str, on: date, meta: EventMeta, *,
                          quantity: Decimal | None = None, amount: Decimal | None = None,
                          note: str | None = None, evidence_ref: str | None = None) -> None:
        """Against a known obligation of a signed agreement (a draft owes nothing).
        Fulfilment before activation, after expiry or termination, or of a dropped
        obligation is recorded: it happened, and the audits judge it."""
        cmd = "record_fulfilment"
        if self.activated_on is None:
            self.refuse(cmd, "nothing is owed under an agreement never activated")
        if obligation_id not in self.obligations:
            self.refuse(cmd, f"no obligation {obligation_id!r}")
        for name, value in (("quantity", quantity), ("amount", amount)):
            if value is not None and value < 0:
                self.refuse(cmd, f"{name} cannot be negative")
        self._fulfilment_recorded(obligation_id=obligation_id, on=on, quantity=quantity,
                                  amount=amount, note=note, evidence_ref=evidence_ref,
                                  meta=meta.effective_on(on))

    def add_kind(self, kind: str, on: date, meta: EventMeta) -> None:
        if kind not in {k.value for k in AgreementKind}:
            self.refuse("add_kind", f"unknown agreement kind {kind!r}")
        if kind == self.kind or kind in self.also_kinds:
            self.refuse("add_kind", f"the agreement is already of kind {kind!r}")
        self._kind_added(kind=kind, on=on, meta=meta.effective_on(on))

    @property
    def also_kinds(self) -> list[str]:
        """Kinds added after drafting (a state stored before issue 19 has none)."""
        return list(self.__dict__.get("added_kinds", []))

    def correct_fulfilment(self, item: int, meta: EventMeta, *, reason: str, retracted: bool = False,
                           on: date | None = None, quantity: Decimal | None = None,
                           amount: Decimal | None = None, note: str | None = None) -> None:
        cmd = "correct_fulfilment"
        if not 1 <= item <= len(self.fulfilments):
            self.refuse(cmd, f"no fulfilment {item} (there are {len(self.fulfilments)})")
        old = self.fulfilments[item - 1]
        if old.version == 0:
            self.refuse(cmd, "the fulfilment predates corrections")
        for name, value in (("quantity", quantity), ("amount", amount)):
            if value is not None and value < 0:
                self.refuse(cmd, f"{name} cannot be negative")
        self._fulfilment_corrected(
            corrects=old.version, on=on or old.on, quantity=old.quantity if quantity is None else quantity,
            amount=old.amount if amount is None else amount, note=old.note if note is None else note,
            retracted=retracted, reason=reason, meta=meta)

    # --- guards -------------------------------------------------------------------------

    def _require_drafted(self, command: str) -> None:
        if self.status != S.DRAFTED.value:
            self.refuse(command, f"the agreement is {self.status}; only a draft changes this way")

    def _require_not_ended(self, command: str) -> None:
        if self.status in ENDED:
            self.refuse(command, f"the agreement is {self.status} since {self.status_history[-1].from_date}")

    def _require_in_force(self, command: str, on: date) -> None:
        """Activated by ``on``, and ``on`` before any ending on record."""
        if self.activated_on is None:
            self.refuse(command, "the agreement has not been activated")
        if on < self.activated_on:
            self.refuse(command, f"dated {on}, before the agreement was activated on {self.activated_on}")
        ended = self.ended_on
        if ended is not None and on >= ended:
            self.refuse(command, f"dated {on}, when the agreement was {self.status} (since {ended})")

    def _require_party(self, command: str, party_id: str) -> None:
        if party_id not in self.parties:
            self.refuse(command, f"party {party_id} is not in the agreement")

    def _require_not_before_standing(self, command: str, on: date) -> None:
        last = self.status_history[-1]
        if on < last.from_date:
            self.refuse(command, f"dated {on}, before the agreement became {last.status} on {last.from_date}")

    def _check_obligation(self, command: str, o: Obligation) -> None:
        self._require_party(command, o.obligor)
        if o.cadence not in values_of(Cadence):
            self.refuse(command, f"unknown cadence {o.cadence!r}")
        for name in ("quantity", "amount", "lead_days"):
            value = getattr(o, name)
            if value is not None and value < 0:
                self.refuse(command, f"obligation {o.obligation_id!r}: {name} cannot be negative")

    # --- mutators (no guards: replay never re-judges history) ---------------------------

    def _change_status(self, status: str, on: date) -> None:
        self.status = status
        self.status_history.append(StatusChange(status, on))

    @event(PartyAdded)
    def _party_added(self, party_id: str, party_kind: str, role: str, meta: EventMeta) -> None:
        self.parties[party_id] = Party(party_id, party_kind, role)

    @event(PartyRemoved)
    def _party_removed(self, party_id: str, meta: EventMeta) -> None:
        self.parties.pop(party_id, None)
        self.signatures.pop(party_id, None)

    @event(ObligationAdded)
    def _obligation_added(self, obligation_id: str, description: str, obligor: str,
                          quantity: Decimal | None, unit: str | None, cadence: str,
                          lead_days: int | None, amount: Decimal | None, meta: EventMeta) -> None:
        self.obligations[obligation_id] = Obligation(
            obligation_id, description, obligor, quantity, unit, cadence, lead_days, amount,
            since_version=self.terms_version)

    @event(SignedByParty)
    def _signed(self, party_id: str, on: date, meta: EventMeta) -> None:
        self.signatures[party_id] = on

    @event(Activated)
    def _activated(self, on: date, meta: EventMeta) -> None:
        self.activated_on = on
        self._change_status(S.ACTIVE.value, on)

    @event(Amended)
    def _amended(self, version: int, on: date, summary: str, new_end: date | None,
                 obligations: list[Obligation], dropped_obligation_ids: list[str],
                 meta: EventMeta) -> None:
        self.terms_version = version
        self.amendments.append(Amendment(version, on, summary))
        if new_end is not None:
            self.term_end = new_end
        for o in obligations:
            self.obligations[o.obligation_id] = dataclasses.replace(o)
        for oid in dropped_obligation_ids:
            if oid in self.obligations:
                self.obligations[oid].dropped_in_version = version

    @event(Suspended)
    def _suspended(self, on: date, reason: str, meta: EventMeta) -> None:
        self._change_status(S.SUSPENDED.value, on)

    @event(Resumed)
    def _resumed(self, on: date, meta: EventMeta) -> None:
        self._change_status(S.ACTIVE.value, on)

    @event(Renewed)
    def _renewed(self, on: date, new_end: date, meta: EventMeta) -> None:
        self.renewals.append(Renewal(on, new_end))
        self.term_end = new_end

    @event(Expired)
    def _expired(self, on: date, meta: EventMeta) -> None:
        self._change_status(S.EXPIRED.value, on)

    @event(Terminated)
    def _terminated(self, on: date, reason: str, meta: EventMeta) -> None:
        self.end_reason = reason
        self._change_status(S.TERMINATED.value, on)

    @event(PlaqueHung)
    def _plaque_hung(self, on: date, party_id: str, text: str, meta: EventMeta) -> None:
        self.plaques.append(Plaque(on, party_id, text))

    @event(FulfilmentRecorded)
    def _fulfilment_recorded(self, obligation_id: str, on: date, quantity: Decimal | None,
                             amount: Decimal | None, note: str | None, evidence_ref: str | None,
                             meta: EventMeta) -> None:
        self.fulfilments.append(Fulfilment(obligation_id, on, quantity, amount, note, evidence_ref,
                                           self.version + 1))

    @event(KindAdded)
    def _kind_added(self, kind: str, on: date, meta: EventMeta) -> None:
        self.added_kinds = [*self.also_kinds, kind]

    @event(FulfilmentCorrected)
    def _fulfilment_corrected(self, corrects: int, on: date, quantity: Decimal | None, amount: Decimal | None,
                              note: str | None, retracted: bool, reason: str, meta: EventMeta) -> None:
        i = by_version(self.fulfilments, corrects)
        if retracted:
            self.fulfilments = [x for j, x in enumerate(self.fulfilments) if j != i]
        else:
            old = self.fulfilments[i]
            self.fulfilments[i] = Fulfilment(old.obligation_id, on, quantity, amount, note, old.evidence_ref,
                                             corrects)
