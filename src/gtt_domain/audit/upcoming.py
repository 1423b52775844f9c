"""What is coming due: the obligations a rule will judge within a horizon, not yet met.

Audits judge what has passed; this looks ahead from the audit date ``as_of`` to
``as_of + within`` with the same packs, scopes, adoptions and calendars:

* something required before a start that has not happened (a joint plan 60 days before a
  batch, documents, a teacher, a filing): due on the start minus the lead;
* something due within days of a fact that happened (an evaluation after completion, a
  charter after establishment), and a yearly deadline (P5-R2's 25 September);
* a cadence not yet met in the period running now (this week's team activity, this
  month's shadow day, this quarter's review meeting, this school year's funding), due on
  the period's last day — only periods the audit will judge (term weeks and months);
* liability insurance that ends before the internship does, due the first uncovered day;
* a body's size or membership still out of bounds when its grace period ends.

An obligation already overdue but whose anchor lies ahead (a plan not agreed 50 days before
a start) is listed with ``overdue`` true; one whose period has ended is the audit's business.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field

from gtt_domain.audit import facts as f
from gtt_domain.audit import milestones as ms
from gtt_domain.audit import types_bodies as tb
from gtt_domain.audit import types_cadence as tc
from gtt_domain.audit import types_internship as ti
from gtt_domain.audit import types_timing as tt
from gtt_domain.audit.catalogue import Context, subject_people
from gtt_domain.audit.findings import severity_rank
from gtt_domain.audit.packs import Pack
from gtt_domain.audit.periods import Period, PeriodKind, period_of
from gtt_domain.audit.world import World

ONE_DAY = timedelta(days=1)


class Obligation(BaseModel):
    """One thing a rule will ask for by ``due`` that is not on record yet."""

    rule_id: str
    pack_id: str
    severity: str
    source: str
    rule_type: str
    subject_kind: str
    subject_id: str
    person_ids: list[str] = Field(default_factory=list)
    institution_ids: list[str] = Field(default_factory=list)
    due: date
    overdue: bool = False
    period_start: date | None = None
    period_end: date | None = None
    needed: str = Field(description="what is due, e.g. 'the joint plan', '3 galas'")
    progress: str = Field(description="what is on record so far, e.g. '1 of 2', 'none'")
    explanation_en: str
    explanation_zh: str
    key: str

    def explanation(self, lang: str = "en") -> str:
        return self.explanation_zh if lang == "zh" else self.explanation_en


def obligation(ctx: Context, s: Any, key: str, due: date, needed: str, progress: str, en: str, zh: str, *,
               period: tuple[date, date] | None = None, persons: list[str] | None = None,
               institutions: list[str] | None = None) -> Obligation:
    ps, insts = subject_people(s)
    return Obligation(
        rule_id=ctx.rule.id, pack_id=ctx.pack.id, severity=ctx.rule.severity, source=ctx.rule.source.label(),
        rule_type=ctx.rule.type, subject_kind=s.KIND, subject_id=s.id,
        person_ids=persons if persons is not None else ps,
        institution_ids=institutions if institutions is not None else insts,
        due=due, overdue=due < ctx.as_of, period_start=period[0] if period else None,
        period_end=period[1] if period else None, needed=needed, progress=progress,
        explanation_en=f"{ctx.rule.title.en}: {en}", explanation_zh=f"{ctx.rule.title.zh}：{zh}",
        key=f"{ctx.rule.id}|{s.id}|{key}")


Ahead = Callable[[Context, Any, date], Iterable[Obligation]]


# --- requirements before an anchor that lies ahead --------------------------------------


def _ahead_anchor(s: Any, anchor: str, world: World, as_of: date) -> tuple[date, str] | None:
    """The anchor's day when it is still ahead (a start not yet made: the planned start)."""
    if anchor == "start" and isinstance(s, f.InternshipFacts | f.ExchangeFacts):
        started = s.started_on if isinstance(s, f.InternshipFacts) else (s.started.on if s.started else None)
        if started is not None and started <= as_of:
            return None
        if isinstance(s, f.InternshipFacts) and s.status in ("completed", "terminated"):
            return None
        if isinstance(s, f.ExchangeFacts) and s.cancelled_on is not None:
            return None
        return (started or s.planned_start), "planned start"
    m = ms.milestone(s, anchor, world)
    if m is None or m[0] <= as_of:
        return None
    return m[0], anchor


