"""Rule types about *when*: notice, things required before a start, deadlines, order."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Literal

from pydantic import Field, model_validator

from gtt_domain.audit import facts as f
from gtt_domain.audit import milestones as ms
from gtt_domain.audit.catalogue import Context, Params, ev, rule_type
from gtt_domain.audit.findings import Finding

SubjectKind = Literal["internship", "exchange", "community", "person"]


class NoticeParams(Params):
    days: int = Field(ge=0, description="minimum days between asking and the first day of leave")


@rule_type("minimum_notice", NoticeParams)
def minimum_notice(ctx: Context, p: NoticeParams) -> Iterator[Finding]:
    """Leave asked fewer than ``days`` days before its first day."""
    for s in ctx.subjects("internship"):
        for lv in s.leaves:
            notice = (lv.first_day - lv.asked_on).days
            if notice >= p.days or not ctx.applies(lv.asked_on, s):
                continue
            yield ctx.finding(
                s, f"leave-{lv.index}", f"{notice} days < {p.days}",
                f"leave asked {lv.asked_on} for {lv.first_day}: {notice} days' notice, fewer than {p.days}",
                f"{lv.asked_on}申请{lv.first_day}起的请假：提前{notice}天，少于{p.days}天",
                [ev(lv.ref, f"leave asked {lv.asked_on} for {lv.first_day}")],
                values={"asked_on": lv.asked_on, "first_day": lv.first_day, "notice_days": notice,
                        "required_days": p.days}, period=(lv.first_day, lv.last_day))


class LeaveApprovalParams(Params):
    require_written: bool = True
    require_approval: bool = True


@rule_type("leave_approval", LeaveApprovalParams)
def leave_approval(ctx: Context, p: LeaveApprovalParams) -> Iterator[Finding]:
    """Leave taken without a written request, or not approved by its first day."""
    for s in ctx.subjects("internship"):
        for lv in s.leaves:
            if lv.first_day > ctx.as_of or not ctx.applies(lv.first_day, s):
                continue
            period = (lv.first_day, lv.last_day)
            if p.require_written and not lv.written:
                yield ctx.finding(s, f"leave-{lv.index}-written", "written = no",
                                  f"leave from {lv.first_day} was not asked in writing",
                                  f"{lv.first_day}起的请假未提交书面申请",
                                  [ev(lv.ref, "leave request not written")], period=period)
            ok = lv.approved is True and lv.decided_on is not None and lv.decided_on <= lv.first_day
            if p.require_approval and not ok:
                if lv.approved is None:
                    state_en, state_zh = "undecided", "未审批"
                elif not lv.approved:
                    state_en, state_zh = f"refused on {lv.decided_on}", f"{lv.decided_on}被拒绝"
                else:
                    state_en, state_zh = f"approved only on {lv.decided_on}", f"迟至{lv.decided_on}才批准"
                yield ctx.finding(s, f"leave-{lv.index}-approval", f"approval: {state_en}",
                                  f"leave from {lv.first_day} was {state_en} when it began",
                                  f"{lv.first_day}起的请假开始时{state_zh}",
                                  [ev(lv.ref, "leave request"), ev(lv.decision_ref, state_en)],
                                  period=period)


@rule_type("absence_without_leave", Params)
def absence_without_leave(ctx: Context, p: Params) -> Iterator[Finding]:
    """An absence on a day no approved leave covers."""
    for s in ctx.subjects("internship"):
        approved = [lv for lv in s.leaves if lv.approved]
        for a in s.absences:
            if not ctx.applies(a.on, s) or any(lv.first_day <= a.on <= lv.last_day for lv in approved):
                continue
            yield ctx.finding(s, f"absent-{a.on}", "approved leave = none",
                              f"absent on {a.on} without approved leave",
                              f"{a.on}缺勤且无批准的请假", [ev(a.ref, f"absence on {a.on}")],
                              period=(a.on, a.on))


class QuitParams(Params):
    notice_days: int = Field(7, ge=0, description="days between the written request and the last day")
    require_written: bool = True
    require_approval: bool = True


@rule_type("quit_notice", QuitParams)
def quit_notice(ctx: Context, p: QuitParams) -> Iterator[Finding]:
    """A student who quit the placement for good without a written request ``notice_days``
    before the last day, or without the host's approval by then (P10-R9). A day's leave is
    not quitting; a student who stops coming without quitting is absent without leave."""
    for s in ctx.subjects("internship"):
        if s.quit is None or not ctx.applies(s.quit.on, s):
            continue
        last = s.quit.on
        asked = [q for q in s.quit_requests if q.asked_on <= last]
        req = asked[-1] if asked else None
        problems_en, problems_zh, values = [], [], {"last_day": last, "required_notice_days": p.notice_days}
        evidence = [ev(s.quit.ref, f"quit on {last}")]
        if req is None:
            problems_en.append("no request to quit")
            problems_zh.append("未提出离职申请")
        else:
            notice = (last - req.asked_on).days
            values.update(asked_on=req.asked_on, notice_days=notice, written=req.written)
            evidence.append(ev(req.ref, f"asked {req.asked_on} to leave on {req.last_day}"))
            if p.require_written and not req.written:
                problems_en.append("not in writing")
                problems_zh.append("未提交书面申请")
            if notice < p.notice_days:
                problems_en.append(f"{notice} days' notice < {p.notice_days}")
                problems_zh.append(f"仅提前{notice}天（应提前{p.notice_days}天）")
            ok = req.approved is True and req.decided_on is not None and req.decided_on <= last
            if p.require_approval and not ok:
                state = ("undecided" if req.approved is None else f"refused on {req.decided_on}"
                         if not req.approved else f"approved only on {req.decided_on}")
                problems_en.append(f"host's approval: {state}")
                problems_zh.append("未经实习单位批准")
                evidence.append(ev(req.decision_ref, state))
        if not problems_en:
            continue
        yield ctx.finding(s, f"quit-{last}", "; ".join(problems_en),
                          f"the student quit the placement on {last}: {'; '.join(problems_en)}",
                          f"学生于{last}离职：{'；'.join(problems_zh)}",
                          evidence, values=values, period=(last, last))


class BeforeParams(Params):
    subject: SubjectKind = "internship"
    requirement: str
    anchor: str = "start"
    lead_days: int = Field(0, ge=0, description="days the requirement must come before the anchor")

    @model_validator(mode="after")
    def _names(self) -> BeforeParams:
        ms.check_name(self.subject, self.requirement)
        ms.check_name(self.subject, self.anchor)
        return self


def check_before(ctx: Context, s: f.Facts, requirement: str, anchor: str,
                 lead_days: int) -> Finding | None:
    """The finding for ``requirement`` not done ``lead_days`` before ``anchor``, if any."""
    a = ms.milestone(s, anchor, ctx.world)
    if a is None or not ctx.applies(a[0], s):
        return None
    anchor_day, anchor_ref = a
    r = ms.milestone(s, requirement, ctx.world)
    if r is not None and r[0] > ctx.as_of:
        r = None
    req_en, req_zh = ms.words(requirement)
    anc_en, anc_zh = ms.words(anchor)
    deadline = anchor_day - timedelta(days=lead_days)
    if r is None:
        return ctx.finding(s, requirement, f"{requirement} = none by {anchor_day}",
                           f"{req_en} not on record by {anc_en} on {anchor_day}",
                           f"{anc_zh}（{anchor_day}）前无{req_zh}",
                           [ev(anchor_ref, f"{anchor} {anchor_day}")],
                           values={"anchor": anchor_day, "required_by": deadline})
    day, ref = r
    if day <= deadline:
        return None
    lead = (anchor_day - day).days
    values = {"anchor": anchor_day, "done_on": day, "required_by": deadline}
    evidence = [ev(anchor_ref, f"{anchor} {anchor_day}"), ev(ref, f"{requirement} {day}")]
    if day > anchor_day:  # done, but only after the anchor: remedied late
        return ctx.finding(s, requirement, f"{day} > {anchor_day}",
                           f"{req_en} only on {day}, after {anc_en} on {anchor_day}",
                           f"{req_zh}迟至{day}，晚于{anc_zh}（{anchor_day}）", evidence,
                           values=values, resolved_by=ev(ref, f"{requirement} {day}"))
    return ctx.finding(s, requirement, f"{lead} days < {lead_days}",
                       f"{req_en} on {day}, {lead} days before {anc_en} on {anchor_day}; "
                       f"{lead_days} required",
                       f"{req_zh}于{day}，距{anc_zh}（{anchor_day}）仅{lead}天，应至少提前{lead_days}天",
                       evidence, values={**values, "lead_days": lead, "required_lead_days": lead_days})


@rule_type("required_before", BeforeParams)
def required_before(ctx: Context, p: BeforeParams) -> Iterator[Finding]:
    """A requirement (a plan, a filing, a document, a role) done ``lead_days`` before an anchor."""
    for s in ctx.subjects(p.subject):
        found = check_before(ctx, s, p.requirement, p.anchor, p.lead_days)
        if found is not None:
            yield found


class DocumentsParams(Params):
    documents: list[str] = Field(min_length=1)
    anchor: str = "start"

    @model_validator(mode="after")
    def _names(self) -> DocumentsParams:
        for d in self.documents:
            ms.check_name("internship", f"document:{d}")
        ms.check_name("internship", self.anchor)
        return self


@rule_type("required_documents", DocumentsParams)
def required_documents(ctx: Context, p: DocumentsParams) -> Iterator[Finding]:
    """Every listed document on file by the anchor (the start)."""
    for s in ctx.subjects("internship"):
        for d in p.documents:
            found = check_before(ctx, s, f"document:{d}", p.anchor, 0)
            if found is not None:
                yield found


class WithinParams(Params):
    subject: SubjectKind = "community"
    requirement: str
    anchor: str
    days: int = Field(ge=0, description="the requirement is due this many days after the anchor")

    @model_validator(mode="after")
    def _names(self) -> WithinParams:
        ms.check_name(self.subject, self.requirement)
        ms.check_name(self.subject, self.anchor)
        return self


def check_within(ctx: Context, s: f.Facts, requirement: str, anchor: str, days: int) -> Finding | None:
    a = ms.milestone(s, anchor, ctx.world)
    if a is None or not ctx.applies(a[0], s):
        return None
    due = a[0] + timedelta(days=days)
    if due > ctx.as_of:  # not yet due (the audit date is a whole day: due that day is judged)
        return None
    r = ms.milestone(s, requirement, ctx.world)
    if r is not None and r[0] > ctx.as_of:
        r = None
    req_en, req_zh = ms.words(requirement)
    anc_en, anc_zh = ms.words(anchor)
    evidence = [ev(a[1], f"{anchor} {a[0]}")]
    if r is not None and r[0] <= due:
        return None
    values = {"anchor": a[0], "due": due, "as_of": ctx.as_of}
    if r is None:
        return ctx.finding(s, requirement, f"none within {days} days",
                           f"{req_en} not on record within {days} days of {anc_en} on {a[0]} (due {due}; as of {ctx.as_of})",
                           f"{anc_zh}（{a[0]}）后{days}天内无{req_zh}（应于{due}前；截至{ctx.as_of}）",
                           evidence, values=values, period=(a[0], due))
    late = (r[0] - a[0]).days
    return ctx.finding(s, requirement, f"{late} days > {days}",
                       f"{req_en} only on {r[0]}, {late} days after {anc_en} on {a[0]}; due within {days}",
                       f"{req_zh}迟至{r[0]}，{anc_zh}（{a[0]}）后{late}天，应在{days}天内",
                       [*evidence, ev(r[1], f"{requirement} {r[0]}")], values=values,
                       period=(a[0], due), resolved_by=ev(r[1], f"{requirement} {r[0]}"))


@rule_type("required_within_days", WithinParams, omission=True)
def required_within_days(ctx: Context, p: WithinParams) -> Iterator[Finding]:
    """Something due within ``days`` of an anchor (a charter after establishment), as of a date."""
    for s in ctx.subjects(p.subject):
        found = check_within(ctx, s, p.requirement, p.anchor, p.days)
        if found is not None:
            yield found


class EvaluationParams(Params):
    subject: Literal["internship", "exchange"] = "internship"
    by: Literal["host", "school"] = "host"
    days: int = Field(ge=0)


@rule_type("evaluation_within_days", EvaluationParams, omission=True)
def evaluation_within_days(ctx: Context, p: EvaluationParams) -> Iterator[Finding]:
    """A completed internship evaluated by ``by`` (an exchange assessed) within ``days``."""
    requirement = f"evaluation:{p.by}" if p.subject == "internship" else "assessment"
    for s in ctx.subjects(p.subject):
        found = check_within(ctx, s, requirement, "completed", p.days)
        if found is not None:
            yield found


class DeadlineParams(Params):
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)


@rule_type("annual_deadline", DeadlineParams, omission=True)
def annual_deadline(ctx: Context, p: DeadlineParams) -> Iterator[Finding]:
    """A learning team reported each year by a fixed date (P5-R2: 25 September)."""
    for s in ctx.subjects("community"):
        last = s.alive_until(ctx.as_of)
        for year in range(s.established_on.year, last.year + 1):
            deadline = date(year, p.month, p.day)
            if not (s.established_on <= deadline <= last) or deadline > ctx.as_of:
                continue
            if not ctx.applies(deadline, s):
                continue
            previous = date(year - 1, p.month, p.day)
            if any(previous < r.on <= deadline for r in s.team_reports):
                continue
            late = [r for r in s.team_reports if r.on > deadline and r.on <= ctx.as_of]
            yield ctx.finding(
                s, f"report-{year}", f"report by {deadline} = none",
                f"no team report by {deadline}", f"{deadline}前未上报学习共同体",
                [ev(s.events.created, "team")], period=(previous + timedelta(days=1), deadline),
                resolved_by=ev(late[0].ref, f"reported {late[0].on}") if late else None)


class StepsParams(Params):
    steps: list[str] = Field(min_length=2)


@rule_type("ordered_steps", StepsParams)
def ordered_steps(ctx: Context, p: StepsParams) -> Iterator[Finding]:
    """A member from another region joins only after every approval step, in order (P3-R3)."""
    for s in ctx.subjects("community"):
        for m in s.members:
            inst = ctx.world.institution(m.institution_id)
            if inst is None or inst.region == s.region or not ctx.applies(m.joined_on, s):
                continue
            steps = {a.what: a for a in s.approvals if a.extra.get("institution_id") == m.institution_id}
            missing = [st for st in p.steps if st not in steps]
            dates = [steps[st].on for st in p.steps if st in steps]
            out_of_order = dates != sorted(dates)
            after = [st for st in p.steps if st in steps and steps[st].on > m.joined_on]
            if not (missing or out_of_order or after):
                continue
            problems = ([f"missing {', '.join(missing)}"] if missing else []) + \
                (["out of order"] if out_of_order else []) + \
                ([f"after joining: {', '.join(after)}"] if after else [])
            yield ctx.finding(
                s, f"member-{m.institution_id}", "; ".join(problems),
                f"member {inst.name} ({inst.region}) joined on {m.joined_on}: {'; '.join(problems)}",
                f"跨区域成员{inst.name}（{inst.region}）于{m.joined_on}加入：审批步骤缺失或顺序不符（{'; '.join(problems)}）",
                [ev(m.ref, f"joined {m.joined_on}"), *(ev(steps[st].ref, f"{st} {steps[st].on}") for st in p.steps if st in steps)],
                institutions=[s.core_institution_id, m.institution_id], period=(m.joined_on, m.joined_on))


#: the rule types of this module (joined in gtt_domain.audit.rule_types)
RULE_TYPES = (
    minimum_notice,
    leave_approval,
    absence_without_leave,
    quit_notice,
    required_before,
    required_documents,
    required_within_days,
    evaluation_within_days,
    annual_deadline,
    ordered_steps,
)
