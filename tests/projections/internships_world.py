"""Helpers for internship read-side tests: a small world and generated internship steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from hypothesis import strategies as st

from gtt_domain.application import GttApplication
from gtt_domain.commands import internship as c
from gtt_domain.commands.institution import OpenMajor, RegisterInstitution
from gtt_domain.commands.person import EnrolInMajor, RegisterPerson
from gtt_domain.domain.errors import GttError

START = date(2025, 3, 10)


@dataclass
class World:
    app: GttApplication
    school: UUID
    hosts: list[UUID]
    students: list[UUID]
    teacher: UUID
    mentor: UUID
    internships: list[UUID] = field(default_factory=list)


def world(app: GttApplication) -> World:
    """A school with two majors, two hosts, two students (enrolled), a teacher and a mentor."""
    school = app.handle(RegisterInstitution(kind="school", name="Anxi Vocational", region="Anxi"))
    hosts = [app.handle(RegisterInstitution(kind="enterprise", name=n, region="Zhuhai"))
             for n in ("Gree AC", "Tea Co")]
    for code in ("660301", "530701"):
        app.handle(OpenMajor(institution_id=school, code=code, name=f"Major {code}"))
    students = [app.handle(RegisterPerson(kind="student", name=n, home_institution_id=school))
                for n in ("Lin Xiaoyu", "Wang Fang")]
    for s, code in zip(students, ("660301", "530701"), strict=True):
        app.handle(EnrolInMajor(person_id=s, institution_id=school, major_code=code,
                                admitted_on=date(2023, 9, 1)))
    teacher = app.handle(RegisterPerson(kind="teacher", name="Chen Hua", home_institution_id=school))
    mentor = app.handle(RegisterPerson(kind="enterprise_staff", name="Zhou Li", home_institution_id=hosts[0]))
    return World(app, school, hosts, students, teacher, mentor)


def place(w: World, student: int = 0, host: int = 0, **kw: object) -> UUID:
    fields: dict[str, object] = dict(
        student_id=w.students[student], school_id=w.school, host_id=w.hosts[host], kind="post",
        programme="two_plus_one", post="AC assembly", planned_start=START,
        planned_end=START + timedelta(days=120))
    fields.update(kw)
    iid = w.app.handle(c.PlaceIntern(**fields))
    w.internships.append(iid)
    return iid


def day(n: int) -> date:
    return START + timedelta(days=n)


small = st.integers(0, 25)
idx = st.integers(0, 3)
hours = st.decimals(0, 12, places=2, allow_nan=False, allow_infinity=False)
DOCS = ["insurance_policy", "guardian_consent", "tripartite_agreement"]

days = st.integers(0, 8)
attend = st.tuples(st.just("attend"), idx, days, hours, st.booleans(), st.booleans(), st.booleans())
step = st.one_of(
    st.tuples(st.just("place"), st.integers(0, 1), st.integers(0, 1),
              st.sampled_from(["post", "observation"]), st.integers(-5, 5)),
    st.tuples(st.just("agree_plan"), idx, st.integers(-20, 0)),
    st.tuples(st.just("provide"), idx, st.sampled_from(DOCS), small),
    st.tuples(st.just("withdraw"), idx, st.sampled_from(DOCS), small),
    st.tuples(st.just("teacher"), idx),
    st.tuples(st.just("mentor"), idx),
    st.tuples(st.just("start"), idx, st.integers(0, 3)),
    attend,
    st.tuples(st.just("correct"), idx, days, st.none() | hours, st.none() | st.booleans()),
    st.tuples(st.just("absence"), idx, small),
    st.tuples(st.just("leave"), idx, small, st.integers(0, 3)),
    st.tuples(st.just("decide"), idx, st.integers(0, 2), st.booleans()),
    st.tuples(st.just("pay"), idx, st.decimals(0, 5000, places=2), st.decimals(0, 5000, places=2)),
    st.tuples(st.just("fee"), idx, st.decimals(1, 500, places=2)),
    st.tuples(st.just("incident"), idx, small),
    st.tuples(st.just("evaluate"), idx, st.sampled_from(["host", "school"]),
              st.decimals(0, 100, places=2)),
    st.tuples(st.just("certify"), idx, st.booleans()),
    st.tuples(st.just("complete"), idx, small),
    st.tuples(st.just("terminate"), idx, small),
    st.tuples(st.just("hire"), idx),
    st.tuples(st.just("enrol"), st.integers(0, 1), st.sampled_from(["660301", "530701"])),
)


def to_command(w: World, s: tuple) -> c.Command | EnrolInMajor | None:  # noqa: C901, PLR0911
    """The command a generated step stands for (None when there is nothing to act on)."""
    op = s[0]
    if op == "enrol":
        return EnrolInMajor(person_id=w.students[s[1]], institution_id=w.school, major_code=s[2],
                            admitted_on=date(2024, 9, 1))
    if op == "place" or not w.internships:
        return None
    iid = w.internships[s[1] % len(w.internships)]
    if op == "agree_plan":
        return c.AgreePlan(internship_id=iid, agreed_on=day(s[2]))
    if op == "provide":
        cover = {"cover_from": day(s[3]), "cover_to": day(s[3] + 90)} if s[2] == DOCS[0] else {}
        return c.ProvideDocument(internship_id=iid, doc=s[2], provided_on=day(s[3]), **cover)
    if op == "withdraw":
        return c.WithdrawDocument(internship_id=iid, doc=s[2], withdrawn_on=day(s[3]))
    if op == "teacher":
        return c.AssignAccompanyingTeacher(internship_id=iid, teacher_id=w.teacher, on=START)
    if op == "mentor":
        return c.AssignMentor(internship_id=iid, mentor_id=w.mentor, on=START)
    if op == "start":
        return c.StartInternship(internship_id=iid, on=day(s[2]))
    if op == "attend":
        return c.RecordAttendance(internship_id=iid, day=day(s[2]), hours=s[3], night_shift=s[4],
                                  statutory_holiday=s[5], attested_by_host=s[6],
                                  overtime_hours=min(s[3], Decimal(1)))
    if op == "correct":
        return c.CorrectAttendance(internship_id=iid, day=day(s[2]), hours=s[3], night_shift=s[4])
    if op == "absence":
        return c.RecordAbsence(internship_id=iid, day=day(s[2]), reason="sick")
    if op == "leave":
        return c.RequestLeave(internship_id=iid, asked_on=day(s[2]), first_day=day(s[2] + s[3]),
                              last_day=day(s[2] + s[3] + 1))
    if op == "decide":
        return c.DecideLeave(internship_id=iid, request=s[2], approved=s[3], decided_on=day(30))
    if op == "pay":
        return c.RecordPay(internship_id=iid, period_start=START, period_end=day(30), amount=s[2],
                           regular_wage=s[3], paid_on=day(35))
    if op == "fee":
        return c.ChargeFee(internship_id=iid, amount=s[2], charged_on=START, description="deposit")
    if op == "incident":
        return c.ReportIncident(internship_id=iid, on=day(s[2]), description="cut", severity="minor")
    if op == "evaluate":
        return c.EvaluateInternship(internship_id=iid, by=s[2], score=s[3], on=day(40))
    if op == "certify":
        return c.RecordCertification(internship_id=iid, exam="AC L4", passed=s[2], on=day(50))
    if op == "complete":
        return c.CompleteInternship(internship_id=iid, on=day(s[2]))
    if op == "terminate":
        return c.TerminateInternship(internship_id=iid, on=day(s[2]), reason="returned")
    if op == "hire":
        return c.Hire(internship_id=iid, on=day(60))
    raise AssertionError(op)


def run_step(w: World, s: tuple) -> bool:
    """Apply a generated step; False when it was refused or had nothing to act on."""
    try:
        if s[0] == "place":
            place(w, student=s[1], host=s[2], kind=s[3], planned_start=day(s[4]))
            return True
        cmd = to_command(w, s)
        if cmd is None:
            return False
        w.app.handle(cmd)
    except GttError:
        return False
    return True
