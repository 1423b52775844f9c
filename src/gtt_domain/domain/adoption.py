"""Adoption: an institution, agreement or community adopts a rule pack for a period.

A plan is one school's, one agreement's or one group's policy; it binds only those that
adopted it (national packs bind by law and need no adoption). One aggregate per
(pack, adopter), with a deterministic id, holds every period of adoption: adopted from a
date, possibly ended, possibly adopted again. Periods are inclusive of both days; an open
``until`` means "still adopted".
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from gtt_domain.domain.base import GttAggregate, natural_id, state_type
from gtt_domain.domain.errors import DomainError
from gtt_domain.domain.meta import EventMeta

ADOPTER_KINDS = ("institution", "agreement", "community")


def adoption_id(pack_id: str, adopter_kind: str, adopter_id: str | UUID) -> UUID:
    """The one aggregate that holds ``adopter``'s adoption of ``pack_id``."""
    return natural_id("adoption", f"{pack_id}|{adopter_kind}|{adopter_id}")


@state_type
class AdoptionPeriod:
    from_day: date
    until: date | None = None
    authority: str | None = None
    reference: str | None = None

    def covers(self, day: date) -> bool:
        return self.from_day <= day and (self.until is None or day <= self.until)


class Adoption(GttAggregate):
    KIND = "adoption"

    class PackAdopted(GttAggregate.Created):
        pack_id: str
        adopter_kind: str
        adopter_id: str
        from_day: date
        until: date | None
        authority: str | None
        reference: str | None
        meta: EventMeta

    class PackReadopted(GttAggregate.Event):
        from_day: date
        until: date | None
        authority: str | None
        reference: str | None
        meta: EventMeta

    class AdoptionEnded(GttAggregate.Event):
        until: date
        reason: str | None
        meta: EventMeta

    @event(PackAdopted)
    def __init__(self, id: UUID, pack_id: str, adopter_kind: str, adopter_id: str,  # noqa: A002
                 from_day: date, until: date | None, authority: str | None, reference: str | None,
                 meta: EventMeta) -> None:
        self.pack_id = pack_id
        self.adopter_kind = adopter_kind
        self.adopter_id = adopter_id
        self.periods: list[AdoptionPeriod] = [AdoptionPeriod(from_day, until, authority, reference)]

    @classmethod
    def adopt(cls, pack_id: str, adopter_kind: str, adopter_id: str, from_day: date,
              until: date | None, authority: str | None, reference: str | None,
              meta: EventMeta) -> Adoption:
        if adopter_kind not in ADOPTER_KINDS:
            raise DomainError("adoption", "adopt", f"an adopter is one of {', '.join(ADOPTER_KINDS)}, not {adopter_kind!r}")
        if until is not None and until < from_day:
            raise DomainError("adoption", "adopt", f"the adoption of {pack_id} ends ({until}) before it starts ({from_day})")
        return cls(id=adoption_id(pack_id, adopter_kind, adopter_id), pack_id=pack_id,
                   adopter_kind=adopter_kind, adopter_id=adopter_id, from_day=from_day, until=until,
                   authority=authority, reference=reference, meta=meta.effective_on(from_day))

    def adopted_on(self, day: date) -> bool:
        return any(p.covers(day) for p in self.periods)

    # --- commands -------------------------------------------------------------------

    def readopt(self, from_day: date, until: date | None, authority: str | None,
                reference: str | None, meta: EventMeta) -> None:
        if until is not None and until < from_day:
            self.refuse("adopt", f"the adoption ends ({until}) before it starts ({from_day})")
        for p in self.periods:
            if p.from_day <= (until or date.max) and from_day <= (p.until or date.max):
                self.refuse("adopt", f"{self.pack_id} is already adopted from {p.from_day}"
                                     + (f" until {p.until}" if p.until else ""))
        self._readopted(from_day=from_day, until=until, authority=authority, reference=reference,
                        meta=meta.effective_on(from_day))

    def end(self, until: date, reason: str | None, meta: EventMeta) -> None:
        current = self.periods[-1]
        if current.until is not None:
            self.refuse("end_adoption", f"the adoption of {self.pack_id} already ended on {current.until}")
        if until < current.from_day:
            self.refuse("end_adoption", f"{until} is before the adoption began ({current.from_day})")
        self._ended(until=until, reason=reason, meta=meta.effective_on(until))

    # --- mutators -------------------------------------------------------------------

    @event(PackReadopted)
    def _readopted(self, from_day: date, until: date | None, authority: str | None,
                   reference: str | None, meta: EventMeta) -> None:
        self.periods.append(AdoptionPeriod(from_day, until, authority, reference))
        self.periods.sort(key=lambda p: p.from_day)

    @event(AdoptionEnded)
    def _ended(self, until: date, reason: str | None, meta: EventMeta) -> None:
        self.periods[-1].until = until

