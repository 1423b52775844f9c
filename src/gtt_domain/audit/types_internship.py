"""Rule types over internships: ratios, daily caps, age and semester, insurance, pay,
fees and held documents, intern share of the host's staff, banned posts, duration."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import Any, Literal

from pydantic import Field, field_validator

from gtt_domain.audit import facts as f
from gtt_domain.audit.calendars import statutory_holiday
from gtt_domain.audit.catalogue import Context, Params, ev, rule_type
from gtt_domain.audit.findings import Evidence, Finding
from gtt_domain.audit.measures import MEASURES, Observation
from gtt_domain.audit.periods import add_months, months_between_ok, uncovered


class RatioParams(Params):
    measure: str
    bound: Decimal = Field(ge=0)
    options: dict[str, Any] = Field(default_factory=dict)

    @field_validator("measure")
    @classmethod
    def _known(cls, v: str) -> str:
        if v not in MEASURES:
            raise ValueError(f"unknown measure {v!r}; known: {', '.join(sorted(MEASURES))}")
        return v


def _pct(x: Decimal) -> str:
    """A percentage that never rounds across a bound (99.99975% is not shown as 100%)."""
    q = (x * 100).quantize(Decimal("0.00001"), rounding=ROUND_DOWN).normalize()
    return f"{q:f}%"


def _ratio(ctx: Context, p: RatioParams, at_least: bool) -> Iterator[Finding]:
    def keep(subject: Any, numerator: Decimal, denominator: Decimal, day: date) -> bool:
        """The checks below, before the observation is built."""
        if not ctx.applies(day, subject) or denominator == 0:
            return False
        ratio = numerator / denominator
        return ratio < p.bound if at_least else ratio > p.bound

    for o in MEASURES[p.measure](ctx, p.options, keep):
        if not ctx.applies(o.day, o.subject) or o.denominator == 0:
            continue
        breach = o.ratio < p.bound if at_least else o.ratio > p.bound
        if not breach:
            continue
        yield _finding(ctx, o, p.bound, at_least)


def _finding(ctx: Context, o: Observation, bound: Decimal, at_least: bool) -> Finding:
    op = "<" if at_least else ">"
    if o.denominator == 1:
        cmp = f"{o.numerator} {op} {bound}"
        en, zh = f"{o.what_en}; {'at least' if at_least else 'at most'} {bound} allowed", \
            f"{o.what_zh}；规定{'不少于' if at_least else '不超过'}{bound}"
    else:
        cmp = f"{_pct(o.ratio)} {op} {_pct(bound)}"
        en = f"{o.what_en}: {_pct(o.ratio)}, {'below' if at_least else 'above'} {_pct(bound)}"
        zh = f"{o.what_zh}：{_pct(o.ratio)}，{'低于' if at_least else '高于'}{_pct(bound)}"
    evidence: list[Evidence | None] = [e for e in o.evidence if e is not None]
    evidence = evidence or [ev(o.subject.events.created, o.subject.KIND)]
    return ctx.finding(o.subject, o.key, cmp, en, zh, evidence, period=o.period, persons=o.persons,
                       observed_on=o.observed_on,
                       values={"numerator": o.numerator, "denominator": o.denominator,
                               "ratio": o.ratio.quantize(Decimal("0.0001")), "bound": bound})


@rule_type("ratio_at_least", RatioParams)
def ratio_at_least(ctx: Context, p: RatioParams) -> Iterator[Finding]:
    """A measured ratio (pay to wage, rotated share …) below ``bound``."""
    return _ratio(ctx, p, True)


@rule_type("ratio_at_most", RatioParams)
def ratio_at_most(ctx: Context, p: RatioParams) -> Iterator[Finding]:
    """A measured ratio (make-up share, interns per teacher …) above ``bound``."""
    return _ratio(ctx, p, False)


class DayCapParams(Params):
    max_hours: Decimal | None = Field(None, gt=0)
    night_shift_allowed: bool = True
    statutory_holiday_allowed: bool = True
    overtime_allowed: bool = True
    holidays_from_calendar: bool = Field(True, description="know statutory holidays from China's calendar, "
                                                           "besides the attendance flag")


@rule_type("per_day_cap", DayCapParams)
def per_day_cap(ctx: Context, p: DayCapParams) -> Iterator[Finding]:
    """Attendance days above ``max_hours``, or with a night shift, holiday work or overtime.
    A statutory holiday is one China's calendar names (``chinese-calendar``) or one the
    attendance record flags (for what the calendar cannot know)."""
    hours_cap, night_ok = p.max_hours, p.night_shift_allowed
    holiday_ok, overtime_ok = p.statutory_holiday_allowed, p.overtime_allowed
    for s in ctx.subjects("internship"):
        for d in s.attendance:
            # the cheap tests first: most days breach nothing, and then nothing else is asked
            over = hours_cap is not None and d.hours > hours_cap
            night = not night_ok and d.night_shift
            overtime = not overtime_ok and d.overtime_hours > 0
            festival = statutory_holiday(d.day) if not holiday_ok and p.holidays_from_calendar else None
            holiday = not holiday_ok and (d.statutory_holiday or festival is not None)
            if not (over or night or overtime or holiday) or not ctx.applies(d.day, s):
                continue
            note = f"attendance {d.day}"
            holiday_en = f"work on a statutory holiday ({festival})" if festival else "work on a statutory holiday"
            if over:
                yield ctx.finding(s, f"hours-{d.day}", f"{d.hours} h > {p.max_hours} h",
                                  f"{d.hours} hours worked on {d.day}, more than {p.max_hours}",
                                  f"{d.day}工作{d.hours}小时，超过{p.max_hours}小时",
                                  [ev(d.ref, note)], period=(d.day, d.day),
                                  values={"hours": d.hours, "max_hours": p.max_hours})
            flags = [("night", "night_shift", night, "a night shift", "夜班"),
                     ("holiday", "statutory_holiday", holiday, holiday_en, "法定节假日上岗"),
                     ("overtime", "overtime", overtime,
                      f"{d.overtime_hours} hours of overtime", f"加班{d.overtime_hours}小时")]
            for key, aspect, breach, en, zh in flags:
                if breach:
                    yield ctx.finding(s, f"{key}-{d.day}", f"{key} = yes", f"{en} on {d.day}",
                                      f"{d.day}安排{zh}", [ev(d.ref, note)], period=(d.day, d.day),
                                      aspect=aspect, on=d.day)


class AgeParams(Params):
    min_age: int = Field(ge=0, le=30)
    unknown_is_finding: bool = False


@rule_type("age_at_least", AgeParams)
def age_at_least(ctx: Context, p: AgeParams) -> Iterator[Finding]:
    """The student younger than ``min_age`` on the day the internship started."""
    for s in ctx.subjects("internship"):
        if s.started_on is None or not ctx.applies(s.started_on, s):
            continue
        person = ctx.world.person(s.student_id)
        age = person.age_on(s.started_on) if person else None
        start_ev = ev(s.events.first("Started"), f"started {s.started_on}")
        if age is None:
            if p.unknown_is_finding:
                yield ctx.finding(s, "age", "age unknown", f"the student's age on {s.started_on} is not on record",
                                  f"学生在{s.started_on}的年龄无记录", [start_ev])
            continue
        if age < p.min_age:
            yield ctx.finding(s, "age", f"{age} < {p.min_age}",
                              f"the student was {age} on the start date {s.started_on}; at least {p.min_age} required",
                              f"实习开始日{s.started_on}学生年满{age}周岁，未满{p.min_age}周岁",
                              [start_ev], values={"age": age, "min_age": p.min_age})


class SemesterParams(Params):
    min_semester: int = Field(ge=1, le=12)
    by_term: bool = Field(False, description="count the semester at the middle of the school's term the start falls in")


@rule_type("semester_at_least", SemesterParams)
def semester_at_least(ctx: Context, p: SemesterParams) -> Iterator[Finding]:
    """A post internship starting before the student's ``min_semester``-th semester."""
    for s in ctx.subjects("internship"):
        if s.started_on is None or not ctx.applies(s.started_on, s):
            continue
        person = ctx.world.person(s.student_id)
        day = term_middle(ctx, s.school_id, s.started_on) if p.by_term else s.started_on
        sem = person.semester_on(day) if person else None
        if sem is not None and sem < p.min_semester:
            yield ctx.finding(s, "semester", f"semester {sem} < {p.min_semester}",
                              f"started {s.started_on} in the student's semester {sem}; semester {p.min_semester} or later required",
                              f"{s.started_on}开始实习时学生处于第{sem}学期，应在第{p.min_semester}学期及以后",
                              [ev(s.events.first("Started"), f"started {s.started_on}")],
                              values={"semester": sem, "min_semester": p.min_semester})


