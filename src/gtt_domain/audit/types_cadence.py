"""Rule types about cadence: at least N per period, obligations at their cadence, equal
counts both ways. Evaluated over periods that have fully elapsed by the audit date (a
period that ends on the audit date is judged: the date means the whole day).

Weeks and months are judged only when school is in: on at least ``min_school_days`` school
days of the subject's school calendar (default 3 a week, 10 a month), so winter and summer
holidays, breaks and festival weeks ask for nothing. Semesters are the recorded terms of
that calendar (else September–January and February–August). With ``judge_first_period`` the
period the subject was set up in is judged whole (P1: from the school year a group is set up).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from pydantic import Field, field_validator

from gtt_domain.audit import facts as f
from gtt_domain.audit.catalogue import Context, Params, ev, rule_type
from gtt_domain.audit.findings import Evidence, Finding
from gtt_domain.audit.periods import Period, PeriodKind, complete_periods
from gtt_domain.domain import group_rules as p1

Count = tuple[Decimal, list[Evidence | None]]
#: school days a week or a month needs before it is judged (unless the rule says otherwise)
DEFAULT_MIN_SCHOOL_DAYS = {"week": 3, "month": 10}


@dataclass
class Series:
    """Something counted per period over a subject's life."""

    subject: Any
    key: str
    first: date
    last: date
    #: the count in a period, or None when the period does not concern the subject
    count: Callable[[Period], Count | None]
    what_en: str
    what_zh: str
    #: whose school calendar says which weeks, months and semesters are in term (None: no calendar)
    institution_id: str | None = None
    #: what an adoption must cover for the rule to apply (default: the subject)
    anchor: Any = None
    persons: list[str] | None = None
    institutions: list[str] | None = None


class CadenceParams(Params):
    period: PeriodKind
    judge_first_period: bool = Field(False, description="judge the period the subject was set up in")
    min_school_days: int | None = Field(None, ge=0, description="school days a week or month needs to be judged")
    in_term_weekday: int | None = Field(None, ge=0, le=6, description=(
        "a week is judged only when this weekday (0 Monday .. 6 Sunday) falls in a term: the Sunday of P2-R2"))


def judged_periods(ctx: Context, kind: PeriodKind, series: Series, p: CadenceParams) -> Iterator[Period]:
    """The elapsed periods of ``series`` the rule judges."""
    cal = ctx.school_days(series.institution_id) if series.institution_id is not None else None
    if kind == "semester" and cal is not None and cal.source == "recorded":
        for t in cal.terms(series.first, series.last):
            if (t.first >= series.first or p.judge_first_period) and t.last is not None and t.last <= series.last:
                yield Period(t.first, t.last, t.label)
        return
    need = p.min_school_days if p.min_school_days is not None else DEFAULT_MIN_SCHOOL_DAYS.get(kind, 0)
    for period in complete_periods(kind, series.first, series.last, partial_first=p.judge_first_period):
        if cal is not None and need and cal.count(period.start, period.end) < need:
            continue
        if period.start < series.first and cal is not None and cal.count(series.first, period.end) == 0:
            continue  # set up in the holidays at the end of that period: judged from the next
        if kind == "week" and p.in_term_weekday is not None and cal is not None and \
                cal.term_of(period.start + timedelta(days=p.in_term_weekday)) is None:
            continue  # the day the activity is due falls outside the term
        yield period


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
                         f"{label_en}{suffix}", f"{label_zh}{f'（{grade}）' if grade else ''}",
                         institution_id=s.core_institution_id)


def _funding(ctx: Context, opts: dict[str, Any]) -> Iterator[Series]:
    for s in ctx.subjects("community"):
        def count(period: Period, s: f.CommunityFacts = s) -> Count:
            hits = [x for x in s.funding if period.contains(x.on)]
            return sum((Decimal(x.extra["amount"]) for x in hits), Decimal(0)), \
                [ev(x.ref, f"{x.extra['amount']} on {x.on}") for x in hits]
        yield Series(s, "funding", s.established_on, s.alive_until(ctx.as_of), count,
                     "yuan of funding", "元经费", institution_id=s.core_institution_id)


def weak_branches(s: f.CommunityFacts, day: date) -> set[str] | None:
    return s.weak_branches_on(day)


