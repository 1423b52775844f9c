"""SchoolCalendar: one institution's terms and holidays, so audits know when school is in.

Terms (``2024-autumn``) and breaks (a winter holiday, a sports week) are named spans,
both days included; setting a name again replaces its dates (a correction), and an entry
can be removed. China's statutory holidays and adjusted working days are not recorded here:
they come from the ``chinese-calendar`` package (``gtt_domain.audit.calendars``). One
calendar per institution, with a deterministic id.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from gtt_domain.domain.base import GttAggregate, natural_id, state_type
from gtt_domain.domain.errors import DomainError
from gtt_domain.domain.meta import EventMeta

ENTRY_KINDS = ("term", "break")


def calendar_id(institution_id: str | UUID) -> UUID:
    return natural_id("calendar", str(institution_id))


@state_type
class CalendarSpan:
    label: str
    first_day: date
    last_day: date

    def contains(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


class SchoolCalendar(GttAggregate):
    KIND = "calendar"

    class CalendarOpened(GttAggregate.Created):
        institution_id: str
        meta: EventMeta

    class TermSet(GttAggregate.Event):
        label: str
        first_day: date
        last_day: date
        meta: EventMeta

    class BreakSet(GttAggregate.Event):
        label: str
        first_day: date
        last_day: date
        meta: EventMeta

    class EntryRemoved(GttAggregate.Event):
        label: str
        meta: EventMeta

    @event(CalendarOpened)
    def __init__(self, id: UUID, institution_id: str, meta: EventMeta) -> None:  # noqa: A002
        self.institution_id = institution_id
        self.terms: dict[str, CalendarSpan] = {}
        self.breaks: dict[str, CalendarSpan] = {}

    @classmethod
    def open(cls, institution_id: str, meta: EventMeta) -> SchoolCalendar:
        return cls(id=calendar_id(institution_id), institution_id=institution_id, meta=meta)

    # --- commands -------------------------------------------------------------------

    def set_entry(self, entry: str, label: str, first_day: date, last_day: date, meta: EventMeta) -> bool:
        """Record a term or a break; False (nothing recorded) when it is already so."""
        if entry not in ENTRY_KINDS:
            self.refuse("set", f"an entry is a term or a break, not {entry!r}")
        if last_day < first_day:
            self.refuse("set", f"{label} ends ({last_day}) before it starts ({first_day})")
        mine, other = (self.terms, self.breaks) if entry == "term" else (self.breaks, self.terms)
        if label in other:
            self.refuse("set", f"{label!r} is already a {'break' if entry == 'term' else 'term'}")
        if entry == "term":
            for t in self.terms.values():
                if t.label != label and t.first_day <= last_day and first_day <= t.last_day:
                    self.refuse("set", f"term {label} ({first_day}..{last_day}) overlaps term {t.label} "
                                       f"({t.first_day}..{t.last_day})")
        same = mine.get(label)
        if same is not None and (same.first_day, same.last_day) == (first_day, last_day):
            return False
        mutate = self._term_set if entry == "term" else self._break_set
        mutate(label=label, first_day=first_day, last_day=last_day, meta=meta.effective_on(first_day))
        return True

    def remove_entry(self, label: str, meta: EventMeta) -> None:
        if label not in self.terms and label not in self.breaks:
            self.refuse("remove", f"no term or break named {label!r}")
        self._removed(label=label, meta=meta)

    # --- mutators -------------------------------------------------------------------

    @event(TermSet)
    def _term_set(self, label: str, first_day: date, last_day: date, meta: EventMeta) -> None:
        self.terms[label] = CalendarSpan(label, first_day, last_day)

    @event(BreakSet)
    def _break_set(self, label: str, first_day: date, last_day: date, meta: EventMeta) -> None:
        self.breaks[label] = CalendarSpan(label, first_day, last_day)

    @event(EntryRemoved)
    def _removed(self, label: str, meta: EventMeta) -> None:
        self.terms.pop(label, None)
        self.breaks.pop(label, None)


__all__ = ["CalendarSpan", "DomainError", "ENTRY_KINDS", "SchoolCalendar", "calendar_id"]