def _before(ctx: Context, s: Any, requirement: str, anchor: str, lead: int, horizon: date) -> Iterator[Obligation]:
    a = _ahead_anchor(s, anchor, ctx.world, ctx.as_of)
    if a is None:
        return
    day, what = a
    due = day - timedelta(days=lead)
    if due > horizon or not ctx.applies(day, s, ahead=True):
        return
    r = ms.milestone(s, requirement, ctx.world)
    if r is not None and r[0] <= ctx.as_of:
        return
    req_en, req_zh = ms.words(requirement)
    lead_en = f"{lead} days before " if lead else "by "
    yield obligation(ctx, s, requirement, due, req_en, "none",
                     f"{req_en} due {due}, {lead_en}the {what} on {day}",
                     f"{req_zh}应于{due}前完成（{what} {day}{f'前{lead}天' if lead else ''}）")


def required_before(ctx: Context, p: tt.BeforeParams, horizon: date) -> Iterator[Obligation]:
    for s in ctx.subjects(p.subject):
        yield from _before(ctx, s, p.requirement, p.anchor, p.lead_days, horizon)


def required_documents(ctx: Context, p: tt.DocumentsParams, horizon: date) -> Iterator[Obligation]:
    for s in ctx.subjects("internship"):
        for d in p.documents:
            yield from _before(ctx, s, f"document:{d}", p.anchor, 0, horizon)


# --- within days of a fact, yearly deadlines -----------------------------------------------


def _within(ctx: Context, s: Any, requirement: str, anchor: str, days: int, horizon: date) -> Iterator[Obligation]:
    a = ms.milestone(s, anchor, ctx.world)
    if a is None or a[0] > ctx.as_of or not ctx.applies(a[0], s):
        return
    due = a[0] + timedelta(days=days)
    if not ctx.as_of <= due <= horizon:
        return
    r = ms.milestone(s, requirement, ctx.world)
    if r is not None and r[0] <= ctx.as_of:
        return
    req_en, req_zh = ms.words(requirement)
    anc_en, anc_zh = ms.words(anchor)
    yield obligation(ctx, s, requirement, due, req_en, "none",
                     f"{req_en} due by {due}, {days} days after {anc_en} on {a[0]}",
                     f"{req_zh}应于{due}前完成（{anc_zh}{a[0]}后{days}天内）", period=(a[0], due))


def required_within_days(ctx: Context, p: tt.WithinParams, horizon: date) -> Iterator[Obligation]:
    for s in ctx.subjects(p.subject):
        yield from _within(ctx, s, p.requirement, p.anchor, p.days, horizon)


def evaluation_within_days(ctx: Context, p: tt.EvaluationParams, horizon: date) -> Iterator[Obligation]:
    requirement = f"evaluation:{p.by}" if p.subject == "internship" else "assessment"
    for s in ctx.subjects(p.subject):
        yield from _within(ctx, s, requirement, "completed", p.days, horizon)


def annual_deadline(ctx: Context, p: tt.DeadlineParams, horizon: date) -> Iterator[Obligation]:
    for s in ctx.subjects("community"):
        for year in range(ctx.as_of.year, horizon.year + 1):
            deadline = date(year, p.month, p.day)
            if not ctx.as_of <= deadline <= horizon or deadline < s.established_on:
                continue
            if s.dissolved_on is not None and s.dissolved_on < deadline:
                continue
            if not ctx.applies(deadline, s, ahead=True):
                continue
            previous = date(year - 1, p.month, p.day)
            if any(previous < r.on <= ctx.as_of for r in s.team_reports):
                continue
            yield obligation(ctx, s, f"report-{year}", deadline, "the team report", "none",
                             f"the team is to be reported by {deadline}", f"应于{deadline}前上报学习共同体",
                             period=(previous + ONE_DAY, deadline))


# --- cadences: the period running now ------------------------------------------------------


