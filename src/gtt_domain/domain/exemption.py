"""Exemption: a specialty exemption filed with an authority (N-INT-5, N-INT-6).

The national internship rules forbid night shifts, overtime, work on statutory holidays
and high-risk posts "unless the specialty and the post require it and it is filed with the
competent authority". A filed exemption is a fact: its kind (what it allows), the authority
and the filing reference, the school that filed it, the scope (hosts, majors, post
categories, single internships; an empty list admits any) and its period (both days
included). Audits report the covered cases as exempt, citing it, not as breaches. An
exemption can be revoked from a date.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import event

from gtt_domain.domain.base import GttAggregate, natural_id
from gtt_domain.domain.errors import DomainError
from gtt_domain.domain.meta import EventMeta


class ExemptionKind(StrEnum):
    """What a filed exemption allows (stored in events: never rename a value)."""

    NIGHT_SHIFT = "night_shift"  # N-INT-6
    OVERTIME = "overtime"  # N-INT-6
    STATUTORY_HOLIDAY = "statutory_holiday"  # N-INT-6
    HIGH_RISK_POST = "high_risk_post"  # N-INT-5: height, underground, radioactive, toxic, explosive


def exemption_id(authority: str, reference: str) -> UUID:
    """One exemption per filing (authority and its reference number)."""
    return natural_id("exemption", f"{authority.strip()}|{reference.strip()}")


class Exemption(GttAggregate):
    KIND = "exemption"

    class ExemptionFiled(GttAggregate.Created):
        kind: str
        authority: str
        reference: str
        filed_on: date
        school_id: str
        host_ids: list[str]
        majors: list[str]
        post_categories: list[str]
        internship_ids: list[str]
        from_day: date
        until: date | None
        note: str | None
        meta: EventMeta

    class ExemptionRevoked(GttAggregate.Event):
        on: date
        reason: str
        meta: EventMeta

    @event(ExemptionFiled)
    def __init__(self, id: UUID, kind: str, authority: str, reference: str, filed_on: date,  # noqa: A002
                 school_id: str, host_ids: list[str], majors: list[str], post_categories: list[str],
                 internship_ids: list[str], from_day: date, until: date | None, note: str | None,
                 meta: EventMeta) -> None:
        self.kind = kind
        self.authority = authority
        self.reference = reference
        self.filed_on = filed_on
        self.school_id = school_id
        self.host_ids = list(host_ids)
        self.majors = list(majors)
        self.post_categories = list(post_categories)
        self.internship_ids = list(internship_ids)
        self.from_day = from_day
        self.until = until
        self.note = note
        self.revoked_on: date | None = None
        self.revocation_reason: str | None = None

    @classmethod
    def file(cls, kind: str, authority: str, reference: str, filed_on: date, school_id: str,
             host_ids: list[str], majors: list[str], post_categories: list[str], internship_ids: list[str],
             from_day: date, until: date | None, note: str | None, meta: EventMeta) -> Exemption:
        if kind not in {k.value for k in ExemptionKind}:
            raise DomainError("exemption", "file", f"unknown exemption kind {kind!r}")
        if until is not None and until < from_day:
            raise DomainError("exemption", "file", f"the exemption ends ({until}) before it starts ({from_day})")
        return cls(id=exemption_id(authority, reference), kind=kind, authority=authority, reference=reference,
                   filed_on=filed_on, school_id=school_id, host_ids=host_ids, majors=majors,
                   post_categories=post_categories, internship_ids=internship_ids, from_day=from_day,
                   until=until, note=note, meta=meta.effective_on(filed_on))

    def revoke(self, on: date, reason: str, meta: EventMeta) -> None:
        if self.revoked_on is not None:
            self.refuse("revoke", f"already revoked on {self.revoked_on}")
        if on < self.from_day:
            self.refuse("revoke", f"{on} is before the exemption starts ({self.from_day})")
        self._revoked(on=on, reason=reason, meta=meta.effective_on(on))

    @event(ExemptionRevoked)
    def _revoked(self, on: date, reason: str, meta: EventMeta) -> None:
        self.revoked_on = on
        self.revocation_reason = reason