def head_branch_exchanges(ctx: Context, s: f.CommunityFacts, kinds: list[str], outbound: bool,
                          period: Period, opts: dict[str, Any] | None = None) -> list[f.ExchangeFacts]:
    """Exchanges of cadres or backbone teachers started in ``period``, from the head to a
    weak branch (``outbound``) or from a branch to the head (:mod:`gtt_domain.domain.group_rules`)."""
    opts = opts or {}
    roles = list(opts.get("roles", p1.ELIGIBLE_ROLES))
    person_kinds = list(opts.get("person_kinds", p1.ELIGIBLE_PERSON_KINDS))
    weak_only = bool(opts.get("weak_only", True))
    out = []
    for x in ctx.world.of_kind("exchange"):
        if x.started is None or x.cancelled_on is not None or not period.contains(x.started.on):
            continue
        day = x.started.on
        way = p1.direction(x.kind, x.sending_id, x.host_id, s.core_institution_id, s.role_on, day,
                           weak_branches(s, day) if weak_only else None,
                           kinds if outbound else (), () if outbound else kinds)
        if way != ("out" if outbound else "in"):
            continue
        if p1.eligible(ctx.world.person(x.person_id), day, roles, person_kinds):
            out.append(x)
    return out


def _exchanges_out(ctx: Context, opts: dict[str, Any]) -> Iterator[Series]:
    kinds = list(opts.get("exchange_kinds", p1.OUT_KINDS))
    for s in ctx.subjects("community"):
        def count(period: Period, s: f.CommunityFacts = s) -> Count:
            hits = head_branch_exchanges(ctx, s, kinds, True, period, opts)
            return Decimal(len(hits)), [ev(x.started.ref if x.started else None, f"exchange {x.id}") for x in hits]
        yield Series(s, "exchanges-out", s.established_on, s.alive_until(ctx.as_of), count,
                     "cadres or backbone teachers sent from the head school to weak branches",
                     "总校派往薄弱分校的中层干部或骨干教师人次", institution_id=s.core_institution_id)


def _days_on_site(ctx: Context, opts: dict[str, Any]) -> Iterator[Series]:
    for s in ctx.subjects("exchange"):
        if s.started is None:
            continue
        last = min(s.completed.on if s.completed else ctx.as_of, s.cancelled_on or ctx.as_of, ctx.as_of)

        def count(period: Period, s: f.ExchangeFacts = s) -> Count:
            days, refs = s.days_on_site_between(period.start, period.end)
            return Decimal(days), [ev(r, "days on site") for r in refs]
        yield Series(s, "on-site", s.started.on, last, count, "days at the host", "天到校跟岗",
                     institution_id=s.host_id)


def _shadow_days(ctx: Context, opts: dict[str, Any]) -> Iterator[Series]:
    """P1-R9: per branch subject teacher, days at the head school attending lessons."""
    activity = str(opts.get("activity_kind", p1.SHADOW_ACTIVITY))
    exchange_kinds = list(opts.get("exchange_kinds", [p1.SHADOW_EXCHANGE]))
    teachers = [p for p in ctx.world.of_kind("person") if p.kind == p1.TEACHER]
    visits: dict[str, list[f.ExchangeFacts]] = {}  # a teacher's exchanges of these kinds, once
    for x in ctx.world.of_kind("exchange"):
        if x.kind in exchange_kinds:
            visits.setdefault(x.person_id, []).append(x)
    for s in ctx.subjects("community"):
        head = s.core_institution_id
        branches = {m.institution_id for m in s.members if m.role == "branch"}
        last = s.alive_until(ctx.as_of)
        starts = [m.start for m in complete_periods("month", s.established_on, last, partial_first=True)]
        attended: dict[str, list[f.Activity]] = {}  # the activities each teacher took part in, once
        for a in s.activities:
            if a.kind == activity:
                for pid in a.participants:
                    attended.setdefault(pid, []).append(a)
        for t in teachers:
            if not any(t.home_on(d) in branches for d in starts):
                continue

            def count(period: Period, s: f.CommunityFacts = s, t: f.PersonFacts = t,
                      attended: dict[str, list[f.Activity]] = attended) -> Count | None:
                home = t.home_on(period.start)
                if home is None or s.role_on(home, period.start) != "branch":
                    return None
                days: dict[date, Evidence | None] = {}
                for a in attended.get(t.id, ()):
                    if period.contains(a.held_on):
                        days.setdefault(a.held_on, ev(a.ref, f"{a.kind} {a.held_on}"))
                n_site, refs = 0, list[Any]()
                for x in visits.get(t.id, ()):
                    if x.host_id == s.core_institution_id:
                        d, r = x.days_on_site_between(period.start, period.end)
                        n_site, refs = n_site + d, refs + r
                return Decimal(len(days) + n_site), [*days.values(), *(ev(r, "days on site") for r in refs)]
            yield Series(t, s.id, s.established_on, last, count,
                         "days at the head school attending lessons", "天到总校跟班听课",
                         institution_id=head, anchor=s, persons=[t.id],
                         institutions=[head, *(i for i in [t.home_on(last)] if i)])


