"""Rule types for plan and national rules that recorded facts could hold but nothing
checked (issue 19): plaques and council roles (P1-S2, P1-S3), one-to-one pairing (P1-R13),
the flow of staff by kind of community (P3-R5), an order-training agreement's duties
(P6-R1), a new major's demonstration (P6-R7), the order agreement before enrolment
(P9-R1), one-off pledges delivered (P10-R2, P13-R1), no intermediaries (N-INT-9), an
agreement's term (N-COOP-2) and a title only after service at primary level (N-MED-1)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Literal

from pydantic import Field

from gtt_domain.audit import facts as f
from gtt_domain.audit.catalogue import Context, Params, ev, rule_type
from gtt_domain.audit.findings import Finding
from gtt_domain.audit.periods import add_months


class PlaqueParams(Params):
    role: str = "branch"
    days: int = Field(ge=0, description="days after joining by which the plaque must hang")


@rule_type("plaque_within_days", PlaqueParams, omission=True)
def plaque_within_days(ctx: Context, p: PlaqueParams) -> Iterator[Finding]:
    """A member of ``role`` without the head's plaque ``days`` after it joined (P1-S2)."""
    for s in ctx.subjects("community"):
        for m in s.members:
            if m.role != p.role:
                continue
            due = m.joined_on + timedelta(days=p.days)
            if due > ctx.as_of or (m.left_on is not None and m.left_on <= due) or not ctx.applies(due, s):
                continue
            if m.plaque_on is not None and m.plaque_on <= due:
                continue
            late = m.plaque_on is not None and m.plaque_on <= ctx.as_of
            yield ctx.finding(
                s, f"plaque-{m.institution_id}", f"plaque by {due} = none",
                f"{p.role} {m.institution_id} joined on {m.joined_on} and had no plaque hung by {due}",
                f"成员{m.institution_id}于{m.joined_on}加入，{due}前未挂总校分校牌",
                [ev(m.ref, f"joined {m.joined_on}")], period=(m.joined_on, due),
                institutions=[s.core_institution_id, m.institution_id],
                resolved_by=ev(m.plaque_ref, f"plaque {m.plaque_on}") if late else None)


class RoleHeldParams(Params):
    role: str = Field(min_length=1)
    grace_days: int = Field(0, ge=0, description="days after establishment before the role is due")
    holder_at_core: bool = Field(False, description="the holder must belong to the core institution")


@rule_type("role_held", RoleHeldParams)
def role_held(ctx: Context, p: RoleHeldParams) -> Iterator[Finding]:
    """A community with nobody in ``role`` on the audit date (or, with ``holder_at_core``,
    nobody from its core institution) (P1-S3: the head-school principal chairs the council)."""
    day = ctx.as_of
    for s in ctx.subjects("community"):
        if (s.dissolved_on and s.dissolved_on < day) or day < s.established_on + timedelta(days=p.grace_days):
            continue
        if not ctx.applies(day, s):
            continue
        holders = [r for r in s.roles if r.what == p.role and r.on <= day and (r.until is None or day < r.until)]
        ok = [r for r in holders if not p.holder_at_core
              or ((person := ctx.world.person(r.extra["person_id"])) is not None
                  and person.home_on(day) == s.core_institution_id)]
        if ok:
            continue
        what = "nobody" if not holders else "no holder from the core institution"
        yield ctx.finding(
            s, f"role-{p.role}", f"{p.role} = {what}", f"{what} holds the role {p.role} on {day}",
            f"{day}无人担任{p.role}" if not holders else f"{day}{p.role}不是核心学校人员",
            [ev(r.ref, f"{p.role} {r.extra['person_id']}") for r in holders] or [ev(s.events.created, "established")],
            persons=[r.extra["person_id"] for r in holders], observed_on=day)


class PairParams(Params):
    mentor_roles: list[str] = Field(default_factory=lambda: ["backbone_teacher"])


