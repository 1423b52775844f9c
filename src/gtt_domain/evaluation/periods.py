"""Evaluation periods. A year is the calendar year (the plans count "per year" that way);
semesters follow the school calendar used by the audits: spring 1 Feb–31 Aug, autumn
1 Sep–31 Jan of the next year; quarters are calendar quarters (Q1 Jan–Mar …) and months
calendar months.

P1's yearly targets and P6-R5 count school years (September–August): a year's card counts
the school year ending in it (:func:`school_year_window`). Some targets are per year or
per semester whatever period is evaluated. On a quarter or a
month scorecard those metrics keep their own window and the card states it
(``details["windows"]``): per-year targets count the calendar year to the period's last
day (:func:`annual_window`), per-semester targets the school semester holding that day,
up to it (:func:`semesters_in`). Year and semester scorecards count inside the period.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

SEMESTERS = ("spring", "autumn")
QUARTERS = (1, 2, 3, 4)
MONTHS = tuple(range(1, 13))
#: periods shorter than a semester: annual and per-semester metrics keep their own window
SUB_SEMESTER = frozenset({"quarter", "month"})


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    label: str
    #: year, semester, quarter, month; windows of a metric: year_to_date, semester_to_date, span
    kind: str = "year"

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

    def describe(self) -> dict[str, str]:
        """What JSON says of the period evaluated (or of a metric's own window)."""
        return {"label": self.label, "kind": self.kind, "start": self.start.isoformat(),
                "end": self.end.isoformat()}


def semester(year: int, name: str) -> Period:
    if name == "spring":
        return Period(date(year, 2, 1), date(year, 8, 31), f"{year}-spring", "semester")
    if name == "autumn":
        return Period(date(year, 9, 1), date(year + 1, 1, 31), f"{year}-autumn", "semester")
    raise ValueError(f"semester must be one of {', '.join(SEMESTERS)}, not {name!r}")


def quarter(year: int, q: int) -> Period:
    if q not in QUARTERS:
        raise ValueError(f"quarter must be 1 to 4, not {q!r}")
    first = 3 * q - 2
    last = date(year, first + 2, calendar.monthrange(year, first + 2)[1])
    return Period(date(year, first, 1), last, f"{year}-Q{q}", "quarter")


def month(year: int, m: int) -> Period:
    if m not in MONTHS:
        raise ValueError(f"month must be 1 to 12, not {m!r}")
    return Period(date(year, m, 1), date(year, m, calendar.monthrange(year, m)[1]), f"{year}-{m:02d}", "month")


def evaluation_period(year: int, semester_name: str | None = None, *, quarter_no: int | None = None,
                      month_no: int | None = None) -> Period:
    """The calendar year, or one semester, quarter or month of it (at most one of them)."""
    given = [n for n, v in (("semester", semester_name), ("quarter", quarter_no), ("month", month_no))
             if v is not None]
    if len(given) > 1:
        raise ValueError(f"give at most one of semester, quarter and month, not {' and '.join(given)}")
    if semester_name is not None:
        return semester(year, semester_name)
    if quarter_no is not None:
        return quarter(year, quarter_no)
    if month_no is not None:
        return month(year, month_no)
    return Period(date(year, 1, 1), date(year, 12, 31), str(year), "year")


def semester_of(day: date) -> Period:
    """The school semester holding ``day`` (January belongs to the autumn before)."""
    if day.month == 1:
        return semester(day.year - 1, "autumn")
    return semester(day.year, "spring" if day.month <= 8 else "autumn")


def semesters_in(period: Period) -> list[Period]:
    """The semesters a per-semester target is judged over: those starting inside a year or
    semester; for a quarter or month, the semester holding its last day, up to that day."""
    if period.kind in SUB_SEMESTER:
        s = semester_of(period.end)
        return [Period(s.start, period.end, f"{s.label} to {period.end}", "semester_to_date")]
    out = [semester(y, s) for y in range(period.start.year, period.end.year + 1) for s in SEMESTERS]
    return [s for s in out if period.contains(s.start)] or [period]


def annual_window(period: Period) -> Period:
    """Where a per-year target is counted: the period itself, or for a quarter or month the
    calendar year up to its last day."""
    if period.kind not in SUB_SEMESTER:
        return period
    start = date(period.end.year, 1, 1)
    return Period(start, period.end, f"{start}..{period.end}", "year_to_date")


def months_in(period: Period) -> list[Period]:
    out: list[Period] = []
    day = period.start.replace(day=1)
    while day <= period.end:
        last = date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
        out.append(Period(max(day, period.start), min(last, period.end), f"{day:%Y-%m}", "month"))
        day = last + timedelta(days=1)
    return out


def years_back(period: Period, years: int) -> Period:
    """The ``years`` years ending with the period's end (P6-R4 three years, N-TEP-1 five)."""
    end = period.end
    after = end + timedelta(days=1)
    year = after.year - years
    start = date(year, after.month, min(after.day, calendar.monthrange(year, after.month)[1]))
    return Period(start, end, f"{start}..{end}", "span")


def school_year_window(period: Period) -> Period:
    """Where a per-school-year target (P1's yearly rules, P6-R5) is counted: for a calendar
    year Y the school year that ends in it (1 September Y-1 to 31 August Y); for a semester,
    quarter or month the school year holding its last day, up to that day."""
    if period.kind == "year":
        y = period.end.year
        return Period(date(y - 1, 9, 1), date(y, 8, 31), f"{y - 1}/{y}", "school_year")
    first = period.end.year if period.end.month >= 9 else period.end.year - 1
    return Period(date(first, 9, 1), period.end, f"{first}/{first + 1} to {period.end}", "school_year_to_date")
