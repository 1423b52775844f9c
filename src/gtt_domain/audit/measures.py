"""Ratios the ``ratio_at_least`` / ``ratio_at_most`` rule types compare with a bound.

Each measure yields :class:`Observation` s: a subject, a numerator and a denominator,
the day the observation belongs to (for dating the rule) and the evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from gtt_domain.audit import facts as f
from gtt_domain.audit.catalogue import Context, ev
from gtt_domain.audit.findings import Evidence
from gtt_domain.audit.periods import complete_periods, years_before


@dataclass
class Observation:
    subject: Any
    key: str
    numerator: Decimal
    denominator: Decimal
    day: date
    what_en: str  # e.g. "pay 2025-04 of 3,000 against a wage of 4,000"
    what_zh: str
    evidence: list[Evidence | None] = field(default_factory=list)
    period: tuple[date, date] | None = None
    persons: list[str] | None = None
    #: a state seen on the audit date (not a period): a closed finding seen again recurs
    observed_on: date | None = None

    @property
    def ratio(self) -> Decimal:
        return self.numerator / self.denominator


#: ``keep(subject, numerator, denominator, day)``: whether the rule could use such an
#: observation; a measure may skip building (its texts, its evidence) what ``keep`` refuses
Keep = Callable[[Any, Decimal, Decimal, date], bool]
Measure = Callable[..., Iterator[Observation]]
MEASURES: dict[str, Measure] = {}


def measure(name: str) -> Callable[[Measure], Measure]:
    def deco(fn: Measure) -> Measure:
        MEASURES[name] = fn
        return fn

    return deco


@measure("pay_to_wage")
def pay_to_wage(ctx: Context, opts: dict[str, Any], keep: Keep | None = None) -> Iterator[Observation]:
    """Each pay record's amount against the wage recorded for the post (only those ``keep``
    admits: an audit builds the texts of the few that breach, not of every pay record)."""
    basis_en, basis_zh = opts.get("basis_en", "the wage for the same post"), opts.get("basis_zh", "同岗位工资")
    for s in ctx.subjects("internship"):
        for i, p in enumerate(s.pay):
            if p.regular_wage <= 0:
                continue
            if keep is not None and not keep(s, p.amount, p.regular_wage, p.period_end):
                continue
            yield Observation(
                s, f"pay-{i}", p.amount, p.regular_wage, p.period_end,
                f"pay {p.amount} for {p.period_start}..{p.period_end} against {basis_en} {p.regular_wage}",
                f"{p.period_start}至{p.period_end}报酬{p.amount}，{basis_zh}{p.regular_wage}",
                [ev(p.ref, f"paid {p.amount}, wage {p.regular_wage}")], (p.period_start, p.period_end))


@measure("makeup_share")
def makeup_share(ctx: Context, opts: dict[str, Any], keep: Keep | None = None) -> Iterator[Observation]:
    """Share of attendance days recorded as make-up check-ins (N-EVD-3)."""
    min_days = int(opts.get("min_days", 1))
    for s in ctx.subjects("internship"):
        days = [d for d in s.attendance if d.day <= ctx.as_of]
        if len(days) < min_days:
            continue
        makeup = [d for d in days if d.channel == "makeup"]
        yield Observation(
            s, "makeup", Decimal(len(makeup)), Decimal(len(days)), days[-1].day,
            f"{len(makeup)} of {len(days)} attendance days are make-up check-ins",
            f"{len(days)}天考勤中{len(makeup)}天为补卡", [ev(d.ref, f"make-up {d.day}") for d in makeup[:5]],
            (days[0].day, days[-1].day))


@measure("interns_per_teacher")
def interns_per_teacher(ctx: Context, opts: dict[str, Any], keep: Keep | None = None) -> Iterator[Observation]:
    """Interns one accompanying (guidance) teacher has on the audit date (N-INT-13)."""
    by_teacher: dict[str, list[f.InternshipFacts]] = {}
    for s in ctx.subjects("internship"):
        if s.teacher and s.started_on and s.started_on <= ctx.as_of <= s.last_day(ctx.as_of) \
                and (s.ended_on is None or ctx.as_of <= s.ended_on):
            by_teacher.setdefault(s.teacher.what, []).append(s)
    for teacher, items in sorted(by_teacher.items()):
        first = items[0]
        yield Observation(
            first, f"teacher-{teacher}-{ctx.as_of}", Decimal(len(items)), Decimal(1), ctx.as_of,
            f"teacher {teacher} guides {len(items)} interns on {ctx.as_of}",
            f"指导教师{teacher}在{ctx.as_of}指导{len(items)}名实习生",
            [ev(i.teacher.ref if i.teacher else None, f"internship {i.id}") for i in items[:5]],
            persons=[teacher], observed_on=ctx.as_of)


def _rotations(ctx: Context, school: str, start: date, end: date, kinds: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for x in ctx.world.of_kind("exchange"):
        if x.sending_id == school and x.kind in kinds and x.started and start <= x.started.on <= end:
            out.setdefault(x.person_id, x)
    return out


def _eligible(ctx: Context, school: str, day: date, years: int) -> list[f.PersonFacts]:
    out = []
    for p in ctx.world.of_kind("person"):
        if p.kind != "teacher" or p.home_on(day) != school:
            continue
        since = p.home_since(day)
        if since <= years_before(day, years):
            out.append(p)
    return out


@measure("rotated_share")
def rotated_share(ctx: Context, opts: dict[str, Any], keep: Keep | None = None) -> Iterator[Observation]:
    """Eligible teachers of a school who started a rotation in a school year (N-ROT-1)."""
    kinds = list(opts.get("exchange_kinds", ["rotation"]))
    years = int(opts.get("eligible_years", 6))
    for school in ctx.subjects("institution"):
        if school.kind != "school":
            continue
        for period in complete_periods("school_year", school.events.created.effective, ctx.as_of):
            eligible = _eligible(ctx, school.id, period.start, years)
            if not eligible:
                continue
            ids = {p.id for p in eligible}
            rotated = {k: x for k, x in _rotations(ctx, school.id, period.start, period.end, kinds).items() if k in ids}
            yield Observation(
                school, f"rotated-{period.label}", Decimal(len(rotated)), Decimal(len(eligible)), period.end,
                f"{len(rotated)} of {len(eligible)} eligible teachers rotated in {period.label}",
                f"{period.label}学年{len(eligible)}名符合条件教师中{len(rotated)}名交流轮岗",
                [*(ev(x.started.ref, "rotation started") for x in list(rotated.values())[:5]),
                 *(ev(p.events.created, "eligible teacher") for p in eligible[:5])],
                (period.start, period.end), persons=[])


@measure("backbone_share")
def backbone_share(ctx: Context, opts: dict[str, Any], keep: Keep | None = None) -> Iterator[Observation]:
    """Backbone teachers among those a school rotated in a school year (N-ROT-2)."""
    kinds = list(opts.get("exchange_kinds", ["rotation"]))
    role = str(opts.get("backbone_role", "backbone_teacher"))
    for school in ctx.subjects("institution"):
        if school.kind != "school":
            continue
        for period in complete_periods("school_year", school.events.created.effective, ctx.as_of):
            rotated = _rotations(ctx, school.id, period.start, period.end, kinds)
            if not rotated:
                continue
            backbone = [pid for pid, x in rotated.items()
                        if (p := ctx.world.person(pid)) and role in p.roles_on(x.started.on)]
            yield Observation(
                school, f"backbone-{period.label}", Decimal(len(backbone)), Decimal(len(rotated)), period.end,
                f"{len(backbone)} of {len(rotated)} rotated teachers in {period.label} are backbone teachers",
                f"{period.label}学年交流的{len(rotated)}名教师中骨干教师{len(backbone)}名",
                [ev(x.started.ref, "rotation started") for x in list(rotated.values())[:5]],
                (period.start, period.end), persons=[])
