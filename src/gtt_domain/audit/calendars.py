"""When school is in: an institution's recorded terms and breaks, China's statutory
holidays and adjusted working days (the maintained ``chinese-calendar`` package), and a
cautious default where no calendar is recorded.

* A *statutory holiday* (法定节假日) is a day ``chinese-calendar`` names as a festival holiday
  and not as a rest day moved in lieu; a Sunday is a rest day, not a statutory holiday.
* A *working day* is one ``chinese-calendar`` says is worked (weekdays, plus the weekend
  days worked in lieu); outside the years it covers, Monday to Friday.
* A *school day* is a working day inside a term, outside the institution's breaks.
* Without a recorded calendar the default terms are 1 September to 15 January and 1 March
  to 30 June: a week or month is then judged only when it surely lies in term (a missed
  weekly activity in a guessed holiday week is noise, and noise costs an auditor's trust).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar

from gtt_domain.audit.facts import CalendarFacts, Span

ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=4096)
def _detail(day: date) -> tuple[bool, str | None, bool] | None:
    """(worked, festival name, in lieu) from chinese-calendar; None outside its years."""
    try:
        holiday, name = chinese_calendar.get_holiday_detail(day)
        return not holiday, name, chinese_calendar.is_in_lieu(day)
    except NotImplementedError:
        return None


def covered(day: date) -> bool:
    """Whether ``chinese-calendar`` knows this day's holidays."""
    return _detail(day) is not None


def statutory_holiday(day: date) -> str | None:
    """The festival's name when ``day`` is a statutory holiday, else None."""
    d = _detail(day)
    if d is None:
        return None
    worked, name, in_lieu = d
    return name if (not worked and name and not in_lieu) else None


def working_day(day: date) -> bool:
    d = _detail(day)
    return d[0] if d is not None else day.weekday() < 5


def default_terms(first: date, last: date) -> list[Span]:
    """The cautious default terms covering ``first``..``last``."""
    out = []
    for year in range(first.year - 1, last.year + 1):
        out.append(Span(f"{year}-autumn", date(year, 9, 1), date(year + 1, 1, 15)))
        out.append(Span(f"{year + 1}-spring", date(year + 1, 3, 1), date(year + 1, 6, 30)))
    return [t for t in out if t.overlaps(first, last)]


@dataclass(frozen=True)
class SchoolDays:
    """One institution's school calendar, recorded or default."""

    institution_id: str | None
    recorded: CalendarFacts | None
    _terms: list[Span] = field(default_factory=list)
    #: whether each day asked about is a school day (a calendar is asked about the same
    #: weeks for every internship and exchange of its institution)
    _days: dict[date, bool] = field(default_factory=dict, compare=False, repr=False)
    #: school days from ``first`` to ``last``, by the pair (every series of the institution
    #: judged by the same weeks and months asks the same spans)
    _counts: dict[tuple[date, date], int] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, institution_id: str | None, recorded: CalendarFacts | None) -> SchoolDays:
        return cls(institution_id, recorded, list(recorded.terms) if recorded and recorded.terms else [])

    @property
    def source(self) -> str:
        """``recorded`` or ``default`` (said in findings that depend on it)."""
        return "recorded" if self._terms else "default"

    def terms(self, first: date, last: date) -> list[Span]:
        """Terms that share a day with ``first``..``last``, in order."""
        if self._terms:
            return [t for t in self._terms if t.overlaps(first, last)]
        return default_terms(first, last)

    def term_of(self, day: date) -> Span | None:
        return next((t for t in self.terms(day, day) if t.contains(day)), None)

    def in_break(self, day: date) -> Span | None:
        breaks = self.recorded.breaks if self.recorded else []
        return next((b for b in breaks if b.contains(day)), None)

    def school_day(self, day: date) -> bool:
        known = self._days.get(day)
        if known is None:
            known = self._days[day] = (working_day(day) and self.term_of(day) is not None
                                       and self.in_break(day) is None and statutory_holiday(day) is None)
        return known

    def holiday(self, day: date) -> str | None:
        """Why ``day`` is a holiday (out of term, a break, a festival), or None in term."""
        name = statutory_holiday(day)
        if name:
            return name
        brk = self.in_break(day)
        if brk is not None:
            return brk.label
        return None if self.term_of(day) is not None else "out of term"

    def school_days(self, first: date, last: date) -> Iterator[date]:
        d = first
        while d <= last:
            if self.school_day(d):
                yield d
            d += ONE_DAY

    def count(self, first: date, last: date) -> int:
        found = self._counts.get((first, last))
        if found is None:
            found = self._counts[(first, last)] = sum(1 for _ in self.school_days(first, last))
        return found