def current_period(ctx: Context, kind: PeriodKind, series: tc.Series, min_school_days: int | None) -> Period | None:
    """The period holding the audit date that the rule will judge, if any."""
    cal = ctx.school_days(series.institution_id) if series.institution_id is not None else None
    if kind == "semester" and cal is not None and cal.source == "recorded":
        t = cal.term_of(ctx.as_of)
        return Period(t.first, t.last, t.label) if t is not None and t.last is not None else None
    period = period_of(kind, ctx.as_of)
    need = min_school_days if min_school_days is not None else tc.DEFAULT_MIN_SCHOOL_DAYS.get(kind, 0)
    if cal is not None and need and cal.count(period.start, period.end) < need:
        return None
    return period


def _alive_through(s: Any, day: date) -> bool:
    end = getattr(s, "dissolved_on", None)
    return end is None or end >= day


def min_count_per_period(ctx: Context, p: tc.CountParams, horizon: date) -> Iterator[Obligation]:
    for series in tc.COUNTERS[p.counter](ctx, p.options):
        period = current_period(ctx, p.period, series, p.min_school_days)
        anchor = series.anchor if series.anchor is not None else series.subject
        if period is None or period.end > horizon or not _alive_through(anchor, period.end):
            continue
        if period.start < series.first and not p.judge_first_period:
            continue
        if not ctx.applies(period.end, anchor, ahead=True):
            continue
        so_far = Period(period.start, ctx.as_of, period.label)
        counted = series.count(so_far)
        if counted is None or counted[0] >= p.min:
            continue
        n = counted[0]
        yield obligation(ctx, series.subject, f"{series.key}-{period.label}", period.end,
                         f"{p.min} {series.what_en}", f"{n} of {p.min}",
                         f"{n} of {p.min} {series.what_en} so far in {period.label}; due by {period.end}",
                         f"{period.label}{series.what_zh}目前{n}，应于{period.end}前达到{p.min}",
                         period=(period.start, period.end), persons=series.persons,
                         institutions=series.institutions)


def obligation_cadence(ctx: Context, p: tc.ObligationParams, horizon: date) -> Iterator[Obligation]:
    period = period_of(p.period, ctx.as_of)
    if period.end > horizon:
        return
    for s in ctx.subjects("agreement"):
        if s.activated_on is None or not s.active_on(period.end) or not ctx.applies(period.end, s, ahead=True):
            continue
        for o in (o for o in s.obligations if o.in_force and o.cadence == p.cadence):
            need = o.quantity if o.quantity else Decimal(1)
            done = sum((Decimal(x.extra["quantity"]) for x in s.fulfilments
                        if x.what == o.obligation_id and period.start <= x.on <= ctx.as_of), Decimal(0))
            if done >= need:
                continue
            yield obligation(ctx, s, f"{o.obligation_id}-{period.label}", period.end,
                             f"obligation {o.obligation_id} x{need}", f"{done} of {need}",
                             f"obligation {o.obligation_id}: {done} of {need} fulfilled so far in {period.label}; due by {period.end}",
                             f"义务{o.obligation_id}在{period.label}已履行{done}次，应于{period.end}前达到{need}次",
                             period=(period.start, period.end))


def equal_counts(ctx: Context, p: tc.EqualParams, horizon: date) -> Iterator[Obligation]:
    period = period_of(p.period, ctx.as_of)
    if period.end > horizon:
        return
    opts = {"weak_only": False, **p.options}
    for s in ctx.subjects("community"):
        if (period.start < s.established_on and not p.judge_first_period) or not _alive_through(s, period.end):
            continue
        if not ctx.applies(period.end, s, ahead=True):
            continue
        so_far = Period(period.start, ctx.as_of, period.label)
        out = tc.head_branch_exchanges(ctx, s, p.outbound_kinds, True, so_far, opts)
        back = tc.head_branch_exchanges(ctx, s, p.inbound_kinds, False, so_far, opts)
        if len(out) == len(back):
            continue
        yield obligation(ctx, s, f"balance-{period.label}", period.end, f"{len(out)} sent to the head school",
                         f"{len(back)} of {len(out)}",
                         f"branches have sent {len(back)} to the head school against {len(out)} received in {period.label}; due by {period.end}",
                         f"{period.label}分校已派{len(back)}人次，总校已派出{len(out)}人次，应于{period.end}前等额",
                         period=(period.start, period.end))


