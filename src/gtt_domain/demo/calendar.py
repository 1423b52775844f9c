"""The two school years the demo covers (2024/25 and 2025/26), and its schools' calendar.

Every school records the same two years of terms (``TERMS``); working days and statutory
holidays come from China's calendar (``chinese-calendar``), so the demo never puts an
intern on a festival by mistake and never asks a team to meet in the holidays.
"""

from __future__ import annotations

from datetime import date, timedelta

from gtt_domain.audit.calendars import SchoolDays, statutory_holiday, working_day
from gtt_domain.audit.facts import CalendarFacts, Span
from gtt_domain.audit.refs import EventIndex

START = date(2024, 6, 1)
SEMESTERS = [
    (date(2024, 9, 2), date(2025, 1, 17)),
    (date(2025, 2, 17), date(2025, 7, 11)),
    (date(2025, 9, 1), date(2026, 1, 16)),
    (date(2026, 2, 23), date(2026, 7, 10)),
]
TERM_LABELS = ["2024-autumn", "2025-spring", "2025-autumn", "2026-spring"]
#: (label, first day, last day) of every term the demo's schools record
TERMS = [(label, first, last) for label, (first, last) in zip(TERM_LABELS, SEMESTERS, strict=True)]
YEARS = [(date(2024, 9, 1), date(2025, 7, 31)), (date(2025, 9, 1), date(2026, 7, 31))]
#: the last day the demo records facts for; its declared breaches are judged as of then
END = date(2026, 9, 30)
#: a week is judged with 3 school days, a month with 10 (gtt_domain.audit.types_cadence)
MIN_SCHOOL_DAYS = {"week": 3, "month": 10}


def school_days() -> SchoolDays:
    """The demo's school calendar, as the audit will read it."""
    terms = [Span(label, first, last) for label, first, last in TERMS]
    return SchoolDays.of("demo", CalendarFacts("demo", "demo", terms, [], EventIndex("demo", [])))


def working_days(first: date, last: date) -> list[date]:
    """Days worked from ``first`` to ``last`` (weekdays and adjusted weekend working days,
    without statutory holidays)."""
    out, d = [], first
    while d <= last:
        if working_day(d) and statutory_holiday(d) is None:
            out.append(d)
        d += timedelta(days=1)
    return out


def cmd(command: str, /, **fields: object) -> tuple[str, dict[str, object]]:
    """A command as ``(group.verb, fields)`` for ``handle_batch``."""
    return command, fields