def term_middle(ctx: Context, school_id: str, day: date) -> date:
    """The middle of the school's term that ``day`` falls in (``day`` itself in a break): a
    student's semester is counted by terms, not by half years from admission, which runs a
    few weeks off around the spring start."""
    term = ctx.school_days(school_id).term_of(day)
    if term is None or term.last is None:
        return day
    return term.first + (term.last - term.first) / 2


class InsuranceParams(Params):
    days: Literal["internship", "attendance"] = "internship"


def _spans(days: list[date]) -> list[tuple[date, date]]:
    spans: list[tuple[date, date]] = []
    for d in days:
        if spans and spans[-1][1] + timedelta(days=1) == d:
            spans[-1] = (spans[-1][0], d)
        else:
            spans.append((d, d))
    return spans


@rule_type("insurance_in_force", InsuranceParams)
def insurance_in_force(ctx: Context, p: InsuranceParams) -> Iterator[Finding]:
    """Internship (or attendance) days with no liability insurance in force."""
    for s in ctx.subjects("internship"):
        if s.started_on is None:
            continue
        cover = s.in_force_spans("insurance_policy")
        if p.days == "attendance":
            days = [d.day for d in s.attendance if d.day <= ctx.as_of]
        else:  # the uncovered stretches of start..last, without walking the covered days
            days = uncovered(s.started_on, s.last_day(ctx.as_of), cover)
            cover = []
        bare = [d for d in days if not any(lo <= d <= hi for lo, hi in cover) and ctx.applies(d, s)]
        for first, last in _spans(bare):
            n = (last - first).days + 1 if p.days == "internship" else len([d for d in bare if first <= d <= last])
            refs = [ev(a.ref, f"attendance {a.day}") for a in s.attendance if first <= a.day <= last][:5]
            yield ctx.finding(s, f"uninsured-{first}", f"insured days = 0 of {n}",
                              f"no insurance in force from {first} to {last} ({n} {p.days} day(s))",
                              f"{first}至{last}无实习责任保险（{n}天）",
                              refs or [ev(s.events.first("Started"), f"started {s.started_on}")],
                              period=(first, last), values={"days": n})


