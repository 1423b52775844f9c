"""Rule types about cadence: at least N per period, obligations at their cadence, equal
counts both ways. Evaluated over periods that have fully elapsed by the audit date."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import Field, field_validator

from gtt_domain.audit import facts as f
from gtt_domain.audit.catalogue import Context, Params, ev, rule_type
from gtt_domain.audit.findings import Evidence, Finding
from gtt_domain.audit.periods import Period, PeriodKind, complete_periods

Count = tuple[Decimal, list[Evidence | None]]


@dataclass
class Series:
    """Something counted per period over a subject's life."""

    subject: Any
    key: str
    first: date
    last: date
    count: Callable[[Period], Count]
    what_en: str
    what_zh: str


def _activities(ctx: Context, opts: dict[str, Any]) -> Iterator[Series]:
    kinds = list(opts.get("kinds", []))
    with_record = bool(opts.get("with_record", False))
    grades = opts.get("grades")
    label_en = str(opts.get("label_en", " or ".join(kinds).replace("_", " ")))
    label_zh = str(opts.get("label_zh", label_en))
    for s in ctx.subjects("community"):
        def count(period: Period, grade: str | None = None, s: f.CommunityFacts = s) -> Count:
            hits = [a for a in s.activities if a.kind in kinds and period.contains(a.held_on)
                    and (not with_record or a.has_record) and (grade is None or a.grade == grade)]
            return Decimal(len(hits)), [ev(a.ref, f"{a.kind} {a.held_on}") for a in hits]
        last = s.alive_until(ctx.as_of)
        for grade in grades or [None]:
            suffix = f" (grade {grade})" if grade else ""
            yield Series(s, f"grade-{grade}" if grade else "all", s.established_on, last,
                         functools.partial(count, grade=grade),
                         f"{label_en}{suffix}", f"{label_zh}{f'（{grade}）' if grade else ''}")


def _funding(ctx: Context, opts: dict[str, Any]) -> Iterator[Series]:
    for s in ctx.subjects("community"):
        def count(period: Period, s: f.CommunityFacts = s) -> Count:
            hits = [x for x in s.funding if period.contains(x.on)]
            return sum((Decimal(x.extra["amount"]) for x in hits), Decimal(0)), \
                [ev(x.ref, f"{x.extra['amount']} on {x.on}") for x in hits]
        yield Series(s, "funding", s.established_on, s.alive_until(ctx.as_of), count,
                     "yuan of funding", "元经费")


def head_branch_exchanges(ctx: Context, s: f.CommunityFacts, kinds: list[str], outbound: bool,
                          period: Period) -> list[f.ExchangeFacts]:
    """Exchanges started in ``period`` from the head to a branch (or back, ``outbound`` False)."""
    out = []
    for x in ctx.world.of_kind("exchange"):
        if x.kind not in kinds or x.started is None or not period.contains(x.started.on):
            continue
        head, other = (x.sending_id, x.host_id) if outbound else (x.host_id, x.sending_id)
        day = x.started.on
        if head == s.core_institution_id and s.role_on(other, day) == "branch":
            out.append(x)
    return out


def _exchanges_out(ctx: Context, opts: dict[str, Any]) -> Iterator[Series]:
    kinds = list(opts.get("exchange_kinds", ["support_teaching", "rotation"]))
    for s in ctx.subjects("community"):
        def count(period: Period, s: f.CommunityFacts = s) -> Count:
            hits = head_branch_exchanges(ctx, s, kinds, True, period)
            return Decimal(len(hits)), [ev(x.started.ref if x.started else None, f"exchange {x.id}") for x in hits]
        yield Series(s, "exchanges-out", s.established_on, s.alive_until(ctx.as_of), count,
                     "staff sent from the head school to branches", "总校派往分校的干部教师人次")


def _days_on_site(ctx: Context, opts: dict[str, Any]) -> Iterator[Series]:
    for s in ctx.subjects("exchange"):
        if s.started is None:
            continue
        last = min(s.completed.on if s.completed else ctx.as_of, s.cancelled_on or ctx.as_of, ctx.as_of)

        def count(period: Period, s: f.ExchangeFacts = s) -> Count:
            days, refs = s.days_on_site_between(period.start, period.end)
            return Decimal(days), [ev(r, "days on site") for r in refs]
        yield Series(s, "on-site", s.started.on, last, count, "days at the host", "天到校跟岗")


def _observation_days(ctx: Context, opts: dict[str, Any]) -> Iterator[Series]:
    for school in ctx.subjects("institution"):
        if school.kind != "school":
            continue
        for code in sorted(school.majors):
            def count(period: Period, school: f.InstitutionFacts = school, code: str = code) -> Count:
                days: dict[date, Any] = {}
                for s in ctx.world.of_kind("internship"):
                    p = ctx.world.person(s.student_id)
                    if s.kind != "observation" or s.school_id != school.id or p is None or p.major_code != code:
                        continue
                    for d in s.attendance:
                        if period.contains(d.day):
                            days.setdefault(d.day, d.ref)
                return Decimal(len(days)), [ev(r, "observation day") for r in list(days.values())[:5]]
            yield Series(school, f"major-{code}", school.events.created.effective, ctx.as_of, count,
                         f"observation days in major {code}", f"专业{code}见习天数")


