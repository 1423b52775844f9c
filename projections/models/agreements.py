"""Agreements with their parties, majors, obligations, fulfilments and status history.

``status_history`` has one row per change of standing, keyed by the event's version in
its agreement, so "was it active on a date" can be read with SQL; ``obligations`` keep
running fulfilment totals next to the terms (restated terms keep the totals).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from gtt_projections.projection import GttProjection
from gtt_projections.tables.agreements import (
    NAME,
    TABLES,
    VERSION,
    agreement_fulfilments,
    agreement_majors,
    agreement_obligations,
    agreement_parties,
    agreement_status_history,
    agreements,
)
from gtt_projections.writer import Inc, RowWriter

from gtt_domain.domain.agreement import Agreement as A

ZERO = Decimal(0)


def _key(e: Any) -> dict[str, str]:
    return {"id": str(e.originator_id)}


def _touch(rows: RowWriter, e: Any, **values: Any) -> None:
    rows.update(agreements, _key(e), updated_at=e.meta.recorded_at,
                version=e.originator_version, **values)


def _standing(rows: RowWriter, e: Any, status: str, reason: str | None = None,
              **values: Any) -> None:
    """A change of standing: the row's status and one status-history row."""
    _touch(rows, e, status=status, **values)
    rows.insert(agreement_status_history, {
        "agreement_id": str(e.originator_id), "seq": e.originator_version, "status": status,
        "from_date": e.on, "reason": reason,
    })


def _obligation(rows: RowWriter, e: Any, o: Any, since_version: int) -> None:
    """Insert a term, or restate one keeping its fulfilment totals."""
    key = {"agreement_id": str(e.originator_id), "obligation_id": o.obligation_id}
    before = rows.get(agreement_obligations, key)
    rows.put(agreement_obligations, {
        **key, "description": o.description, "obligor": o.obligor, "quantity": o.quantity,
        "unit": o.unit, "cadence": o.cadence, "lead_days": o.lead_days, "amount": o.amount,
        "since_version": since_version, "dropped_in_version": None,
        "fulfilment_count": before["fulfilment_count"] if before else 0,
        "fulfilled_quantity": before["fulfilled_quantity"] if before else ZERO,
        "fulfilled_amount": before["fulfilled_amount"] if before else ZERO,
    })
    if before is None or before["dropped_in_version"] is not None:
        _count(rows, e, 1)  # new, or back in force: restating an in-force term keeps the count


def _count(rows: RowWriter, e: Any, n: int) -> None:
    rows.update(agreements, _key(e), obligation_count=Inc(n))


class Agreements(GttProjection):
    name = NAME
    defer_indexes = True  # handlers read rows by primary key only
    version = VERSION
    tables = TABLES

    @singledispatchmethod
    def apply(self, event: Any, rows: RowWriter) -> None:
        """Events of other aggregates."""

    @apply.register
    def _(self, e: A.Drafted, rows: RowWriter) -> None:
        aid = str(e.originator_id)
        rows.insert(agreements, {
            "id": aid, "kind": e.kind, "title": e.title, "status": "drafted",
            "drafted_on": e.drafted_on, "term_start": e.term_start, "term_end": e.term_end,
            "activated_on": None, "ended_on": None, "end_reason": None, "terms_version": 1,
            "community_id": e.community_id, "external_id": e.external_id, "party_count": 0,
            "signature_count": 0, "obligation_count": 0, "fulfilment_count": 0,
            "plaque_count": 0, "updated_at": e.meta.recorded_at, "version": e.originator_version,
        })
        for code in dict.fromkeys(e.majors):
            rows.insert(agreement_majors, {"agreement_id": aid, "major_code": code})
        rows.insert(agreement_status_history, {
            "agreement_id": aid, "seq": e.originator_version, "status": "drafted",
            "from_date": e.drafted_on, "reason": None,
        })

    @apply.register
    def _(self, e: A.PartyAdded, rows: RowWriter) -> None:
        _touch(rows, e, party_count=Inc(1))
        rows.insert(agreement_parties, {"agreement_id": str(e.originator_id), "party_id": e.party_id,
                                        "party_kind": e.party_kind, "role": e.role, "signed_on": None})

    @apply.register
    def _(self, e: A.PartyRemoved, rows: RowWriter) -> None:
        key = {"agreement_id": str(e.originator_id), "party_id": e.party_id}
        before = rows.get(agreement_parties, key)
        signed = 1 if before is not None and before["signed_on"] is not None else 0
        _touch(rows, e, party_count=Inc(-1), signature_count=Inc(-signed))
        rows.delete(agreement_parties, key)

    @apply.register
    def _(self, e: A.ObligationAdded, rows: RowWriter) -> None:
        row = rows.get(agreements, _key(e))
        _touch(rows, e)
        _obligation(rows, e, e, row["terms_version"] if row else 1)

    @apply.register
    def _(self, e: A.SignedByParty, rows: RowWriter) -> None:
        _touch(rows, e, signature_count=Inc(1))
        rows.update(agreement_parties, {"agreement_id": str(e.originator_id), "party_id": e.party_id},
                    signed_on=e.on)

    @apply.register
    def _(self, e: A.Activated, rows: RowWriter) -> None:
        _standing(rows, e, "active", activated_on=e.on)

    @apply.register
    def _(self, e: A.Amended, rows: RowWriter) -> None:
        extra = {"term_end": e.new_end} if e.new_end is not None else {}
        _touch(rows, e, terms_version=e.version, **extra)
        for o in e.obligations:
            _obligation(rows, e, o, e.version)
        for oid in e.dropped_obligation_ids:
            rows.update(agreement_obligations, {"agreement_id": str(e.originator_id),
                                                "obligation_id": oid}, dropped_in_version=e.version)
            _count(rows, e, -1)

    @apply.register
    def _(self, e: A.Suspended, rows: RowWriter) -> None:
        _standing(rows, e, "suspended", e.reason)

    @apply.register
    def _(self, e: A.Resumed, rows: RowWriter) -> None:
        _standing(rows, e, "active")

    @apply.register
    def _(self, e: A.Renewed, rows: RowWriter) -> None:
        _touch(rows, e, term_end=e.new_end)

    @apply.register
    def _(self, e: A.Expired, rows: RowWriter) -> None:
        _standing(rows, e, "expired", ended_on=e.on)

    @apply.register
    def _(self, e: A.Terminated, rows: RowWriter) -> None:
        _standing(rows, e, "terminated", e.reason, ended_on=e.on, end_reason=e.reason)

    @apply.register
    def _(self, e: A.PlaqueHung, rows: RowWriter) -> None:
        _touch(rows, e, plaque_count=Inc(1))

    @apply.register
    def _(self, e: A.FulfilmentRecorded, rows: RowWriter) -> None:
        aid = str(e.originator_id)
        _touch(rows, e, fulfilment_count=Inc(1))
        rows.insert(agreement_fulfilments, {
            "agreement_id": aid, "seq": e.originator_version, "obligation_id": e.obligation_id,
            "fulfilled_on": e.on, "quantity": e.quantity, "amount": e.amount, "note": e.note,
            "evidence_ref": e.evidence_ref,
        })
        key = {"agreement_id": aid, "obligation_id": e.obligation_id}
        o = rows.get(agreement_obligations, key)
        if o is not None:
            rows.update(agreement_obligations, key, fulfilment_count=Inc(1),
                        fulfilled_quantity=Decimal(o["fulfilled_quantity"]) + (e.quantity or ZERO),
                        fulfilled_amount=Decimal(o["fulfilled_amount"]) + (e.amount or ZERO))
