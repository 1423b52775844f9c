"""Break-and-boundary histories for the rules issue 19 added: plan rules that were recorded
but not checked (P1-S2..S4, P1-R7, P1-R13, P2-R2, P2-R4, P3-R5, P6-R1, P6-R7, P7, P9-R1,
P9-R2, P9-R5, P10-R2, P10-R10, P12-R4, P13-R1, P13-R3, P13-R5) and national ones (N-INT-9,
N-INT-11 per post, N-INT-14, N-COOP-2, N-MED-1)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from uuid import UUID

from audit_world import Builder, Setting
from cases_bodies import activity, community, exchange, group, school_enterprise, term

Case = Callable[[Builder, bool], date]
CASES: dict[str, Case] = {}
D = timedelta(days=1)


def case(rule_id: str) -> Callable[[Case], Case]:
    def deco(fn: Case) -> Case:
        CASES[rule_id] = fn
        return fn
    return deco


# --- P1 ------------------------------------------------------------------------------------


@case("P1-S2-plaque")
def plaque(b: Builder, breach: bool) -> date:
    cid, _, (branch,) = group(b, date(2025, 1, 1), 1)
    b.h("community.hang-plaque", community_id=cid, institution_id=branch,
        on=date(2025, 1, 1) + (91 if breach else 90) * D)
    return date(2025, 4, 30)


@case("P1-S3-council")
def council(b: Builder, breach: bool) -> date:
    cid, head, (branch,) = group(b, date(2025, 1, 1), 1)
    chair = b.teacher(branch if breach else head)  # the chair must come from the head school
    b.h("community.assign-role", community_id=cid, person_id=chair, role="council_chair", since=date(2025, 2, 1))
    return date(2025, 4, 30)


@case("P1-S4-deployment")
def deployment(b: Builder, breach: bool) -> date:
    cid, head, (branch,) = group(b, date(2025, 1, 1), 1)
    xid = exchange(b, b.teacher(head), head, branch, "support_teaching", date(2025, 9, 1),
                   community_id=cid, started=False)
    b.h("exchange.approve", exchange_id=xid, by="county bureau", on=date(2025, 9, 2 if breach else 1))
    b.h("exchange.start", exchange_id=xid, on=date(2025, 9, 1))
    return date(2025, 10, 1)


@case("P1-R7-assessed")
def assessed(b: Builder, breach: bool) -> date:
    cid, head, (branch,) = group(b, date(2024, 1, 1), 1)
    xid = exchange(b, b.teacher(head), head, branch, "support_teaching", date(2024, 9, 1),
                   date(2025, 8, 31), community_id=cid)
    b.h("exchange.complete", exchange_id=xid, on=date(2025, 8, 31))
    b.h("exchange.assess", exchange_id=xid, on=date(2025, 8, 31) + (31 if breach else 30) * D, result="good")
    return date(2025, 10, 15)


@case("P1-R13-pairing")
def pairing(b: Builder, breach: bool) -> date:
    cid, head, (branch,) = group(b, date(2025, 1, 1), 1)
    mentor = b.teacher(head, roles={"backbone_teacher": date(2020, 1, 1)})
    first, second = b.teacher(branch), b.teacher(branch)
    b.h("community.pair-teachers", community_id=cid, mentor_id=mentor, mentee_id=first, on=date(2025, 3, 1))
    if not breach:  # one to one: the first pairing ends the day the second begins
        b.h("community.end-pair", community_id=cid, mentor_id=mentor, mentee_id=first, on=date(2025, 9, 1))
    b.h("community.pair-teachers", community_id=cid, mentor_id=mentor, mentee_id=second, on=date(2025, 9, 1))
    return date(2025, 10, 1)


# --- P2, P3 --------------------------------------------------------------------------------


def home_school(b: Builder) -> tuple[UUID, UUID]:
    school = b.school("High school", majors=())
    term(b, school, date(2025, 9, 1), date(2026, 1, 16), "2025-autumn")
    return school, community(b, "home_school", school, date(2025, 9, 1))


@case("P2-R2-academy")
def academy(b: Builder, breach: bool) -> date:
    _, cid = home_school(b)
    for week in range(4):  # Sundays 7, 14, 21, 28 September
        if breach and week == 2:
            continue
        activity(b, cid, "parent_academy", date(2025, 9, 7) + 7 * week * D, activity_id=f"pa-{week}")
    return date(2025, 9, 28)


@case("P2-R4-summary")
def summary(b: Builder, breach: bool) -> date:
    _, cid = home_school(b)
    for grade in ["grade-10", "grade-11", "grade-12"][: 2 if breach else 3]:
        activity(b, cid, "semester_summary", date(2026, 1, 16), grade=grade, activity_id=f"sum-{grade}")
    return date(2026, 1, 16)


@case("P2-R4-commendation")
def commendation(b: Builder, breach: bool) -> date:
    _, cid = home_school(b)
    activity(b, cid, "commendation", date(2026, 1, 17 if breach else 16))
    return date(2026, 1, 17)


@case("P3-R5-flow")
def flow(b: Builder, breach: bool) -> date:
    core = b.school("Core school", majors=())
    campus = b.school("Second campus", majors=())
    cid = community(b, "fusion", core, date(2025, 1, 1))
    b.h("community.join", community_id=cid, institution_id=campus, on=date(2025, 1, 1))
    exchange(b, b.teacher(core), core, campus, "rotation", date(2025, 9, 1), community_id=cid,
             mode="flexible" if breach else "rigid")
    return date(2025, 10, 1)


# --- P6, P7 --------------------------------------------------------------------------------


@case("P6-R1-duties")
def duties(b: Builder, breach: bool) -> date:
    school, host = b.school(majors=()), b.enterprise()
    obligations = [{"obligation_id": "teach", "description": "teach the order class", "obligor": str(school)}]
    if not breach:
        obligations.append({"obligation_id": "hire", "description": "hire qualified graduates", "obligor": str(host)})
    b.agreement("order_training", school, host, start=date(2025, 1, 1), obligations=obligations)
    return date(2025, 2, 1)


@case("P6-R7-demonstration")
def demonstration(b: Builder, breach: bool) -> date:
    school = b.school(majors=())
    b.h("institution.record-demonstration", institution_id=school, code="AC02",
        on=date(2025, 5, 21 if breach else 20), by="panel of experts and employers")
    b.h("institution.open-major", institution_id=school, code="AC02", name="Cold chain", opened_on=date(2025, 5, 20))
    return date(2025, 6, 1)


@case("P7-R1-employment")
def employment(b: Builder, breach: bool) -> date:
    s = Setting(b, agreement_kind="order_training")
    start = date(2025, 3, 10)
    iid = s.internship(programme="order_class", start=start, started=False)
    b.h("internship.provide-document", internship_id=iid, doc="employment_agreement",
        provided_on=start + (1 if breach else 0) * D)
    b.h("internship.start", internship_id=iid, on=start)
    return date(2025, 4, 1)


@case("P7-R3-after-two-years")
def after_two_years(b: Builder, breach: bool) -> date:
    s = Setting(b, admitted=date(2023, 9, 1))  # 5th semester from September 2025
    s.internship(start=date(2025, 8, 25) if breach else date(2025, 9, 1))
    return date(2025, 10, 1)


@case("P7-R3-length")
def post_length(b: Builder, breach: bool) -> date:
    s = Setting(b)
    start = date(2025, 3, 10)
    s.internship(start=start, end=date(2026, 3, 10) if breach else date(2026, 3, 9))  # 12 months at most
    return date(2025, 4, 1)


# --- P9 ------------------------------------------------------------------------------------


@case("P9-R5-lectures")
def lectures(b: Builder, breach: bool) -> date:
    cid = school_enterprise(b)
    activity(b, cid, "entrepreneur_lecture", date(2026, 1, 1) if breach else date(2025, 12, 31))
    return date(2026, 1, 1)


@case("P9-R1-before-enrolment")
def before_enrolment(b: Builder, breach: bool) -> date:
    school, host = b.school(), b.enterprise()
    student = b.student(school, admitted=date(2022, 9, 1))
    aid = b.agreement("order_training", school, host, start=date(2022, 9, 2) if breach else date(2022, 9, 1))
    b.internship(school, host, student, programme="order_class", agreement=aid, start=date(2025, 3, 10))
    return date(2025, 4, 1)


@case("P9-R2-alternation")
def alternation(b: Builder, breach: bool) -> date:
    school, host = b.school(), b.enterprise()
    term(b, school, date(2025, 2, 17), date(2025, 7, 11), "2025-spring")
    term(b, school, date(2025, 9, 1), date(2026, 1, 16), "2025-autumn")
    aid = b.agreement("work_study", school, host, start=date(2025, 2, 17))
    b.internship(school, host, b.student(school), programme="work_study", agreement=aid,
                 start=date(2025, 3, 10), end=date(2025, 4, 30))
    if not breach:
        b.internship(school, host, b.student(school), programme="work_study", agreement=aid,
                     start=date(2026, 1, 5), end=date(2026, 1, 30))
    return date(2026, 1, 16)


# --- P10, P12, P13 -------------------------------------------------------------------------


@case("P10-R2-equipment")
def equipment(b: Builder, breach: bool) -> date:
    school, host = b.school(majors=()), b.enterprise()
    aid = b.agreement("training_base", school, host, start=date(2024, 1, 1), obligations=[{
        "obligation_id": "equipment", "description": "welding guns and air conditioners, 4 students a set",
        "obligor": str(host), "quantity": "200000", "unit": "yuan"}])
    b.h("agreement.record-fulfilment", agreement_id=aid, obligation_id="equipment", on=date(2024, 6, 1), amount="120000")
    b.h("agreement.record-fulfilment", agreement_id=aid, obligation_id="equipment", on=date(2024, 12, 31),
        amount="79999" if breach else "80000")
    return date(2025, 1, 1)  # 366 days after activation: due on 31 December


@case("P10-R10-exam")
def skills_exam(b: Builder, breach: bool) -> date:
    cid = school_enterprise(b)
    activity(b, cid, "skills_exam", date(2026, 1, 1) if breach else date(2025, 12, 20))
    return date(2026, 1, 1)


@case("P10-R10-scholarship")
def scholarship(b: Builder, breach: bool) -> date:
    cid = school_enterprise(b)
    activity(b, cid, "scholarship_award", date(2026, 1, 1) if breach else date(2025, 12, 31))
    return date(2026, 1, 1)


@case("P12-R4-experts")
def experts(b: Builder, breach: bool) -> date:
    school, host = b.school(majors=()), b.enterprise()
    term(b, school, date(2024, 9, 1), date(2025, 1, 17), "2024-autumn")
    b.agreement("training_base", school, host, start=date(2024, 9, 1))  # judged from the first agreement
    expert = b.h("person.register", kind="enterprise_staff", name="Engineer", home_institution_id=host)
    exchange(b, expert, host, school, "expert_teaching", date(2025, 9, 1) if breach else date(2025, 8, 31),
             date(2025, 12, 31))
    return date(2025, 9, 1)  # school year 2024/25 judged


@case("P13-R1-plaques")
def plaques(b: Builder, breach: bool) -> date:
    school, host = b.school(majors=()), b.enterprise()
    aid = b.agreement("mutual_plaque", school, host, start=date(2025, 1, 1), obligations=[
        {"obligation_id": "school_base_plaque", "description": "school's off-campus training base plaque",
         "obligor": str(host)},
        {"obligation_id": "enterprise_base_plaque", "description": "enterprise's HR training base plaque",
         "obligor": str(school)},
        {"obligation_id": "review", "description": "quarterly review", "obligor": str(school),
         "quantity": "1", "cadence": "per_quarter"}])
    b.h("agreement.record-fulfilment", agreement_id=aid, obligation_id="school_base_plaque", on=date(2025, 2, 1))
    b.h("agreement.record-fulfilment", agreement_id=aid, obligation_id="enterprise_base_plaque",
        on=date(2025, 4, 2) if breach else date(2025, 4, 1))
    return date(2025, 4, 30)


@case("P13-R3-certification")
def certification(b: Builder, breach: bool) -> date:
    s = Setting(b, agreement_kind="mutual_plaque")
    start = date(2025, 3, 10)
    iid = s.internship(programme="one_plus_one", start=start, end=date(2025, 4, 30))
    b.h("internship.complete", internship_id=iid, on=date(2025, 4, 30))
    b.h("internship.record-certification", internship_id=iid, exam="network admin L4", passed=True,
        on=date(2025, 4, 30) + (61 if breach else 60) * D)
    return date(2025, 8, 1)


@case("P13-R5-school-first")
def school_first(b: Builder, breach: bool) -> date:
    s = Setting(b, agreement_kind="named_class", admitted=date(2023, 9, 1))  # 4th semester from March 2025
    s.internship(kind="observation", programme="one_half_half_one",
                 start=date(2025, 2, 28) if breach else date(2025, 3, 1), end=date(2025, 6, 30))
    return date(2025, 3, 1)


@case("P13-R5-post")
def half_post(b: Builder, breach: bool) -> date:
    s = Setting(b, agreement_kind="named_class", admitted=date(2023, 9, 1))  # 5th semester from September 2025
    s.internship(programme="one_half_half_one", start=date(2025, 8, 25) if breach else date(2025, 9, 1))
    return date(2025, 10, 1)


@case("P13-R5-paid")
def half_paid(b: Builder, breach: bool) -> date:
    s = Setting(b, agreement_kind="named_class", admitted=date(2023, 9, 1))
    start = date(2025, 9, 1)
    iid = s.internship(programme="one_half_half_one", start=start)
    b.attend(iid, start)
    b.attend(iid, start + D)
    b.pay(iid, start, start if breach else start + D, "160")
    return start + 47 * D


# --- national ------------------------------------------------------------------------------


@case("NINT21-11-post")
def per_post(b: Builder, breach: bool) -> date:
    s = Setting(b, staff=1000)  # 10% of the whole staff is far away
    b.h("institution.report-post-headcount", institution_id=s.host, post="assembly", staff=10, as_of=date(2025, 1, 1))
    for _ in range(3 if breach else 2):  # 20% of 10 on the post
        s.internship(student=b.student(s.school), start=date(2025, 3, 10))
    return date(2025, 4, 1)


@case("NINT21-9-intermediary")
def intermediary(b: Builder, breach: bool) -> date:
    s = Setting(b)
    b.h("institution.record-intermediary", institution_id=s.host, kind="labour_dispatch",
        on=date(2024, 1, 1), basis="business licence: labour dispatch")
    if not breach:  # the status ended before the placement started
        b.h("institution.record-intermediary", institution_id=s.host, on=date(2025, 3, 10),
            basis="dispatch licence surrendered")
    s.internship(start=date(2025, 3, 10))
    return date(2025, 4, 1)


@case("NINT21-14-school-assessment")
def school_assessment(b: Builder, breach: bool) -> date:
    s = Setting(b)
    start = date(2025, 3, 10)
    iid = s.internship(start=start, end=date(2025, 9, 9))
    b.h("internship.complete", internship_id=iid, on=date(2025, 9, 9))
    b.h("internship.evaluate", internship_id=iid, by="host", score="90", on=date(2025, 9, 9))
    b.h("internship.evaluate", internship_id=iid, by="school", score="85",
        on=date(2025, 9, 9) + (31 if breach else 30) * D)
    return date(2025, 11, 1)


@case("NCOOP-2-term")
def coop_term(b: Builder, breach: bool) -> date:
    s = Setting(b, agreement_kind=None)
    aid = b.agreement("post_internship_base", s.school, s.host, start=date(2025, 1, 1),
                      end=date(2027, 12, 30) if breach else date(2027, 12, 31))
    s.internship(agreement=aid, start=date(2025, 3, 10))
    return date(2025, 4, 1)


@case("NMED-1-title")
def title(b: Builder, breach: bool) -> date:
    hospital = b.h("institution.register", kind="hospital", name="County No.1 Hospital", region="Anxi")
    centre = b.h("institution.register", kind="health_centre", name="Township health centre", region="Anxi")
    doctor = b.h("person.register", kind="doctor", name="Doctor", home_institution_id=hospital)
    xid = exchange(b, doctor, hospital, centre, "medical_dispatch", date(2024, 3, 1), date(2025, 2, 28))
    b.h("exchange.complete", exchange_id=xid, on=date(2025, 2, 27) if breach else date(2025, 2, 28))
    b.h("person.assign-role", person_id=doctor, role="associate_senior_title", since=date(2025, 6, 1))
    return date(2025, 7, 1)