class PayDirectParams(Params):
    max_period_days: int = Field(31, ge=1, description="pay at least monthly")


@rule_type("pay_direct", PayDirectParams)
def pay_direct(ctx: Context, p: PayDirectParams) -> Iterator[Finding]:
    """Pay not in money, not directly to the student, or for a period longer than a month."""
    for s in ctx.subjects("internship"):
        for i, pay in enumerate(s.pay):
            if not ctx.applies(pay.period_end, s):
                continue
            note = f"pay {pay.amount} for {pay.period_start}..{pay.period_end}"
            period = (pay.period_start, pay.period_end)
            if pay.in_kind:
                yield ctx.finding(s, f"pay-{i}-kind", "in kind = yes", f"{note} was paid in kind",
                                  f"{pay.period_start}至{pay.period_end}报酬以实物支付", [ev(pay.ref, note)], period=period)
            if not pay.paid_directly:
                yield ctx.finding(s, f"pay-{i}-direct", "paid directly = no", f"{note} was not paid directly to the student",
                                  f"{pay.period_start}至{pay.period_end}报酬未直接支付给学生", [ev(pay.ref, note)], period=period)
            days = (pay.period_end - pay.period_start).days + 1
            if days > p.max_period_days:
                yield ctx.finding(s, f"pay-{i}-period", f"{days} days > {p.max_period_days}",
                                  f"{note} covers {days} days; pay is due at least every {p.max_period_days} days",
                                  f"一次发放覆盖{days}天，应至少每{p.max_period_days}天发放一次", [ev(pay.ref, note)], period=period)


