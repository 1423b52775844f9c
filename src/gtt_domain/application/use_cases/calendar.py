"""Handlers for school calendars: the first entry opens the institution's calendar."""

from __future__ import annotations

from uuid import UUID

from gtt_domain.application.existence import require_existing
from gtt_domain.application.handlers import Handler
from gtt_domain.application.unit_of_work import UnitOfWork
from gtt_domain.commands import calendar as c
from gtt_domain.commands.base import Command
from gtt_domain.domain.calendar import SchoolCalendar, calendar_id
from gtt_domain.domain.errors import DomainError
from gtt_domain.domain.institution import Institution
from gtt_domain.domain.meta import EventMeta


def set_entry(uow: UnitOfWork, cmd: c.SetCalendarEntry, meta: EventMeta) -> UUID:
    cid = calendar_id(cmd.institution_id)
    cal = uow.find(cid, SchoolCalendar)
    if cal is None:
        require_existing(uow, [cmd.institution_id], Institution)
        cal = uow.add(SchoolCalendar.open(str(cmd.institution_id), meta))
    cal.set_entry(cmd.entry, cmd.label, cmd.first_day, cmd.last_day, meta)
    return cid


def remove_entry(uow: UnitOfWork, cmd: c.RemoveCalendarEntry, meta: EventMeta) -> UUID:
    cid = calendar_id(cmd.institution_id)
    cal = uow.find(cid, SchoolCalendar)
    if cal is None:
        raise DomainError("calendar", "remove", f"institution {cmd.institution_id} has no calendar")
    cal.remove_entry(cmd.label, meta)
    return cid


HANDLERS: dict[type[Command], Handler] = {c.SetCalendarEntry: set_entry, c.RemoveCalendarEntry: remove_entry}