def _observation_days(ctx: Context, opts: dict[str, Any]) -> Iterator[Series]:
    by_major: dict[tuple[str, str | None], list[f.InternshipFacts]] = {}  # (school, major): in log order
    for s in ctx.world.of_kind("internship"):
        p = ctx.world.person(s.student_id)
        if s.kind == "observation" and p is not None:
            by_major.setdefault((s.school_id, p.major_code), []).append(s)
    for school in ctx.subjects("institution"):
        if school.kind != "school":
            continue
        for code in sorted(school.majors):
            def count(period: Period, school: f.InstitutionFacts = school, code: str = code) -> Count:
                days: dict[date, Any] = {}
                first, last = period.start, period.end  # period.contains, inlined: ~250,000 days at scale 5
                for s in by_major.get((school.id, code), ()):
                    for d in s.attendance:
                        if first <= d.day <= last:
                            days.setdefault(d.day, d.ref)
                return Decimal(len(days)), [ev(r, "observation day") for r in list(days.values())[:5]]
            yield Series(school, f"major-{code}", school.events.created.effective, ctx.as_of, count,
                         f"observation days in major {code}", f"专业{code}见习天数",
                         institution_id=school.id)


def _agreement_internships(ctx: Context, opts: dict[str, Any]) -> Iterator[Series]:
    """Internships under each agreement in a period (P9-R2: work-study every semester)."""
    by_agreement: dict[str, list[f.InternshipFacts]] = {}
    for s in ctx.world.of_kind("internship"):
        if s.agreement_id and s.started_on is not None:
            by_agreement.setdefault(s.agreement_id, []).append(s)
    school_role = str(opts.get("school_role", "school"))
    for a in ctx.subjects("agreement"):
        if a.activated_on is None:
            continue
        last = min(x for x in (a.ended_on, a.term_end, ctx.as_of) if x is not None)
        school = next((pid for pid, role in sorted(a.parties.items()) if role == school_role), None)

        def count(period: Period, a: f.AgreementFacts = a) -> Count:
            hits = [s for s in by_agreement.get(a.id, []) if s.started_on is not None
                    and s.started_on <= period.end and (s.ended_on or s.planned_end) >= period.start]
            return Decimal(len(hits)), [ev(s.events.first("Started"), f"internship {s.id}") for s in hits[:5]]
        yield Series(a, "internships", a.activated_on, last, count, "internships under the agreement",
                     "名学生在岗（本协议）", institution_id=school)


def _exchanges_in(ctx: Context, opts: dict[str, Any]) -> Iterator[Series]:
    """Exchanges of ``exchange_kinds`` a school hosted, by start (P12-R4: enterprise experts
    teach at the school every year), counted from its first cooperation agreement's activation."""
    kinds = list(opts.get("exchange_kinds", ["expert_teaching"]))
    hosted: dict[str, list[f.ExchangeFacts]] = {}
    for x in ctx.world.of_kind("exchange"):
        if x.kind in kinds and x.started is not None and x.cancelled_on is None:
            hosted.setdefault(x.host_id, []).append(x)
    label_en = str(opts.get("label_en", "exchanges hosted"))
    label_zh = str(opts.get("label_zh", label_en))
    since: dict[str, date] = {}
    for a in ctx.world.of_kind("agreement"):
        if a.activated_on is not None:
            for pid in a.parties:
                since[pid] = min(since.get(pid, a.activated_on), a.activated_on)
    for school in ctx.subjects("institution"):
        if school.kind != "school" or school.id not in since:
            continue

        def count(period: Period, school: f.InstitutionFacts = school) -> Count:
            hits = [x for x in hosted.get(school.id, []) if x.started and period.contains(x.started.on)]
            return Decimal(len(hits)), [ev(x.started.ref if x.started else None, f"exchange {x.id}") for x in hits[:5]]
        yield Series(school, "hosted", since[school.id], ctx.as_of, count, label_en, label_zh,
                     institution_id=school.id)