@rule_type("no_fees_or_held_documents", Params)
def no_fees_or_held_documents(ctx: Context, p: Params) -> Iterator[Finding]:
    """A fee charged to the student, or a document of the student kept by the host."""
    for s in ctx.subjects("internship"):
        for i, fee in enumerate(s.fees):
            if ctx.applies(fee.on, s):
                yield ctx.finding(s, f"fee-{i}", f"fee {fee.extra['amount']} > 0",
                                  f"{fee.extra['amount']} charged on {fee.on} ({fee.what})",
                                  f"{fee.on}向学生收取{fee.extra['amount']}（{fee.what}）",
                                  [ev(fee.ref, f"fee {fee.extra['amount']}")], period=(fee.on, fee.on))
        for h in s.held_documents:
            if not ctx.applies(h.on, s):
                continue
            returned = h.until is not None and h.until <= ctx.as_of
            yield ctx.finding(s, f"held-{h.what}-{h.on}", f"{h.what} held since {h.on}",
                              f"the host kept the student's {h.what} from {h.on}" + (f" to {h.until}" if returned else ""),
                              f"企业自{h.on}扣留学生{h.what}" + (f"，{h.until}归还" if returned else ""),
                              [ev(h.ref, f"held {h.what}")], period=(h.on, h.until if returned and h.until else ctx.as_of),
                              resolved_by=ev(h.until_ref, f"returned {h.until}") if returned else None)


class StaffShareParams(Params):
    max_share: Decimal = Field(gt=0, le=1)
    per_post: bool = Field(False, description="count interns and staff per post (where a post's staff is recorded)")


@rule_type("cap_share_of_staff", StaffShareParams)
def cap_share_of_staff(ctx: Context, p: StaffShareParams) -> Iterator[Finding]:
    """More interns at a host on a day than ``max_share`` of its on-post staff (with
    ``per_post``: of the staff on the interns' post)."""
    by_host: dict[tuple[str, str], list[f.InternshipFacts]] = {}
    for s in ctx.subjects("internship"):
        if s.started_on is not None and s.started_on <= ctx.as_of:
            by_host.setdefault((s.host_id, s.post if p.per_post else ""), []).append(s)
    for (host_id, post), items in sorted(by_host.items()):
        host = ctx.world.institution(host_id)
        if host is None:
            continue
        if p.per_post:
            recorded = host.post_staff.get(post)
            staff, staff_ref = (int(recorded.extra["staff"]), recorded.ref) if recorded else (0, None)
        else:
            staff, staff_ref = host.on_post_staff or 0, host.headcount
        if not staff:
            continue
        where_en, where_zh = (f" on post {post}", f"{post}岗位") if p.per_post else ("", "")
        for day in sorted({s.started_on for s in items if s.started_on}):
            on = [s for s in items if s.started_on and s.started_on <= day <= s.last_day(ctx.as_of)]
            starter = next((s for s in on if s.started_on == day), None)
            if starter is None or not ctx.applies(day, starter):  # started after its own end
                continue
            share = Decimal(len(on)) / Decimal(staff)
            if share <= p.max_share:
                continue
            yield ctx.finding(
                starter, f"host-{host_id}{'-' + post if p.per_post else ''}-{day}", f"{_pct(share)} > {_pct(p.max_share)}",
                f"{len(on)} interns at {host.name}{where_en} on {day} against {staff} staff: "
                f"{_pct(share)}, above {_pct(p.max_share)}",
                f"{day}{host.name}{where_zh}有实习生{len(on)}名，在岗职工{staff}名，占{_pct(share)}，超过{_pct(p.max_share)}",
                [ev(staff_ref, f"staff{where_en} {staff}"),
                 *(ev(s.events.first("Started"), f"internship {s.id}") for s in on[:5])],
                persons=[s.student_id for s in on], institutions=[host_id], period=(day, day),
                values={"interns": len(on), "staff": staff})


