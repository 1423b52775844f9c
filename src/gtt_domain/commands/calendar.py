"""Commands on school calendars: terms and breaks per institution (``gtt calendar …``,
``gtt import --kind calendar``)."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import Field

from gtt_domain.commands.base import Command

Label = Field(min_length=1, max_length=60, description="e.g. 2024-autumn, 2025-winter")


class SetCalendarEntry(Command):
    """Record a term or a break (a holiday) of an institution's calendar, both days
    included; the same label again corrects its dates. Statutory holidays need no entry."""

    group = "calendar"
    verb = "set"
    example = ("gtt calendar set --institution-id IID --entry term --label 2024-autumn "
               "--first-day 2024-09-02 --last-day 2025-01-17")

    institution_id: UUID
    entry: Literal["term", "break"]
    label: str = Label
    first_day: date
    last_day: date


class RemoveCalendarEntry(Command):
    """Remove a term or break recorded by mistake."""

    group = "calendar"
    verb = "remove"
    example = "gtt calendar remove --institution-id IID --label 2024-autumn"

    institution_id: UUID
    label: str = Label


COMMANDS: tuple[type[Command], ...] = (SetCalendarEntry, RemoveCalendarEntry)
