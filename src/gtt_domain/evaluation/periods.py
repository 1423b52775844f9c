"""Evaluation periods. A year is the calendar year (the plans count "per year" that way);
semesters follow the school calendar used by the audits: spring 1 Feb–31 Aug, autumn
1 Sep–31 Jan of the next year."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

SEMESTERS = ("spring", "autumn")


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    label: str

    def contains(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def overlaps(self, start: date, end: date) -> bool:
        return start <= self.end and self.start <= end

    def touches(self, start: date | None, end: date | None) -> bool:
        """Whether ``[start, end]`` (open when None) shares a day with the period."""
        return (start is None or start <= self.end) and (end is None or end >= self.start)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def semester(year: int, name: str) -> Period:
    if name == "spring":
        return Period(date(year, 2, 1), date(year, 8, 31), f"{year}-spring")
    if name == "autumn":
        return Period(date(year, 9, 1), date(year + 1, 1, 31), f"{year}-autumn")
    raise ValueError(f"semester must be one of {SEMESTERS}, not {name!r}")


def evaluation_period(year: int, semester_name: str | None = None) -> Period:
    if semester_name:
        return semester(year, semester_name)
    return Period(date(year, 1, 1), date(year, 12, 31), str(year))


def semesters_in(period: Period) -> list[Period]:
    """The semesters starting inside ``period`` (a year holds its spring and autumn)."""
    out = [semester(y, s) for y in range(period.start.year, period.end.year + 1) for s in SEMESTERS]
    return [s for s in out if period.contains(s.start)] or [period]


def months_in(period: Period) -> list[Period]:
    out: list[Period] = []
    day = period.start.replace(day=1)
    while day <= period.end:
        last = date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
        out.append(Period(max(day, period.start), min(last, period.end), f"{day:%Y-%m}"))
        day = last + timedelta(days=1)
    return out


def years_back(period: Period, years: int) -> Period:
    """The ``years`` years ending with the period's end (P6-R4 three years, N-TEP-1 five)."""
    end = period.end
    start = date(end.year - years, end.month, min(end.day, 28)) + timedelta(days=1)
    return Period(start, end, f"{start}..{end}")