@rule_type("one_to_one_pairs", PairParams)
def one_to_one_pairs(ctx: Context, p: PairParams) -> Iterator[Finding]:
    """A teacher pairing that is not one to one (a teacher in two pairings at once), or a
    mentor without a backbone role on the day of pairing (P1-R13)."""
    for s in ctx.subjects("community"):
        pairs = [x for x in s.teacher_pairs if x.on <= ctx.as_of]
        for x in pairs:
            if not ctx.applies(x.on, s):
                continue
            mentee = x.extra["mentee_id"]
            problems_en, problems_zh = [], []
            overlap = [y for y in pairs if y is not x and y.on <= x.on and (y.until is None or x.on < y.until)
                       and (y.what in (x.what, mentee) or y.extra["mentee_id"] in (x.what, mentee))]
            if overlap:
                problems_en.append(f"{len(overlap)} other pairing(s) open with the same teacher")
                problems_zh.append("同一教师同时有多个结对")
            mentor = ctx.world.person(x.what)
            if p.mentor_roles and (mentor is None or not (mentor.roles_on(x.on) & set(p.mentor_roles))):
                problems_en.append(f"the mentor holds none of {', '.join(p.mentor_roles)}")
                problems_zh.append("结对导师不是骨干教师")
            if not problems_en:
                continue
            yield ctx.finding(
                s, f"pair-{x.what}-{mentee}", "; ".join(problems_en),
                f"pairing of {x.what} with {mentee} on {x.on}: {'; '.join(problems_en)}",
                f"{x.on}{x.what}与{mentee}结对：{'；'.join(problems_zh)}",
                [ev(x.ref, f"paired {x.on}"), *(ev(y.ref, f"paired {y.on}") for y in overlap[:4])],
                persons=[x.what, mentee], period=(x.on, x.on))


class ModeParams(Params):
    rigid_in: list[str] = Field(description="community kinds whose staff flow is rigid (unified deployment)")
    flexible_in: list[str] = Field(description="community kinds whose staff flow is flexible")


@rule_type("exchange_mode_by_community", ModeParams)
def exchange_mode_by_community(ctx: Context, p: ModeParams) -> Iterator[Finding]:
    """An exchange inside a community whose mode does not match the community's kind (P3-R5:
    rigid inside fusion communities, flexible in the others)."""
    for x in ctx.subjects("exchange"):
        c = ctx.world.community(x.community_id)
        day = x.started.on if x.started else None
        if c is None or day is None or not ctx.applies(day, x):
            continue
        want = "rigid" if c.kind in p.rigid_in else "flexible" if c.kind in p.flexible_in else None
        if want is None or x.mode == want:
            continue
        yield ctx.finding(
            x, "mode", f"mode {x.mode} != {want}",
            f"a {x.mode} exchange in a {c.kind.replace('_', ' ')} community, where staff flow is {want}",
            f"{c.kind}共同体内的交流应为{'刚性' if want == 'rigid' else '柔性'}流动，记录为{x.mode}",
            [ev(x.events.created, f"mode {x.mode}"), ev(c.events.created, f"community {c.kind}")],
            period=(day, day))


class DutiesParams(Params):
    roles: list[str] = Field(default_factory=lambda: ["school", "enterprise"], min_length=1)


@rule_type("duties_of_each_side", DutiesParams)
def duties_of_each_side(ctx: Context, p: DutiesParams) -> Iterator[Finding]:
    """An active agreement whose terms give no obligation to a party of one of ``roles``
    (P6-R1: an order-training agreement states both sides' duties)."""
    for a in ctx.subjects("agreement"):
        if a.activated_on is None or not ctx.applies(a.activated_on, a):
            continue
        owed = {o.obligor for o in a.obligations if o.in_force}
        missing = [role for role in p.roles
                   if any(r == role for r in a.parties.values())
                   and not any(a.parties.get(o or "") == role for o in owed)]
        if not missing:
            continue
        yield ctx.finding(
            a, "duties", f"duties of {', '.join(missing)} = none",
            f"the terms state no duty of the {' or '.join(missing)}",
            f"协议未写明{'、'.join(missing)}一方的义务",
            [ev(a.events.created, "agreement")], period=(a.activated_on, a.activated_on))


@rule_type("major_demonstrated", Params)
def major_demonstrated(ctx: Context, p: Params) -> Iterator[Finding]:
    """A major opened without an expert and employer demonstration on or before its
    opening (P6-R7)."""
    for school in ctx.subjects("institution"):
        if school.kind != "school":
            continue
        for code, opened in sorted(school.majors_opened.items()):
            if code not in school.majors or not ctx.applies(opened.on, school):
                continue
            demo = school.demonstrations.get(code)
            if demo is not None and demo.on <= opened.on:
                continue
            late = demo is not None and demo.on <= ctx.as_of
            yield ctx.finding(
                school, f"major-{code}", f"demonstration by {opened.on} = none",
                f"major {code} opened on {opened.on} without an expert and employer demonstration",
                f"专业{code}于{opened.on}开设，开设前未经专家和用人单位论证",
                [ev(opened.ref, f"major {code} opened")], period=(opened.on, opened.on),
                resolved_by=ev(demo.ref, f"demonstration {demo.on}") if late and demo else None)