# --- insurance, bodies -----------------------------------------------------------------------


def insurance_in_force(ctx: Context, p: ti.InsuranceParams, horizon: date) -> Iterator[Obligation]:
    if p.days != "internship":
        return
    for s in ctx.subjects("internship"):
        if s.status in ("completed", "terminated"):
            continue
        first = max(s.started_on or s.planned_start, ctx.as_of)
        day = first
        while day <= min(s.planned_end, horizon) and s.has_document_on("insurance_policy", day):
            day += ONE_DAY
        if day > min(s.planned_end, horizon) or not ctx.applies(day, s, ahead=True):
            continue
        covered = [d for d in s.documents.get("insurance_policy", []) if d.in_force_on(day - ONE_DAY)]
        ends = f"the policy ends {day - ONE_DAY}, " if covered else ""
        yield obligation(ctx, s, f"uninsured-{day}", day, f"insurance from {day}", "none",
                         f"{ends}the internship runs to {s.planned_end}: insurance needed from {day}",
                         f"保险于{day - ONE_DAY}到期，实习至{s.planned_end}，应自{day}起续保",
                         period=(day, s.planned_end))


def _grace(ctx: Context, s: f.CommunityFacts, grace_days: int, n: int, lo: int, hi: int | None,
           what_en: str, horizon: date) -> Iterator[Obligation]:
    due = s.established_on + timedelta(days=grace_days)
    if not ctx.as_of <= due <= horizon or not ctx.applies(due, s, ahead=True):
        return
    if n >= lo and (hi is None or n <= hi):
        return
    bound = f"{lo}..{hi}" if hi is not None else f">= {lo}"
    yield obligation(ctx, s, "size", due, f"{bound} {what_en}", f"{n}",
                     f"{n} {what_en} now; {bound} required from {due}", f"目前{n}，{due}起应为{bound}")


def member_count_bounds(ctx: Context, p: tb.MemberCountParams, horizon: date) -> Iterator[Obligation]:
    for s in ctx.subjects("community"):
        n = sum(1 for m in s.members_on(ctx.as_of) if s.role_on(m, ctx.as_of) == p.role)
        yield from _grace(ctx, s, p.grace_days, n, p.min, p.max, f"{p.role} member(s)", horizon)


def size_bounds(ctx: Context, p: tb.SizeParams, horizon: date) -> Iterator[Obligation]:
    for s in ctx.subjects("community"):
        yield from _grace(ctx, s, p.grace_days, len(s.team_on(ctx.as_of)), p.min, p.max, "team member(s)", horizon)


#: rule type -> what it will ask for ahead (types not listed look only back)
UPCOMING: dict[str, Ahead] = {
    "required_before": required_before, "required_documents": required_documents,
    "required_within_days": required_within_days, "evaluation_within_days": evaluation_within_days,
    "annual_deadline": annual_deadline, "min_count_per_period": min_count_per_period,
    "obligation_cadence": obligation_cadence, "equal_counts": equal_counts,
    "insurance_in_force": insurance_in_force, "member_count_bounds": member_count_bounds,
    "size_bounds": size_bounds,
}


def upcoming(packs: Iterable[Pack], world: World, as_of: date, within_days: int,
             rule_ids: Iterable[str] | None = None) -> list[Obligation]:
    """Obligations of the packs' rules due from ``as_of`` to ``as_of + within_days``, not met."""
    wanted = set(rule_ids) if rule_ids is not None else None
    horizon = as_of + timedelta(days=within_days)
    out: dict[str, Obligation] = {}
    for pack in packs:
        for lr in pack.rules:
            ahead = UPCOMING.get(lr.rule.type)
            if ahead is None or (wanted is not None and lr.rule.id not in wanted):
                continue
            ctx = Context(lr.rule, pack.header, world, as_of)
            for o in ahead(ctx, lr.params, horizon):
                out.setdefault(o.key, o)
    return sorted(out.values(), key=lambda o: (o.due, -severity_rank(o.severity), o.rule_id, o.subject_id, o.key))
