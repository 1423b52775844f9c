"""Parameter types for dates and moments given on the command line.

A bad value is a usage error (exit 2, one line), never a traceback. A time without an
offset is taken as UTC, like ``EventMeta.effective_on`` does for days.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import click


class Day(click.ParamType):
    """``YYYY-MM-DD``."""

    name = "date"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date (YYYY-MM-DD)", param, ctx)


class Moment(click.ParamType):
    """An ISO date or date-time; a date means its start, no offset means UTC."""

    name = "moment"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "DATE|TIME"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> datetime:
        if isinstance(value, datetime):
            moment = value
        else:
            text = str(value).strip()
            try:
                if len(text) == 10:
                    moment = datetime.combine(date.fromisoformat(text), time(0))
                else:
                    moment = datetime.fromisoformat(text)
            except ValueError:
                self.fail(
                    f"{value!r} is not an ISO date or time (e.g. 2025-03-01 or 2025-03-01T08:00+08:00)",
                    param, ctx,
                )
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


DAY = Day()
MOMENT = Moment()