class AdmissionParams(Params):
    agreement_kinds: list[str] = Field(min_length=1)


@rule_type("agreement_before_admission", AdmissionParams)
def agreement_before_admission(ctx: Context, p: AdmissionParams) -> Iterator[Finding]:
    """An internship of an order programme not placed under an agreement of
    ``agreement_kinds`` that was in force by the student's admission (P9-R1: the joint
    agreement comes before enrolment)."""
    for s in ctx.subjects("internship"):
        student = ctx.world.person(s.student_id)
        day = student.admitted_on if student is not None else None
        if day is None or s.started_on is None or not ctx.applies(s.started_on, s):
            continue
        a = ctx.world.agreement(s.agreement_id)
        if a is not None and set(a.kinds) & set(p.agreement_kinds) and a.activated_on is not None and a.activated_on <= day:
            continue
        kinds = " or ".join(k.replace("_", " ") for k in p.agreement_kinds)
        if a is None or not set(a.kinds) & set(p.agreement_kinds):
            en = f"placed under no {kinds} agreement"
        else:
            en = f"its {a.kind.replace('_', ' ')} agreement took effect on {a.activated_on}, after the student's admission on {day}"
        yield ctx.finding(
            s, "order-agreement", f"agreement in force by admission {day} = no", en,
            f"学生{day}入学前无生效的订单培养协议",
            [ev(s.events.created, "placed"), *([ev(a.events.created, f"agreement {a.id}")] if a else [])],
            period=(day, s.started_on))


class PledgeParams(Params):
    obligations: list[str] = Field(min_length=1, description="obligation ids the terms must hold")
    min_total: Decimal | None = Field(None, ge=0, description="the total each must reach (else its own quantity)")
    within_days: int = Field(ge=0, description="days after activation by which it is delivered")
    measure: Literal["quantity", "amount"] = Field("quantity", description="what fulfilments count: quantity, or amount (yuan)")
    require_in_terms: bool = Field(True, description="an agreement whose terms lack the obligation is a finding")


def _measured(x: f.Dated, measure: str) -> Decimal:
    value = x.extra.get(measure)
    return Decimal(value) if value is not None else Decimal(0)


@rule_type("one_off_delivered", PledgeParams, omission=True)
def one_off_delivered(ctx: Context, p: PledgeParams) -> Iterator[Finding]:
    """A one-off pledge (equipment, a plaque) not in the terms, or not delivered in full
    ``within_days`` of activation (P10-R2, P13-R1)."""
    for a in ctx.subjects("agreement"):
        if a.activated_on is None:
            continue
        due = a.activated_on + timedelta(days=p.within_days)
        if due > ctx.as_of or not ctx.applies(due, a) or not a.active_on(a.activated_on):
            continue
        terms = {o.obligation_id: o for o in a.obligations if o.in_force}
        for oid in p.obligations:
            o = terms.get(oid)
            if o is None and not p.require_in_terms:
                continue
            need = p.min_total if p.min_total is not None else (o.quantity if o and o.quantity else Decimal(1))
            hits = [x for x in a.fulfilments if x.what == oid and x.on <= due]
            done = sum((_measured(x, p.measure) for x in hits), Decimal(0))
            if o is not None and done >= need:
                continue
            later = [x for x in a.fulfilments if x.what == oid and due < x.on <= ctx.as_of]
            total = done + sum((_measured(x, p.measure) for x in later), Decimal(0))
            stated = "not in the terms; " if o is None else ""
            yield ctx.finding(
                a, f"pledge-{oid}", f"{oid}: {done} < {need} by {due}",
                f"{stated}{oid}: {done} delivered by {due} ({p.within_days} days after activation); {need} pledged",
                f"{'协议未约定' + oid + '；' if o is None else ''}{oid}截至{due}交付{done}，应为{need}",
                [ev(x.ref, f"delivered {_measured(x, p.measure)} on {x.on}") for x in hits[:5]]
                or [ev(a.events.created, "agreement")],
                period=(a.activated_on, due), values={"delivered": done, "pledged": need},
                resolved_by=ev(later[-1].ref, f"delivered by {later[-1].on}") if o is not None and later and total >= need else None)


