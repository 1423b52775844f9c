"""Calendar periods the cadence rules count in: week, month, quarter, semester, year,
school year. Semesters follow the Chinese school calendar: autumn from 1 September to
31 January, spring from 1 February to 31 August; the school year starts on 1 September.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

PeriodKind = Literal["week", "month", "quarter", "semester", "year", "school_year"]
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date  # inclusive
    label: str

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clipped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between_ok(start: date, end: date, months: int) -> bool:
    """Whether the inclusive span ``[start, end]`` lasts at least ``months`` months."""
    return end >= add_months(start, months) - ONE_DAY


def period_of(kind: PeriodKind, day: date) -> Period:
    if kind == "week":
        start = day - timedelta(days=day.weekday())
        iso = start.isocalendar()
        return Period(start, start + timedelta(days=6), f"{iso.year}-W{iso.week:02d}")
    if kind == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return Period(day.replace(day=1), day.replace(day=last), f"{day:%Y-%m}")
    if kind == "quarter":
        q = (day.month - 1) // 3
        start = date(day.year, 3 * q + 1, 1)
        return Period(start, add_months(start, 3) - ONE_DAY, f"{day.year}-Q{q + 1}")
    if kind == "semester":
        if day.month >= 9 or day.month == 1:
            year = day.year if day.month >= 9 else day.year - 1
            return Period(date(year, 9, 1), date(year + 1, 1, 31), f"{year}-autumn")
        return Period(date(day.year, 2, 1), date(day.year, 8, 31), f"{day.year}-spring")
    if kind == "year":
        return Period(date(day.year, 1, 1), date(day.year, 12, 31), str(day.year))
    if kind == "school_year":
        year = day.year if day.month >= 9 else day.year - 1
        return Period(date(year, 9, 1), date(year + 1, 8, 31), f"{year}/{year + 1}")
    raise ValueError(f"unknown period kind {kind!r}")


def complete_periods(kind: PeriodKind, first: date, last: date, *,
                     partial_first: bool = False) -> Iterator[Period]:
    """Periods lying wholly inside ``[first, last]`` (a partial last one is skipped; so is a
    partial first one, unless ``partial_first``: then the period ``first`` falls in is
    judged whole, as for a group judged from the school year it was set up)."""
    p = period_of(kind, first)
    if p.start < first and not partial_first:
        p = period_of(kind, p.end + ONE_DAY)
    while p.end <= last:
        yield p
        p = period_of(kind, p.end + ONE_DAY)


def years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier (29 February becomes the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def uncovered(first: date, last: date, cover: list[tuple[date, date]]) -> list[date]:
    """The days of ``first``..``last`` (both included) in none of the ``cover`` spans, in
    order. A span may end on ``date.max`` (a document with no end of cover)."""
    out: list[date] = []
    day = first
    for lo, hi in sorted(cover):
        if hi < day:
            continue
        if lo > last:
            break
        while day < lo and day <= last:
            out.append(day)
            day += timedelta(days=1)
        if hi >= last:
            return out
        if hi >= day:
            day = hi + timedelta(days=1)
    while day <= last:
        out.append(day)
        day += timedelta(days=1)
    return out