COUNTERS: dict[str, Callable[[Context, dict[str, Any]], Iterator[Series]]] = {
    "activities": _activities, "funding": _funding, "exchanges_out": _exchanges_out,
    "days_on_site": _days_on_site, "observation_days": _observation_days,
}


class CountParams(Params):
    counter: str
    period: PeriodKind
    min: Decimal = Field(ge=0)
    options: dict[str, Any] = Field(default_factory=dict)

    @field_validator("counter")
    @classmethod
    def _known(cls, v: str) -> str:
        if v not in COUNTERS:
            raise ValueError(f"unknown counter {v!r}; known: {', '.join(sorted(COUNTERS))}")
        return v


@rule_type("min_count_per_period", CountParams, omission=True)
def min_count_per_period(ctx: Context, p: CountParams) -> Iterator[Finding]:
    """Fewer than ``min`` of something in a period that has fully elapsed (a cadence)."""
    for series in COUNTERS[p.counter](ctx, p.options):
        for period in complete_periods(p.period, series.first, series.last):
            if not ctx.applies(period.end) or period.end >= ctx.as_of:
                continue
            n, evidence = series.count(period)
            if n >= p.min:
                continue
            yield ctx.finding(series.subject, f"{series.key}-{period.label}", f"{n} < {p.min}",
                              f"{n} {series.what_en} in {period.label} ({period.start}..{period.end}); at least {p.min} required",
                              f"{period.label}（{period.start}至{period.end}）{series.what_zh}{n}，应不少于{p.min}",
                              evidence or [ev(series.subject.events.created, "subject")],
                              period=(period.start, period.end), values={"count": n, "min": p.min})


class ObligationParams(Params):
    cadence: str
    period: PeriodKind
    require_obligation: bool = True


@rule_type("obligation_cadence", ObligationParams, omission=True)
def obligation_cadence(ctx: Context, p: ObligationParams) -> Iterator[Finding]:
    """Obligations with ``cadence`` fulfilled at least ``quantity`` times per elapsed period
    while the agreement is active; with ``require_obligation``, the terms must have one."""
    for s in ctx.subjects("agreement"):
        if s.activated_on is None or not ctx.applies(s.activated_on):
            continue
        owed = [o for o in s.obligations if o.in_force and o.cadence == p.cadence]
        if not owed and p.require_obligation:
            yield ctx.finding(s, "no-obligation", f"{p.cadence} obligations = 0",
                              f"the agreement's terms have no {p.cadence.replace('_', ' ')} obligation",
                              f"协议条款中无按{p.period}履行的义务（如定期联席会议）",
                              [ev(s.events.created, "agreement")])
        last = min(x for x in (s.ended_on, s.term_end, ctx.as_of) if x is not None)
        for o in owed:
            need = o.quantity if o.quantity else Decimal(1)
            for period in complete_periods(p.period, s.activated_on, last):
                if not ctx.applies(period.end) or period.end >= ctx.as_of or not s.active_on(period.start):
                    continue
                hits = [x for x in s.fulfilments if x.what == o.obligation_id and period.contains(x.on)]
                done = sum((Decimal(x.extra["quantity"]) for x in hits), Decimal(0))
                if done >= need:
                    continue
                yield ctx.finding(s, f"{o.obligation_id}-{period.label}", f"{done} < {need}",
                                  f"obligation {o.obligation_id}: {done} fulfilled in {period.label}; {need} due",
                                  f"义务{o.obligation_id}在{period.label}履行{done}次，应为{need}次",
                                  [ev(x.ref, f"fulfilled {x.on}") for x in hits] or [ev(s.events.created, "agreement")],
                                  period=(period.start, period.end), values={"done": done, "due": need})


class EqualParams(Params):
    outbound_kinds: list[str] = Field(default_factory=lambda: ["support_teaching", "rotation"])
    inbound_kinds: list[str] = Field(default_factory=lambda: ["shadow_learning"])
    period: PeriodKind = "year"


@rule_type("equal_counts", EqualParams, omission=True)
def equal_counts(ctx: Context, p: EqualParams) -> Iterator[Finding]:
    """Branches send to the head as many as the head sends to branches, per period (P1-R6)."""
    for s in ctx.subjects("community"):
        for period in complete_periods(p.period, s.established_on, s.alive_until(ctx.as_of)):
            if not ctx.applies(period.end) or period.end >= ctx.as_of:
                continue
            out = head_branch_exchanges(ctx, s, p.outbound_kinds, True, period)
            back = head_branch_exchanges(ctx, s, p.inbound_kinds, False, period)
            if len(out) == len(back):
                continue
            yield ctx.finding(s, f"balance-{period.label}", f"inbound {len(back)} != outbound {len(out)}",
                              f"in {period.label} the head school sent {len(out)} to branches and received {len(back)}",
                              f"{period.label}总校派出{len(out)}人次，分校派来跟岗{len(back)}人次，人数不等",
                              [ev(x.started.ref if x.started else None, f"exchange {x.id}") for x in [*out, *back][:10]],
                              period=(period.start, period.end), values={"outbound": len(out), "inbound": len(back)})


#: the rule types of this module (joined in gtt_domain.audit.rule_types)
RULE_TYPES = (
    min_count_per_period,
    obligation_cadence,
    equal_counts,
)