COUNTERS: dict[str, Callable[[Context, dict[str, Any]], Iterator[Series]]] = {
    "activities": _activities, "funding": _funding, "exchanges_out": _exchanges_out,
    "days_on_site": _days_on_site, "observation_days": _observation_days, "shadow_days": _shadow_days,
    "agreement_internships": _agreement_internships, "exchanges_in": _exchanges_in,
}


class CountParams(CadenceParams):
    counter: str
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
        anchor = series.anchor if series.anchor is not None else series.subject
        for period in judged_periods(ctx, p.period, series, p):
            if not ctx.applies(period.end, anchor):
                continue
            counted = series.count(period)
            if counted is None:
                continue
            n, evidence = counted
            if n >= p.min:
                continue
            yield ctx.finding(series.subject, f"{series.key}-{period.label}", f"{n} < {p.min}",
                              f"{n} {series.what_en} in {period.label} ({period.start}..{period.end}); at least {p.min} required",
                              f"{period.label}（{period.start}至{period.end}）{series.what_zh}{n}，应不少于{p.min}",
                              evidence or [ev(anchor.events.created, anchor.KIND)],
                              period=(period.start, period.end), values={"count": n, "min": p.min},
                              persons=series.persons, institutions=series.institutions)


class ObligationParams(Params):
    cadence: str
    period: PeriodKind
    require_obligation: bool = True


@rule_type("obligation_cadence", ObligationParams, omission=True)
def obligation_cadence(ctx: Context, p: ObligationParams) -> Iterator[Finding]:
    """Obligations with ``cadence`` fulfilled at least ``quantity`` times per elapsed period
    while the agreement is active; with ``require_obligation``, the terms must have one."""
    for s in ctx.subjects("agreement"):
        if s.activated_on is None or not ctx.applies(s.activated_on, s):
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
                if not ctx.applies(period.end, s) or not s.active_on(period.start):
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


class EqualParams(CadenceParams):
    outbound_kinds: list[str] = Field(default_factory=lambda: list(p1.OUT_KINDS))
    inbound_kinds: list[str] = Field(default_factory=lambda: list(p1.IN_KINDS))
    period: PeriodKind = "school_year"
    options: dict[str, Any] = Field(default_factory=dict)


@rule_type("equal_counts", EqualParams, omission=True)
def equal_counts(ctx: Context, p: EqualParams) -> Iterator[Finding]:
    """Branches send to the head as many cadres or backbone teachers as the head sends to
    branches, per period (P1-R6)."""
    opts = {"weak_only": False, **p.options}
    for s in ctx.subjects("community"):
        series = Series(s, "balance", s.established_on, s.alive_until(ctx.as_of), lambda _: None, "", "",
                        institution_id=s.core_institution_id)
        for period in judged_periods(ctx, p.period, series, p):
            if not ctx.applies(period.end, s):
                continue
            out = head_branch_exchanges(ctx, s, p.outbound_kinds, True, period, opts)
            back = head_branch_exchanges(ctx, s, p.inbound_kinds, False, period, opts)
            if len(out) == len(back):
                continue
            yield ctx.finding(s, f"balance-{period.label}", f"inbound {len(back)} != outbound {len(out)}",
                              f"in {period.label} the head school sent {len(out)} cadres or backbone teachers to branches and received {len(back)}",
                              f"{period.label}总校派出中层干部或骨干教师{len(out)}人次，分校派来跟岗{len(back)}人次，人数不等",
                              [ev(x.started.ref if x.started else None, f"exchange {x.id}") for x in [*out, *back][:10]]
                              or [ev(s.events.created, "group")],
                              period=(period.start, period.end), values={"outbound": len(out), "inbound": len(back)})


#: the rule types of this module (joined in gtt_domain.audit.rule_types)
RULE_TYPES = (
    min_count_per_period,
    obligation_cadence,
    equal_counts,
)
