"""Rule types that treat attendance as a *claim* and cross-check it (N-EVD), and the
cumulative-practice rule for teachers (N-TEP-1)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

from pydantic import Field

from gtt_domain.audit.catalogue import Context, Params, ev, rule_type
from gtt_domain.audit.findings import Finding
from gtt_domain.audit.periods import years_before


class RepeatParams(Params):
    min_days: int = Field(ge=2, description="days with the very same coordinates that raise a flag")


@rule_type("repeated_location", RepeatParams)
def repeated_location(ctx: Context, p: RepeatParams) -> Iterator[Finding]:
    """The same check-in coordinates, to the last digit, on ``min_days`` or more days."""
    for s in ctx.subjects("internship"):
        days = [d for d in s.attendance if d.location and d.day <= ctx.as_of]
        for loc, n in sorted(Counter(d.location for d in days).items()):
            if n < p.min_days:
                continue
            same = [d for d in days if d.location == loc]
            if not ctx.applies(same[-1].day, s):
                continue
            yield ctx.finding(s, f"location-{loc}", f"{n} days >= {p.min_days}",
                              f"identical coordinates {loc} on {n} days ({same[0].day}..{same[-1].day})",
                              f"{n}天（{same[0].day}至{same[-1].day}）签到坐标完全相同（{loc}）",
                              [ev(d.ref, f"{d.day} at {loc}") for d in same[:5]],
                              period=(same[0].day, same[-1].day), values={"days": n})


class RegularParams(Params):
    min_days: int = Field(ge=2)
    max_spread_seconds: int = Field(ge=0, description="check-ins this close in time of day look scripted")
    min_share: float = Field(0.8, gt=0, le=1)


@rule_type("regular_times", RegularParams)
def regular_times(ctx: Context, p: RegularParams) -> Iterator[Finding]:
    """App check-ins recorded at (nearly) the same second of the day, day after day."""
    for s in ctx.subjects("internship"):
        days = [d for d in s.attendance if d.channel == "app" and d.day <= ctx.as_of]
        if len(days) < p.min_days:
            continue
        secs = sorted((d.recorded_at.hour * 3600 + d.recorded_at.minute * 60 + d.recorded_at.second, d)
                      for d in days)
        best: list = []
        j = 0
        for i in range(len(secs)):
            while secs[i][0] - secs[j][0] > p.max_spread_seconds:
                j += 1
            if i - j + 1 > len(best):
                best = secs[j:i + 1]
        share = len(best) / len(days)
        if len(best) < p.min_days or share < p.min_share or not ctx.applies(days[-1].day, s):
            continue
        spread = best[-1][0] - best[0][0]
        yield ctx.finding(s, "regular-times", f"{len(best)} of {len(days)} within {spread}s",
                          f"{len(best)} of {len(days)} app check-ins were recorded within {spread} seconds of the same time of day",
                          f"{len(days)}次手机签到中{len(best)}次记录时间相差不超过{spread}秒，疑似脚本签到",
                          [ev(d.ref, f"{d.day} recorded {d.recorded_at.time()}") for _, d in best[:5]],
                          period=(days[0].day, days[-1].day), values={"days": len(best), "spread_seconds": spread})


class UnpaidParams(Params):
    grace_days: int = Field(ge=0, description="days after an attendance day before pay for it is due on record")


@rule_type("attendance_without_pay", UnpaidParams, omission=True)
def attendance_without_pay(ctx: Context, p: UnpaidParams) -> Iterator[Finding]:
    """Attendance days (older than ``grace_days``) that no pay period covers."""
    for s in ctx.subjects("internship"):
        due = ctx.as_of - timedelta(days=p.grace_days)
        unpaid = [d for d in s.attendance if d.day < due and ctx.applies(d.day, s)
                  and not any(pay.period_start <= d.day <= pay.period_end for pay in s.pay)]
        if not unpaid:
            continue
        yield ctx.finding(s, f"unpaid-{unpaid[0].day}", f"{len(unpaid)} attendance days without pay",
                          f"{len(unpaid)} attendance day(s) from {unpaid[0].day} to {unpaid[-1].day} have no pay record (as of {ctx.as_of})",
                          f"{unpaid[0].day}至{unpaid[-1].day}有{len(unpaid)}天考勤无报酬记录（截至{ctx.as_of}）",
                          [ev(d.ref, f"attendance {d.day}") for d in unpaid[:5]],
                          period=(unpaid[0].day, unpaid[-1].day), values={"days": len(unpaid)})


class PracticeParams(Params):
    roles: list[str] = Field(min_length=1)
    exchange_kinds: list[str] = Field(default_factory=lambda: ["enterprise_practice"])
    min_days: int = Field(ge=1)
    window_years: int = Field(ge=1)


@rule_type("min_total_in_window", PracticeParams, omission=True)
def min_total_in_window(ctx: Context, p: PracticeParams) -> Iterator[Finding]:
    """Fewer than ``min_days`` of enterprise practice in the last ``window_years`` years, for
    a person who has held one of ``roles`` for the whole window (N-TEP-1)."""
    start = years_before(ctx.as_of, p.window_years)
    if not ctx.applies(ctx.as_of):
        return
    for person in ctx.subjects("person"):
        if not ctx.applies(ctx.as_of, person):
            continue
        held = [r for r in person.roles if r.what in p.roles and r.on <= start and (r.until is None or r.until > ctx.as_of)]
        if not held:
            continue
        total, refs = 0, []
        for x in ctx.world.of_kind("exchange"):
            if x.person_id == person.id and x.kind in p.exchange_kinds:
                days, rs = x.days_on_site_between(start, ctx.as_of)
                total += days
                refs += rs
        if total >= p.min_days:
            continue
        yield ctx.finding(person, f"practice-{start}", f"{total} days < {p.min_days}",
                          f"{total} days of enterprise practice from {start} to {ctx.as_of}; at least {p.min_days} required",
                          f"{start}至{ctx.as_of}累计企业实践{total}天，应不少于{p.min_days}天",
                          [ev(held[0].ref, f"role {held[0].what} since {held[0].on}"), *(ev(r, "days on site") for r in refs[:5])],
                          period=(start, ctx.as_of), values={"days": total, "min_days": p.min_days})


#: the rule types of this module (joined in gtt_domain.audit.rule_types)
RULE_TYPES = (
    repeated_location,
    regular_times,
    attendance_without_pay,
    min_total_in_window,
)
