"""Rule types about standing bodies: member counts, team sizes, exchanges inside the
group, approvals of services, department liaisons."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from pydantic import Field

from gtt_domain.audit.catalogue import Context, Params, ev, rule_type
from gtt_domain.audit.findings import Finding


class MemberCountParams(Params):
    role: str = "branch"
    min: int = Field(ge=0)
    max: int | None = Field(None, ge=0)
    grace_days: int = Field(0, ge=0, description="days after establishment before counting")


@rule_type("member_count_bounds", MemberCountParams)
def member_count_bounds(ctx: Context, p: MemberCountParams) -> Iterator[Finding]:
    """A community with fewer than ``min`` or more than ``max`` members of ``role`` on the audit date."""
    for s in ctx.subjects("community"):
        day = ctx.as_of
        if s.dissolved_on and s.dissolved_on < day:
            continue
        if day < s.established_on + timedelta(days=p.grace_days) or not ctx.applies(day, s):
            continue
        members = sorted(m for m in s.members_on(day) if s.role_on(m, day) == p.role)
        n = len(members)
        if n >= p.min and (p.max is None or n <= p.max):
            continue
        bound = f"{p.min}..{p.max}" if p.max is not None else f">= {p.min}"
        yield ctx.finding(s, f"{p.role}-count", f"{n} not in {bound}",
                          f"{n} {p.role} member(s) on {day}; {bound} required",
                          f"{day}有{p.role}成员{n}个，应为{bound}个",
                          [ev(m.ref, f"{m.role} {m.institution_id}") for m in s.members if m.institution_id in members]
                          or [ev(s.events.created, "established")],
                          values={"count": n, "min": p.min, "max": p.max if p.max is not None else ""},
                          observed_on=day)


class SizeParams(Params):
    min: int = Field(ge=0)
    max: int | None = Field(None, ge=0)
    grace_days: int = Field(0, ge=0)


@rule_type("size_bounds", SizeParams)
def size_bounds(ctx: Context, p: SizeParams) -> Iterator[Finding]:
    """A learning team smaller than ``min`` or larger than ``max`` on the audit date."""
    for s in ctx.subjects("community"):
        day = ctx.as_of
        if (s.dissolved_on and s.dissolved_on < day) or day < s.established_on + timedelta(days=p.grace_days):
            continue
        if not ctx.applies(day, s):
            continue
        team = s.team_on(day)
        n = len(team)
        if n >= p.min and (p.max is None or n <= p.max):
            continue
        bound = f"{p.min}..{p.max}" if p.max is not None else f">= {p.min}"
        yield ctx.finding(s, "size", f"{n} not in {bound}", f"{n} team member(s) on {day}; {bound} required",
                          f"{day}团队成员{n}人，应为{bound}人",
                          [ev(r, "team member") for r, _ in s.events.all("TeamMemberAdded")][:10]
                          or [ev(s.events.created, "established")],
                          persons=sorted(team), values={"size": n}, observed_on=day)


class SameGroupParams(Params):
    community_kinds: list[str] = Field(default_factory=lambda: ["education_group"])


@rule_type("same_community", SameGroupParams)
def same_community(ctx: Context, p: SameGroupParams) -> Iterator[Finding]:
    """An exchange whose host is not a member of the sender's group on the start day (P1-R2)."""
    for x in ctx.subjects("exchange"):
        day = x.started.on if x.started else None
        if day is None or not ctx.applies(day, x):
            continue
        named = ctx.world.community(x.community_id)
        groups = [named] if named is not None and named.kind in p.community_kinds else [
            c for c in ctx.world.of_kind("community")
            if c.kind in p.community_kinds and x.sending_id in c.members_on(day)]
        if not groups or any(x.host_id in c.members_on(day) for c in groups):
            continue
        yield ctx.finding(x, "host-outside-group", "host in sender's group = no",
                          f"the host {x.host_id} is not a member of the sender's group on {day}",
                          f"{day}接收单位{x.host_id}不是派出学校所在集团的成员",
                          [ev(x.started.ref if x.started else None, f"started {day}"),
                           *(ev(c.events.created, f"group {c.id}") for c in groups)])


class ApprovalParams(Params):
    activity_kinds: list[str] = Field(min_length=1)


@rule_type("approval_required", ApprovalParams)
def approval_required(ctx: Context, p: ApprovalParams) -> Iterator[Finding]:
    """A service (counselling) given without a recorded approval (P2-R3)."""
    for s in ctx.subjects("community"):
        for a in s.activities:
            if a.kind in p.activity_kinds and a.approved_by is None and ctx.applies(a.held_on, s):
                yield ctx.finding(s, f"activity-{a.activity_id}", "approved by = none",
                                  f"{a.kind.replace('_', ' ')} on {a.held_on} without approval",
                                  f"{a.held_on}的{a.kind}服务未经审批", [ev(a.ref, f"{a.kind} {a.held_on}")],
                                  period=(a.held_on, a.held_on))


@rule_type("department_liaison", Params)
def department_liaison(ctx: Context, p: Params) -> Iterator[Finding]:
    """A school department whose majors are under an active cooperation agreement, with
    no liaison named (P6-R8)."""
    day = ctx.as_of
    if not ctx.applies(day):
        return
    active = [a for a in ctx.world.of_kind("agreement") if a.active_on(day)]
    for school in ctx.subjects("institution"):
        if school.kind != "school" or not ctx.applies(day, school):
            continue
        mine = [a for a in active if school.id in a.parties]
        for name, dept in sorted(school.departments.items()):
            codes = {c for c, d in school.majors.items() if d == name}
            used = [a for a in mine if codes & set(a.majors)]
            if not used or dept.what:
                continue
            yield ctx.finding(school, f"dept-{name}", "liaison = none",
                              f"department {name} cooperates under {len(used)} agreement(s) on {day} but names no liaison",
                              f"{day}系部{name}有{len(used)}项校企合作协议，但未指定联络人",
                              [ev(dept.ref, f"department {name}"), *(ev(a.events.created, f"agreement {a.id}") for a in used[:5])],
                              observed_on=day)


#: the rule types of this module (joined in gtt_domain.audit.rule_types)
RULE_TYPES = (
    member_count_bounds,
    size_bounds,
    same_community,
    approval_required,
    department_liaison,
)