class PostParams(Params):
    categories: list[str] = Field(default_factory=list, description="banned for every student")
    minor_categories: list[str] = Field(default_factory=list, description="banned for students under adult_age")
    adult_age: int = 18


@rule_type("forbidden_post", PostParams)
def forbidden_post(ctx: Context, p: PostParams) -> Iterator[Finding]:
    """A placement on a banned post (or a post banned for minors, for a minor)."""
    for s in ctx.subjects("internship"):
        day = s.started_on
        if day is None or not ctx.applies(day, s):
            continue
        person = ctx.world.person(s.student_id)
        age = person.age_on(day) if person else None
        minor = age is not None and age < p.adult_age
        for_minor = minor and s.post_category in p.minor_categories
        if s.post_category in p.categories or for_minor:
            who = f" for a student aged {age}" if minor else ""
            yield ctx.finding(s, "post", f"post = {s.post_category}",
                              f"placed on a {s.post_category.replace('_', ' ')} post{who}",
                              f"安排在禁止的岗位类别（{s.post_category}）" + (f"，学生{age}周岁" if minor else ""),
                              [ev(s.events.created, f"post category {s.post_category}")],
                              aspect=None if for_minor else f"post:{s.post_category}", on=day)


class DurationParams(Params):
    subject: Literal["internship", "exchange"] = "internship"
    min_months: int | None = Field(None, ge=0)
    max_months: int | None = Field(None, ge=0)


@rule_type("duration_bounds", DurationParams)
def duration_bounds(ctx: Context, p: DurationParams) -> Iterator[Finding]:
    """A period shorter than ``min_months`` or longer than ``max_months`` (actual when
    completed, else planned)."""
    for s in ctx.subjects(p.subject):
        if isinstance(s, f.InternshipFacts):
            start = s.started_on or s.planned_start
            end = s.ended_on if s.status == "completed" and s.ended_on else s.planned_end
            basis = "actual" if s.status == "completed" else "planned"
        else:
            start, end, basis = s.planned_start, s.planned_end, "planned"
        if not ctx.applies(start, s) or (isinstance(s, f.ExchangeFacts) and s.cancelled_on):
            continue
        days = (end - start).days + 1
        short = p.min_months is not None and not months_between_ok(start, end, p.min_months)
        long = p.max_months is not None and end >= add_months(start, p.max_months)
        if short or long:
            bound = f"at least {p.min_months}" if short else f"at most {p.max_months}"
            bound_zh = f"不少于{p.min_months}" if short else f"不超过{p.max_months}"
            yield ctx.finding(s, "duration", f"{start}..{end} {'<' if short else '>'} {p.min_months if short else p.max_months} months",
                              f"{basis} period {start} to {end} ({days} days); {bound} months required",
                              f"{'实际' if basis == 'actual' else '计划'}期限{start}至{end}（{days}天），应{bound_zh}个月",
                              [ev(s.events.created, f"{basis} {start}..{end}")], period=(start, end),
                              values={"days": days})


#: the rule types of this module (joined in gtt_domain.audit.rule_types)
RULE_TYPES = (
    ratio_at_least,
    ratio_at_most,
    per_day_cap,
    age_at_least,
    semester_at_least,
    insurance_in_force,
    pay_direct,
    no_fees_or_held_documents,
    cap_share_of_staff,
    forbidden_post,
    duration_bounds,
)