@rule_type("no_intermediary", Params)
def no_intermediary(ctx: Context, p: Params) -> Iterator[Finding]:
    """An internship placed with a host recorded as a labour-dispatch firm, HR agency or
    other intermediary on its start (N-INT-9)."""
    for s in ctx.subjects("internship"):
        day = s.started_on
        if day is None or not ctx.applies(day, s):
            continue
        host = ctx.world.institution(s.host_id)
        status = host.intermediary_on(day) if host is not None else None
        if status is None or host is None:
            continue
        yield ctx.finding(
            s, "intermediary", f"host = {status.what}",
            f"placed on {day} through {host.name}, recorded as {status.what.replace('_', ' ')} since {status.on}",
            f"{day}经由{host.name}（{status.on}起记录为中介/劳务派遣/人力资源机构）安排实习",
            [ev(s.events.first("Started"), f"started {day}"), ev(status.ref, f"{status.what} since {status.on}")],
            period=(day, day))


class TermParams(Params):
    min_years: int = Field(ge=1)


@rule_type("agreement_term_at_least", TermParams)
def agreement_term_at_least(ctx: Context, p: TermParams) -> Iterator[Finding]:
    """An agreement under which interns are placed whose term is shorter than
    ``min_years`` or states no end (N-COOP-2)."""
    with_interns: dict[str, list[f.InternshipFacts]] = {}
    for s in ctx.world.of_kind("internship"):
        if s.agreement_id:
            with_interns.setdefault(s.agreement_id, []).append(s)
    for a in ctx.subjects("agreement"):
        interns = with_interns.get(a.id)
        if not interns or a.activated_on is None or not ctx.applies(a.activated_on, a):
            continue
        if a.term_end is not None and a.term_end >= add_months(a.term_start, 12 * p.min_years) - timedelta(days=1):
            continue
        stated = f"{a.term_start}..{a.term_end}" if a.term_end else f"from {a.term_start}, no end stated"
        yield ctx.finding(
            a, "term", f"term {stated} < {p.min_years} years",
            f"the agreement takes interns ({len(interns)} placed) but its term ({stated}) is shorter than {p.min_years} years",
            f"协议接收实习生{len(interns)}名，期限（{stated}）不足{p.min_years}年",
            [ev(a.events.created, "agreement"), *(ev(s.events.created, f"internship {s.id}") for s in interns[:3])],
            period=(a.term_start, a.term_end or a.term_start))


class TitleParams(Params):
    role: str = Field(min_length=1, description="the title, as a person role")
    exchange_kinds: list[str] = Field(default_factory=lambda: ["medical_dispatch"])
    host_kinds: list[str] = Field(default_factory=lambda: ["health_centre"])
    min_months: int = Field(ge=1)


@rule_type("title_after_service", TitleParams)
def title_after_service(ctx: Context, p: TitleParams) -> Iterator[Finding]:
    """A person who took ``role`` (a senior title) without ``min_months`` of continuous
    service at a primary-level host before (N-MED-1, P4-R3)."""
    for person in ctx.subjects("person"):
        for r in person.roles:
            if r.what != p.role or not ctx.applies(r.on, person):
                continue
            best, best_ref = 0, None
            for x in ctx.world.of_kind("exchange"):
                host = ctx.world.institution(x.host_id)
                if (x.person_id != person.id or x.kind not in p.exchange_kinds or x.started is None
                        or host is None or host.kind not in p.host_kinds or x.started.on > r.on):
                    continue
                end = min(x.completed.on if x.completed else r.on, r.on)
                months = 0
                while add_months(x.started.on, months + 1) - timedelta(days=1) <= end:
                    months += 1
                if months > best:
                    best, best_ref = months, x.started.ref
            if best >= p.min_months:
                continue
            yield ctx.finding(
                person, f"title-{r.on}", f"{best} months < {p.min_months}",
                f"took {p.role.replace('_', ' ')} on {r.on} after {best} continuous month(s) at primary level; "
                f"{p.min_months} required",
                f"{r.on}取得{p.role}，此前在基层连续服务{best}个月，应不少于{p.min_months}个月",
                [ev(r.ref, f"{p.role} {r.on}"), ev(best_ref, "longest service")],
                period=(r.on, r.on), values={"months": best, "min_months": p.min_months})


#: the rule types of this module (joined in gtt_domain.audit.rule_types)
RULE_TYPES = (
    plaque_within_days,
    role_held,
    one_to_one_pairs,
    exchange_mode_by_community,
    duties_of_each_side,
    major_demonstrated,
    agreement_before_admission,
    one_off_delivered,
    no_intermediary,
    agreement_term_at_least,
    title_after_service,
)
