"""Which attendance days the day-reading rules can act on, so that an audit read from the
fact tables loads those days only instead of an object per intern per day (issue 13).

A need is a superset. Each rule here passes over every day outside its need without a look
(the comment at each need says why), so the rule given the needed days finds exactly what
it finds given every day. The replay ignores needs (it holds every day); the fact tables'
property test holds the two equal over generated histories.

Pure data and pure functions: the fact layer turns a :class:`DayNeeds` into SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from gtt_domain.audit.calendars import statutory_holiday
from gtt_domain.audit.catalogue import Context
from gtt_domain.audit.periods import uncovered

#: an internship's first and last attendance day visible under the audit's bounds
Bounds = Mapping[str, tuple[date, date]]


@dataclass
class DayNeeds:
    """Days to load: of every internship, the days meeting any of the conditions; of the
    internships in ``every``, all their days; of an internship with a day on one of the
    ``every_if_channel`` channels (by the audit date), all its days."""

    hours_above: Decimal | None = None
    night_shift: bool = False
    overtime: bool = False
    holiday_flag: bool = False
    on_days: set[date] = field(default_factory=set)
    channels: set[str] = field(default_factory=set)
    located: bool = False
    every_if_channel: set[str] = field(default_factory=set)
    every: set[str] = field(default_factory=set)

    def over(self, hours: Decimal | None) -> None:
        if hours is not None and (self.hours_above is None or hours < self.hours_above):
            self.hours_above = hours


def covered(first: date, last: date, spans: Iterable[tuple[date, date]]) -> bool:
    """Whether ``spans`` cover every day of ``first``..``last``."""
    return not uncovered(first, last, list(spans))


def _holidays(bounds: Bounds) -> set[date]:
    """Statutory holidays between the earliest and the latest attendance day."""
    if not bounds:
        return set()
    first = min(b[0] for b in bounds.values())
    last = max(b[1] for b in bounds.values())
    out, day = set(), first
    while day <= last:
        if statutory_holiday(day) is not None:
            out.add(day)
        day += timedelta(days=1)
    return out


Need = Callable[[Context, Any, Bounds, DayNeeds], None]


def per_day_cap(ctx: Context, p: Any, bounds: Bounds, needs: DayNeeds) -> None:
    # each day is judged alone and one that breaches none of the caps is skipped first
    needs.over(p.max_hours)
    needs.night_shift |= not p.night_shift_allowed
    needs.overtime |= not p.overtime_allowed
    if not p.statutory_holiday_allowed:
        needs.holiday_flag = True
        if p.holidays_from_calendar:
            needs.on_days |= _holidays(bounds)


def repeated_location(ctx: Context, p: Any, bounds: Bounds, needs: DayNeeds) -> None:
    # only days with coordinates are counted
    needs.located = True


def regular_times(ctx: Context, p: Any, bounds: Bounds, needs: DayNeeds) -> None:
    # only app check-ins are counted
    needs.channels.add("app")


def attendance_without_pay(ctx: Context, p: Any, bounds: Bounds, needs: DayNeeds) -> None:
    # only days before the due date that no pay period covers are counted: an internship
    # whose pay covers its first to last day (up to the due date) has none
    due = ctx.as_of - timedelta(days=p.grace_days)
    for s in ctx.subjects("internship"):
        if s.id in bounds:
            first, last = bounds[s.id]
            last = min(last, due - timedelta(days=1))
            if first <= last and not covered(first, last, [(x.period_start, x.period_end) for x in s.pay]):
                needs.every.add(s.id)


def insurance_in_force(ctx: Context, p: Any, bounds: Bounds, needs: DayNeeds) -> None:
    # days are counted (or cited) only where no insurance is in force, by the audit date
    for s in ctx.subjects("internship"):
        if s.started_on is not None and s.id in bounds:
            first, last = bounds[s.id]
            last = min(last, ctx.as_of)
            if first <= last and not covered(first, last, s.in_force_spans("insurance_policy")):
                needs.every.add(s.id)


def absence_without_leave(ctx: Context, p: Any, bounds: Bounds, needs: DayNeeds) -> None:
    # reads absences, which are always loaded; no attendance day
    return None


def makeup_share(ctx: Context, p: Any, bounds: Bounds, needs: DayNeeds) -> None:
    # a ratio of make-up days to days: with no make-up day the share is 0, never above a
    # bound (ratio_at_most); below one (ratio_at_least) every day must be counted
    if ctx.rule.type == "ratio_at_most":
        needs.every_if_channel.add("makeup")
    else:
        needs.every |= {s.id for s in ctx.subjects("internship")}


#: the day-reading rule types and measures (``gtt_domain.audit.engine.reads_days``) and
#: their needs; a rule type reading days that is not listed loads every day
NEEDS: dict[str, Need] = {
    "per_day_cap": per_day_cap,
    "repeated_location": repeated_location,
    "regular_times": regular_times,
    "attendance_without_pay": attendance_without_pay,
    "insurance_in_force": insurance_in_force,
    "absence_without_leave": absence_without_leave,
}
MEASURE_NEEDS: dict[str, Need] = {"makeup_share": makeup_share}


def day_needs(contexts: Iterable[tuple[Context, Any]], bounds: Bounds) -> DayNeeds:
    """The union of what the rules (each in its context, with its parameters) need."""
    needs = DayNeeds()
    for ctx, params in contexts:
        need = NEEDS.get(ctx.rule.type) or MEASURE_NEEDS.get(getattr(params, "measure", None) or "")
        if need is None:
            needs.every |= set(bounds)
        else:
            need(ctx, params, bounds, needs)
    return needs


def needed(needs: DayNeeds) -> Iterator[str]:
    """The needs by name, for a log line or a test's message."""
    for name in ("hours_above", "night_shift", "overtime", "holiday_flag", "located"):
        if getattr(needs, name):
            yield name
    if needs.channels:
        yield f"channels={sorted(needs.channels)}"
    if needs.every_if_channel:
        yield f"every_if_channel={sorted(needs.every_if_channel)}"
    if needs.every:
        yield f"every={len(needs.every)}"
