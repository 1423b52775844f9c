"""Values and state records of an internship.

Enum values are stored in events: never rename one. The ``@state_type`` records are what
an ``Internship`` holds, so audits and projections read plain attributes, and snapshots
can store them (string dict keys, dataclasses registered for transcoding).
"""

from __future__ import annotations

from dataclasses import field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

from gtt_domain.domain.base import state_type
from gtt_domain.domain.internship_values import (  # noqa: F401 — re-exported
    AttendanceChannel,
    DocumentKind,
    Evaluator,
    InternshipKind,
    PostCategory,
    ProgrammeForm,
    Severity,
    Status,
)


@state_type
class Document:
    kind: str
    provided_on: date
    cover_from: date | None = None
    cover_to: date | None = None
    reference: str | None = None
    withdrawn_on: date | None = None

    def in_force_on(self, day: date) -> bool:
        """Provided by ``day``, not withdrawn by then, and (for a policy) covering it."""
        if self.provided_on > day or (self.withdrawn_on is not None and self.withdrawn_on <= day):
            return False
        if self.cover_from is not None and day < self.cover_from:
            return False
        return self.cover_to is None or day <= self.cover_to


@state_type
class Attendance:
    day: date
    hours: Decimal
    night_shift: bool
    statutory_holiday: bool
    overtime_hours: Decimal
    channel: str
    location: str | None
    device: str | None
    attested_by_host: bool
    claimed_by: str | None
    recorded_at: datetime
    recorded_by: str
    corrections: int = 0


@state_type
class Absence:
    day: date
    reason: str | None


@state_type
class Leave:
    asked_on: date
    first_day: date
    last_day: date
    written: bool
    approved: bool | None = None
    decided_on: date | None = None
    decided_by: str | None = None
    #: withdrawn as recorded in error (kept, so later requests keep their place; issue 19)
    retracted: bool = False


@state_type
class QuitRequest:
    """A request to leave the placement for good (離職, P10-R9), as asked."""

    asked_on: date
    last_day: date
    written: bool
    reason: str | None = None
    approved: bool | None = None
    decided_on: date | None = None


@state_type
class Pay:
    period_start: date
    period_end: date
    amount: Decimal
    regular_wage: Decimal
    paid_directly: bool
    in_kind: bool
    paid_on: date
    #: the version of the event that recorded it (0: a state stored before corrections
    #: existed) and of the correction that last restated it (0: none); issue 19
    version: int = 0
    corrected_by: int = 0


@state_type
class Fee:
    amount: Decimal
    charged_on: date
    description: str


@state_type
class HeldDocument:
    doc: str
    since: date
    returned_on: date | None = None


@state_type
class Incident:
    on: date
    description: str
    severity: str


@state_type
class Evaluation:
    by: str
    score: Decimal
    on: date
    comment: str | None
    version: int = 0  # as Pay (issue 19)
    corrected_by: int = 0


@state_type
class CertificationResult:
    exam: str
    passed: bool
    on: date


@state_type
class JobOffer:
    on: date
    post: str | None


class DayValues(NamedTuple):
    """What the rules of ``correct_attendance`` read about one recorded day."""

    hours: Decimal
    overtime_hours: Decimal
    night_shift: bool
    statutory_holiday: bool
    attested_by_host: bool


_PRESENT, _NIGHT, _HOLIDAY, _ATTESTED = 1, 2, 4, 8


def _cents(value: Decimal) -> int | None:
    """``value`` in hundredths when that is exact and fits two bytes, else ``None``."""
    try:
        return _CENTS[value]  # a day's hours repeat: 8, 7.5, 9 (issue 18: ~1 us a day)
    except (KeyError, TypeError):
        pass
    cents = value * 100
    found = None if cents != cents.to_integral_value() or not 0 <= cents <= 0xFFFF else int(cents)
    if len(_CENTS) < 4096 and value.is_finite():
        _CENTS[value] = found
    return found


#: :func:`_cents` of values seen (it depends on the value only: 8 and 8.00 are alike)
_CENTS: dict[Decimal, int | None] = {}


