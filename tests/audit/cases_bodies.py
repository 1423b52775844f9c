"""Break-and-boundary histories for communities, agreements and exchanges (P1, P2, P3,
P5, P6-R8, P9-R5, P12, P13-R2, N-TEP, N-ROT, P6-R3)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from audit_world import Builder

Case = Callable[[Builder, bool], date]
CASES: dict[str, Case] = {}
D = timedelta(days=1)


def case(rule_id: str) -> Callable[[Case], Case]:
    def deco(fn: Case) -> Case:
        CASES[rule_id] = fn
        return fn
    return deco


def community(b: Builder, kind: str, core: UUID, on: date, region: str = "Anxi") -> UUID:
    return b.h("community.establish", kind=kind, name=f"{kind} one", region=region,
               core_institution_id=core, established_on=on)


def activity(b: Builder, cid: UUID, kind: str, on: date, **kw: Any) -> None:
    kw.setdefault("record", "minutes on file")
    b.h("community.record-activity", community_id=cid, kind=kind, held_on=on, **kw)


def group(b: Builder, on: date, branches: int = 1) -> tuple[UUID, UUID, list[UUID]]:
    head = b.school("Head school", majors=())
    cid = community(b, "education_group", head, on)
    members = []
    for i in range(branches):
        br = b.school(f"Branch {i}", majors=())
        b.h("community.join", community_id=cid, institution_id=br, on=on, role="branch")
        members.append(br)
    return cid, head, members


def exchange(b: Builder, person: UUID, sending: UUID, host: UUID, kind: str, start: date,
             end: date | None = None, *, started: bool = True, **kw: Any) -> UUID:
    kw.setdefault("targets", ["raise maths results"])
    xid = b.h("exchange.plan", person_id=person, sending_id=sending, host_id=host, kind=kind,
              planned_start=start, planned_end=end or date(start.year + 1, start.month, start.day) - D, **kw)
    if started:
        b.h("exchange.start", exchange_id=xid, on=start)
    return xid


# --- P1 education groups ------------------------------------------------------------------


@case("P1-S1-branches")
def branches(b: Builder, breach: bool) -> date:
    on = date(2025, 1, 1)
    group(b, on, branches=1 if breach else 2)
    return on + 91 * D


@case("P1-R1-charter")
def charter(b: Builder, breach: bool) -> date:
    on = date(2025, 1, 1)
    cid, _, _ = group(b, on, 2)
    b.h("community.adopt-charter", community_id=cid, adopted_on=on + (91 if breach else 90) * D)
    return on + 100 * D


@case("P1-R2-in-group")
def in_group(b: Builder, breach: bool) -> date:
    on = date(2025, 1, 1)
    cid, head, (branch,) = group(b, on, 1)
    outsider = b.school("Outside school", majors=())
    t = b.teacher(branch)
    exchange(b, t, branch, outsider if breach else head, "shadow_learning", date(2025, 3, 1), community_id=cid)
    return date(2025, 4, 1)


@case("P1-R3-research")
def research(b: Builder, breach: bool) -> date:
    on = date(2025, 9, 1)
    cid, _, _ = group(b, on, 2)
    for day in [date(2025, 10, 9), date(2026, 1, 31)][: 1 if breach else 2]:
        activity(b, cid, "research_activity", day)
    return date(2026, 2, 1)


def rotation(b: Builder, **kw: Any) -> UUID:
    school, host = b.school("Sender", majors=()), b.school("Host", majors=())
    return exchange(b, b.teacher(school), school, host, "rotation", date(2025, 9, 1), **kw)


@case("P1-R4-filed")
def filed(b: Builder, breach: bool) -> date:
    xid = rotation(b, started=False)
    b.h("exchange.file", exchange_id=xid, authority="county bureau", filed_on=date(2025, 9, 2 if breach else 1))
    b.h("exchange.start", exchange_id=xid, on=date(2025, 9, 1))
    return date(2025, 10, 1)


@case("P1-R4-cycle")
def cycle(b: Builder, breach: bool) -> date:
    rotation(b, end=date(2026, 8, 30 if breach else 31))  # 12 months from 1 September
    return date(2025, 10, 1)


@case("P1-R4-targets")
def targets(b: Builder, breach: bool) -> date:
    rotation(b, targets=[] if breach else ["lead two open lessons"])
    return date(2025, 10, 1)


def backbone_teacher(b: Builder, school: UUID) -> UUID:
    return b.teacher(school, roles={"backbone_teacher": date(2020, 1, 1)})


@case("P1-R5-sent")
def sent(b: Builder, breach: bool) -> date:
    cid, head, (branch,) = group(b, date(2025, 1, 1), 1)  # judged from its first school year, 2024/25
    for i in range(2 if breach else 3):
        exchange(b, backbone_teacher(b, head), head, branch, "support_teaching", date(2025, 3 + i, 1), community_id=cid)
    return date(2025, 8, 31)  # the school year ends on the audit date: judged


@case("P1-R6-equal")
def equal(b: Builder, breach: bool) -> date:
    cid, head, (branch,) = group(b, date(2025, 1, 1), 1)
    exchange(b, backbone_teacher(b, head), head, branch, "support_teaching", date(2025, 3, 1), community_id=cid)
    # a branch teacher without a cadre or backbone role does not count (P1-R6 counts those)
    exchange(b, b.teacher(branch), branch, head, "shadow_learning", date(2025, 4, 1), community_id=cid)
    if not breach:
        exchange(b, backbone_teacher(b, branch), branch, head, "shadow_learning", date(2025, 4, 1), community_id=cid)
    return date(2025, 8, 31)


def term(b: Builder, school: UUID, first: date, last: date, label: str = "term") -> None:
    b.h("calendar.set", institution_id=school, entry="term", label=label, first_day=first, last_day=last)


@case("P1-R9-monthly")
def monthly(b: Builder, breach: bool) -> date:
    cid, head, (branch,) = group(b, date(2025, 9, 1), 1)
    term(b, head, date(2025, 9, 1), date(2026, 1, 16), "2025-autumn")
    t = b.teacher(branch)
    days = [date(2025, 9, 15), date(2025, 10, 15), date(2025, 11, 14), date(2025, 12, 15), date(2026, 1, 9)]
    for day in days:
        if breach and day.month == 11:
            continue
        activity(b, cid, "shadow_day", day, participants=[t], activity_id=f"shadow-{day}")
    return date(2026, 1, 31)  # January has 11 school days before the term ends: judged


@case("P1-R12-funding")
def funding(b: Builder, breach: bool) -> date:
    cid, _, _ = group(b, date(2025, 1, 1), 2)
    b.h("community.record-funding", community_id=cid, amount="299999.99" if breach else "300000",
        received_on=date(2025, 3, 1), source="county bureau")
    return date(2026, 1, 1)


# --- P2, P3, P5 ---------------------------------------------------------------------------


@case("P2-R1-parent-meetings")
def parent_meetings(b: Builder, breach: bool) -> date:
    school = b.school("High school", majors=())
    cid = community(b, "home_school", school, date(2025, 9, 1))
    for grade in ["grade-10", "grade-11", "grade-12"][: 2 if breach else 3]:
        activity(b, cid, "parent_meeting", date(2025, 10, 12), grade=grade, activity_id=f"pm-{grade}")
    return date(2026, 2, 1)


@case("P2-R3-counselling")
def counselling(b: Builder, breach: bool) -> date:
    school = b.school("High school", majors=())
    cid = community(b, "home_school", school, date(2025, 9, 1))
    director = b.teacher(school)
    activity(b, cid, "counselling", date(2025, 10, 12), **({} if breach else {"approved_by": director}))
    return date(2025, 11, 1)


@case("P3-R3-steps")
def steps(b: Builder, breach: bool) -> date:
    core = b.school("Core school", majors=())
    member = b.school("Member school", region="Nan'an", majors=())
    cid = community(b, "co_construction", core, date(2025, 1, 1))
    dates = {"member_bureau_consent": date(2025, 2, 1), "core_bureau_approval": date(2025, 2, 10),
             "city_filing": date(2025, 2, 20)}
    if breach:
        dates["core_bureau_approval"] = date(2025, 1, 20)  # approved before the member's consent
    for step, on in dates.items():
        b.h("community.record-approval", community_id=cid, step=step, by="bureau", on=on, institution_id=member)
    b.h("community.join", community_id=cid, institution_id=member, on=date(2025, 3, 1), role="member")
    return date(2025, 4, 1)


def team(b: Builder, on: date, size: int) -> UUID:
    school = b.school("High school", majors=())
    cid = community(b, "learning_team", school, on)
    b.h("community.define-team", community_id=cid, subject="maths", grade="grade-10")
    for _ in range(size):
        b.h("community.add-team-member", community_id=cid, person_id=b.teacher(school), on=on)
    return cid


@case("P5-R1-size")
def size(b: Builder, breach: bool) -> date:
    team(b, date(2025, 9, 1), 3 if breach else 4)
    return date(2025, 10, 15)


@case("P5-R2-report")
def report(b: Builder, breach: bool) -> date:
    cid = team(b, date(2025, 9, 1), 4)
    b.h("community.report-team", community_id=cid, reported_on=date(2025, 9, 26 if breach else 25))
    return date(2025, 9, 30)


@case("P5-R4-weekly")
def weekly(b: Builder, breach: bool) -> date:
    cid = team(b, date(2025, 9, 1), 4)  # a Monday
    activity(b, cid, "team_activity", date(2025, 9, 3))
    activity(b, cid, "team_activity", date(2025, 9, 14), record="" if breach else "lesson study notes")
    return date(2025, 9, 16)


# --- school-enterprise bodies and agreements ------------------------------------------------


def school_enterprise(b: Builder) -> UUID:
    return community(b, "school_enterprise", b.school("Vocational", majors=()), date(2025, 1, 1))


@case("P9-R5-gala")
def gala(b: Builder, breach: bool) -> date:
    cid = school_enterprise(b)
    if not breach:
        activity(b, cid, "gala", date(2025, 12, 31))
    return date(2026, 1, 1)


@case("P12-R5-committee")
def committee(b: Builder, breach: bool) -> date:
    cid = school_enterprise(b)
    for day in [date(2025, 3, 1), date(2025, 10, 1)][: 1 if breach else 2]:
        activity(b, cid, "committee_meeting", day)
    return date(2026, 1, 1)


@case("P13-R2-quarterly")
def quarterly(b: Builder, breach: bool) -> date:
    school, host = b.school(majors=()), b.enterprise()
    aid = b.agreement("mutual_plaque", school, host, start=date(2025, 1, 1), obligations=[{
        "obligation_id": "review", "description": "quarterly review meeting", "obligor": str(school),
        "quantity": "1", "cadence": "per_quarter"}])
    for q in range(4):
        if breach and q == 1:
            continue
        b.h("agreement.record-fulfilment", agreement_id=aid, obligation_id="review",
            on=date(2025, 3 * q + 3, 28), quantity="1")
    return date(2026, 1, 1)


@case("P6-R8-liaison")
def liaison(b: Builder, breach: bool) -> date:
    school, host = b.school(majors=()), b.enterprise()
    b.h("institution.open-department", institution_id=school, name="HVAC", teacher_count=10)
    b.h("institution.open-major", institution_id=school, code="AC01", name="Air conditioning", department="HVAC")
    if not breach:
        b.h("institution.name-liaison", institution_id=school, department="HVAC", person_id=b.teacher(school))
    b.agreement("order_training", school, host, start=date(2025, 1, 1), majors=["AC01"])
    return date(2025, 6, 1)


@case("P6-R3-observation")
def observation(b: Builder, breach: bool) -> date:
    b.clock.at(date(2025, 8, 1))
    school, host = b.school(), b.enterprise()
    student = b.student(school)
    iid = b.internship(school, host, student, kind="observation", start=date(2025, 9, 8),
                       end=date(2025, 12, 31), docs=(), insured=())
    for i in range(9 if breach else 10):
        b.attend(iid, date(2025, 9, 8) + i * D)
    return date(2026, 2, 1)


# --- people: enterprise practice, rotation --------------------------------------------------


@case("P12-R3-evaluation")
def practice_evaluation(b: Builder, breach: bool) -> date:
    school, host = b.school(majors=()), b.enterprise()
    xid = exchange(b, b.teacher(school), school, host, "enterprise_practice", date(2025, 7, 1), date(2025, 8, 31))
    b.h("exchange.complete", exchange_id=xid, on=date(2025, 8, 31))
    b.h("exchange.assess", exchange_id=xid, on=date(2025, 8, 31) + (31 if breach else 30) * D, result="good")
    return date(2025, 10, 15)


@case("NTEP-1-practice")
def practice_days(b: Builder, breach: bool) -> date:
    school, host = b.school(majors=()), b.enterprise()
    t = b.teacher(school, roles={"specialty_teacher": date(2015, 1, 1)})
    xid = exchange(b, t, school, host, "enterprise_practice", date(2021, 7, 1), date(2021, 12, 31))
    b.h("exchange.log-days", exchange_id=xid, from_day=date(2021, 7, 1), to_day=date(2021, 12, 31),
        days=179 if breach else 180)
    return date(2025, 6, 30)


@case("NTEP-2-before-teaching")
def before_teaching(b: Builder, breach: bool) -> date:
    school, host = b.school(majors=()), b.enterprise()
    t = b.teacher(school, roles={"specialty_teacher": date(2025, 9, 1)})
    exchange(b, t, school, host, "enterprise_practice", date(2025, 9, 2 if breach else 1), date(2025, 12, 31))
    return date(2025, 10, 1)


def rotating_school(b: Builder, teachers: int) -> tuple[UUID, UUID, list[UUID]]:
    school = b.school("Urban school", locality="urban", majors=(), stage="primary")
    host = b.school("Rural school", locality="rural", majors=(), stage="primary")
    b.clock.at(date(2018, 9, 1))  # six years at the school by 2024-09-01: eligible
    staff = [b.teacher(school) for _ in range(teachers)]
    return school, host, staff


@case("NROT-1-share")
def rotated(b: Builder, breach: bool) -> date:
    school, host, staff = rotating_school(b, 10)
    if not breach:  # 1 of 10 = 10%
        exchange(b, staff[0], school, host, "rotation", date(2024, 10, 1))
    return date(2025, 9, 2)


@case("NROT-2-backbone")
def backbone(b: Builder, breach: bool) -> date:
    school, host, staff = rotating_school(b, 10)
    if not breach:  # 1 of 5 rotated = 20%
        b.h("person.assign-role", person_id=staff[0], role="backbone_teacher", since=date(2020, 1, 1))
    for t in staff[:5]:
        exchange(b, t, school, host, "rotation", date(2024, 10, 1))
    return date(2025, 9, 2)
