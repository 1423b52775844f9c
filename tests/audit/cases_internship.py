"""Break-and-boundary histories for the internship rules (N-INT 2016/2021, N-EVD, P6,
P9, P10, P13). Each case builds a history with real commands and returns the audit date;
``breach`` True breaks the rule, False passes it at the boundary."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from audit_world import DOCS, Builder, Setting

from gtt_domain.audit.periods import add_months

Case = Callable[[Builder, bool], date]
CASES: dict[str, Case] = {}
D = timedelta(days=1)


def case(*rule_ids: str) -> Callable[[Case], Case]:
    def deco(fn: Case) -> Case:
        for r in rule_ids:
            CASES[r] = fn
        return fn
    return deco


def start_of(rule_id: str) -> date:
    """2016-version rules are tested on a 2021 history, the rest on 2025."""
    return date(2021, 3, 10) if rule_id.startswith("NINT16") else date(2025, 3, 10)


def setting(b: Builder, start: date, **kw) -> Setting:
    kw.setdefault("admitted", date(start.year - 3, 9, 1))
    return Setting(b, **kw)


def per_pack(fn: Callable[[Builder, bool, date], date], *rule_ids: str) -> None:
    for r in rule_ids:
        CASES[r] = lambda b, breach, r=r: fn(b, breach, start_of(r))


def tripartite(b: Builder, breach: bool, start: date) -> date:
    s = setting(b, start)
    if not breach:
        s.internship(start=start, docs_on=start)  # on the start day: in time
        return start + 30 * D
    iid = s.internship(start=start, docs=tuple(d for d in DOCS if d != "tripartite_agreement"))
    b.h("internship.provide-document", internship_id=iid, doc="tripartite_agreement", provided_on=start + D)
    return start + 30 * D


per_pack(tripartite, "NINT21-2-tripartite", "NINT16-2-tripartite")


@case("NINT21-3-consent")
def consent(b: Builder, breach: bool) -> date:
    start = date(2025, 3, 10)
    s = setting(b, start)
    if breach:
        s.internship(start=start, docs=tuple(d for d in DOCS if d != "guardian_consent"))
    else:
        s.internship(start=start, docs_on=start)
    return start + 30 * D


def age(b: Builder, breach: bool, start: date) -> date:
    born = date(start.year - 16, 3, 11 if breach else 10)  # 15 the day before the birthday; 16 on it
    setting(b, start, birth=born).internship(start=start)
    return start + 30 * D


per_pack(age, "NINT21-4-age", "NINT16-4-age")


def semester_case(min_semester: int) -> Case:
    def build(b: Builder, breach: bool) -> date:
        start = date(2025, 3, 10)
        months = 6 * (min_semester - 1)  # semester n begins 6*(n-1) months after admission
        admitted = add_months(start, -months) + (D if breach else 0 * D)
        setting(b, start, admitted=admitted).internship(start=start)
        return start + 30 * D
    return build


CASES["NINT21-4-first-year"] = semester_case(3)
CASES["P6-R2-semester"] = semester_case(5)


@case("NINT21-5-post")
def post(b: Builder, breach: bool) -> date:
    start = date(2025, 3, 10)
    born = date(start.year - 18, 3, 11 if breach else 10)  # a night post: 17 fails, 18 passes
    setting(b, start, birth=born).internship(start=start, post_category="night_work")
    return start + 30 * D


def hours(b: Builder, breach: bool, start: date) -> date:
    iid = setting(b, start).internship(start=start)
    b.attend(iid, start, "8.5" if breach else "8")
    return start + 30 * D


per_pack(hours, "NINT21-6-hours", "NINT16-6-hours")


def overtime(b: Builder, breach: bool, start: date) -> date:
    iid = setting(b, start).internship(start=start)
    b.attend(iid, start, "8", overtime_hours="0.5" if breach else "0")
    b.attend(iid, start + D, "8", night_shift=breach)
    return start + 30 * D


per_pack(overtime, "NINT21-6-night-holiday-overtime", "NINT16-6-night-holiday-overtime")


def pay80(b: Builder, breach: bool, start: date) -> date:
    iid = setting(b, start).internship(start=start)
    b.pay(iid, start, start + 20 * D, "3196" if breach else "3200", "4000")  # 79.9% vs 80%
    return start + 60 * D


per_pack(pay80, "NINT21-7-pay", "NINT16-7-pay")


@case("NINT21-7-direct")
def direct(b: Builder, breach: bool) -> date:
    start = date(2025, 3, 10)
    iid = setting(b, start).internship(start=start)
    b.pay(iid, start, start + (31 if breach else 30) * D, "4000")  # 32 days vs 31
    return start + 60 * D


def fees(b: Builder, breach: bool, start: date) -> date:
    iid = setting(b, start).internship(start=start)
    if breach:
        b.h("internship.charge-fee", internship_id=iid, amount="0.01", charged_on=start + D,
            description="placement fee")
    return start + 30 * D


per_pack(fees, "NINT21-8-fees", "NINT16-8-fees")


def insurance(b: Builder, breach: bool, start: date) -> date:
    setting(b, start).internship(start=start, insured=(start + (D if breach else 0 * D), start + 400 * D))
    return start + 30 * D


per_pack(insurance, "NINT21-10-insurance", "NINT16-10-insurance")


def share(b: Builder, breach: bool, start: date) -> date:
    s = setting(b, start, staff=40)  # 10% of 40 = 4 interns
    for i in range(5 if breach else 4):
        student = s.student if i == 0 else b.student(s.school, admitted=date(start.year - 3, 9, 1))
        s.internship(start=start, student=student, docs=(), insured=())
    return start + 30 * D


per_pack(share, "NINT21-11-share", "NINT16-11-share")


@case("NINT21-13-teacher")
def teacher(b: Builder, breach: bool) -> date:
    start = date(2025, 3, 10)
    setting(b, start).internship(start=start, teacher_on=start + (D if breach else 0 * D))
    return start + 30 * D


@case("NINT21-13-mentor")
def mentor(b: Builder, breach: bool) -> date:
    start = date(2025, 3, 10)
    setting(b, start).internship(start=start, mentor_on=start + (D if breach else 0 * D))
    return start + 30 * D


@case("NINT21-13-ratio")
def ratio(b: Builder, breach: bool) -> date:
    start = date(2025, 3, 10)
    s = setting(b, start, staff=1000)
    for i in range(31 if breach else 30):
        student = s.student if i == 0 else b.student(s.school)
        s.internship(start=start, student=student, docs=(), insured=(), mentor=None)
    return start + 10 * D


@case("P9-R3-two-plus-one")
def two_plus_one(b: Builder, breach: bool) -> date:
    start = date(2025, 3, 10)
    setting(b, start).internship(start=start, programme="two_plus_one",
                                 end=add_months(start, 6) - (2 * D if breach else D))
    return start + 30 * D


@case("P13-R3-stint")
def one_plus_one(b: Builder, breach: bool) -> date:
    start = date(2025, 3, 10)
    setting(b, start).internship(start=start, programme="one_plus_one",
                                 end=add_months(start, 1) - (2 * D if breach else D))
    return start + 30 * D


# --- P10: internships under a training-base agreement -----------------------------------


@case("P10-R3-plan")
def plan(b: Builder, breach: bool) -> date:
    start = date(2025, 3, 10)
    setting(b, start).internship(start=start, plan_on=start - (59 if breach else 60) * D)
    return start + 30 * D


@case("P10-R4-teacher")
def accompanying(b: Builder, breach: bool) -> date:
    start = date(2025, 3, 10)
    s = setting(b, start)
    s.internship(start=start, teacher=None if breach else s.teacher, teacher_on=start)
    return start + 30 * D


@case("P10-R5-equal-pay")
def equal_pay(b: Builder, breach: bool) -> date:
    start = date(2025, 3, 10)
    iid = setting(b, start).internship(start=start)
    b.pay(iid, start, start + 20 * D, "3999.99" if breach else "4000", "4000")
    return start + 60 * D


@case("P10-R6-evaluation")
def host_evaluation(b: Builder, breach: bool) -> date:
    start, done = date(2025, 3, 10), date(2025, 6, 30)
    iid = setting(b, start).internship(start=start)
    b.h("internship.complete", internship_id=iid, on=done)
    b.h("internship.evaluate", internship_id=iid, by="host", score="88", on=done + (31 if breach else 30) * D)
    return date(2025, 8, 15)


@case("P10-R7-documents")
def documents(b: Builder, breach: bool) -> date:
    start = date(2025, 3, 10)
    s = setting(b, start)
    s.internship(start=start, docs_on=start, docs=tuple(d for d in DOCS if not (breach and d == "id_copy")))
    return start + 30 * D


def leave(b: Builder, asked: date, first: date, *, approve_on: date | None, written: bool = True) -> tuple:
    start = date(2025, 3, 10)
    iid = setting(b, start).internship(start=start)
    b.h("internship.request-leave", internship_id=iid, asked_on=asked, first_day=first, last_day=first + D,
        written=written)
    if approve_on is not None:
        b.h("internship.decide-leave", internship_id=iid, request=0, approved=True, decided_on=approve_on)
    return iid


def quitting(b: Builder, asked: date, last: date, *, written: bool = True,
             approve_on: date | None = None) -> object:
    """An intern who asks to quit on ``asked`` and leaves for good on ``last``."""
    start = date(2025, 3, 10)
    iid = setting(b, start).internship(start=start)
    b.h("internship.request-quit", internship_id=iid, asked_on=asked, last_day=last, written=written)
    if approve_on is not None:
        b.h("internship.decide-quit", internship_id=iid, approved=True, decided_on=approve_on)
    b.h("internship.quit", internship_id=iid, on=last)
    return iid


@case("P10-R9-quit")
def quit_notice(b: Builder, breach: bool) -> date:
    last = date(2025, 4, 18)  # a written request exactly 7 days ahead, approved on the last day
    quitting(b, last - (6 if breach else 7) * D, last, approve_on=last)
    return date(2025, 4, 30)


@case("P10-R9-absence")
def absence(b: Builder, breach: bool) -> date:
    first = date(2025, 4, 8)
    iid = leave(b, first - 10 * D, first, approve_on=None if breach else first - 5 * D)
    b.h("internship.record-absence", internship_id=iid, day=first + D)  # the leave's last day
    return date(2025, 4, 30)


# --- N-EVD: attendance as a claim ----------------------------------------------------------


def days_from(start: date, n: int) -> list[date]:
    return [start + i * D for i in range(n)]


@case("NEVD-1-coordinates")
def coordinates(b: Builder, breach: bool) -> date:
    start = date(2025, 3, 10)
    iid = setting(b, start).internship(start=start)
    for i, day in enumerate(days_from(start, 10)):
        same = breach or i < 9
        b.attend(iid, day, location="24.93681,118.23120" if same else f"24.9368{i},118.2312{i}")
    return start + 30 * D


@case("NEVD-1-times")
def times(b: Builder, breach: bool) -> date:
    start = date(2025, 3, 10)
    iid = setting(b, start).internship(start=start)
    for i, day in enumerate(days_from(start, 10)):
        if breach or i < 9:
            b.clock.at(day, 8, second=6 * i)  # all within 54 seconds of 08:00
        else:
            b.clock.at(day, 15)
        b.attend(iid, day)
    return start + 30 * D


@case("NEVD-2-unpaid")
def unpaid(b: Builder, breach: bool) -> date:
    start = date(2025, 3, 10)
    iid = setting(b, start).internship(start=start)
    for day in days_from(start, 5):
        b.attend(iid, day)
    return start + (46 if breach else 45) * D  # 45 days' grace for the first day


@case("NEVD-3-makeup")
def makeup(b: Builder, breach: bool) -> date:
    start = date(2025, 3, 10)
    iid = setting(b, start).internship(start=start)
    for i, day in enumerate(days_from(start, 10)):
        b.attend(iid, day, channel="makeup" if i < (3 if breach else 2) else "app")
    return start + 30 * D


@case("NEVD-4-insurance")
def attendance_insured(b: Builder, breach: bool) -> date:
    start = date(2025, 3, 10)
    iid = setting(b, start).internship(start=start, insured=(start, start + 2 * D))
    for day in days_from(start, 4 if breach else 3):
        b.attend(iid, day)
    return start + 10 * D