@state_type
class DayBook:
    """Days of one internship in one byte string, ``width`` bytes a day from ``first``.

    Issue 17: the command side keeps what its rules need — which days are recorded (no day
    twice, nothing after the end) and, for attendance (width 5), the values a correction is
    checked against (hours and overtime in hundredths, night/holiday/attested flags). Who
    recorded a day, through which channel and where is in the events and the read side.
    Hours the two bytes cannot hold exactly (more than two decimals: only from old events or
    direct domain calls) are kept exactly in ``exact``.
    """

    width: int
    first: int = 0  #: the proleptic ordinal of the day in ``cells[0:width]``
    cells: bytearray = field(default_factory=bytearray)
    count: int = 0
    exact: dict[str, list[Decimal]] = field(default_factory=dict)

    def _offset(self, day: date) -> int | None:
        i = (day.toordinal() - self.first) * self.width
        return i if 0 <= i < len(self.cells) and self.cells[i] & _PRESENT else None

    def __contains__(self, day: date) -> bool:
        return self._offset(day) is not None

    def __len__(self) -> int:
        return self.count

    def days(self) -> list[date]:
        """The recorded days, in order."""
        w, c = self.width, self.cells
        return [date.fromordinal(self.first + i // w) for i in range(0, len(c), w) if c[i] & _PRESENT]

    def last(self) -> date | None:
        w, c = self.width, self.cells
        for i in range(len(c) - w, -1, -w):
            if c[i] & _PRESENT:
                return date.fromordinal(self.first + i // w)
        return None

    def add(self, day: date, values: DayValues | None = None) -> None:
        """Record ``day`` (with its values when ``width`` holds them); a day kept twice is
        overwritten (replay never re-judges history)."""
        n = day.toordinal()
        if not self.cells:
            self.first = n
        elif n < self.first:
            self.cells[0:0] = bytes((self.first - n) * self.width)
            self.first = n
        i = (n - self.first) * self.width
        if i >= len(self.cells):
            self.cells.extend(bytes(i + self.width - len(self.cells)))
        if not self.cells[i] & _PRESENT:
            self.count += 1
        self.cells[i] = _PRESENT
        if values is not None:
            self._put(day, i, values)

    def get(self, day: date) -> DayValues | None:
        i = self._offset(day)
        if i is None:
            return None
        c = self.cells
        flags = c[i]
        kept = self.exact.get(day.isoformat())
        hours, overtime = kept if kept else (
            Decimal(int.from_bytes(c[i + 1:i + 3], "big")) / 100,
            Decimal(int.from_bytes(c[i + 3:i + 5], "big")) / 100)
        return DayValues(hours, overtime, bool(flags & _NIGHT), bool(flags & _HOLIDAY),
                         bool(flags & _ATTESTED))

    def correct(self, day: date, **changes: Any) -> None:
        """Change named values of a recorded day (``None``: as it was); ``KeyError`` when
        the day is not recorded (a time-travel fold skips such a correction)."""
        current = self.get(day)
        if current is None:
            raise KeyError(day.isoformat())
        merged = current._replace(**{k: v for k, v in changes.items() if v is not None})
        self._put(day, (day.toordinal() - self.first) * self.width, merged)

    def _put(self, day: date, i: int, v: DayValues) -> None:
        c = self.cells
        c[i] = (_PRESENT | (_NIGHT if v.night_shift else 0) | (_HOLIDAY if v.statutory_holiday else 0)
                | (_ATTESTED if v.attested_by_host else 0))
        hours, overtime = _cents(v.hours), _cents(v.overtime_hours)
        if hours is None or overtime is None:
            self.exact[day.isoformat()] = [v.hours, v.overtime_hours]
            hours = overtime = 0
        elif self.exact:
            self.exact.pop(day.isoformat(), None)
        c[i + 1:i + 5] = (hours << 16 | overtime).to_bytes(4, "big")


ATTENDANCE_WIDTH = 5
ABSENCE_WIDTH = 1
