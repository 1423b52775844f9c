"""Histories for audit tests, built with real commands through the application.

``Builder`` keeps one application (a real SQLite file or PostgreSQL schema) and an
injectable clock, and offers short helpers whose defaults make a *compliant* history:
every shipped rule passes on it, so a test changes exactly the fact it is about.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from gtt_domain import GttApplication
from gtt_domain.audit import Finding, run_audit, shipped_packs
from gtt_domain.audit.periods import add_months

UTC = UTC
DOCS = ("tripartite_agreement", "student_consent", "guardian_consent", "recommendation_form",
        "student_status_record", "id_copy")


class Clock:
    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        current = self.now
        self.now = self.now + timedelta(seconds=1)
        return current

    def at(self, day: date, hour: int = 9, second: int = 0) -> None:
        self.now = datetime.combine(day, time(hour), tzinfo=UTC) + timedelta(seconds=second)


class Builder:
    def __init__(self, url: str, start: date = date(2010, 1, 1)):
        self.clock = Clock(datetime.combine(start, time(8), tzinfo=UTC))
        self.app = GttApplication(url, clock=self.clock, actor="auditor-test")
        self._n = 0

    def h(self, command: str, **fields: Any) -> UUID:
        data = {k: (str(v) if isinstance(v, UUID | date | Decimal) else v) for k, v in fields.items()}
        data = {k: ([str(x) if isinstance(x, UUID) else x for x in v] if isinstance(v, list) else v)
                for k, v in data.items()}
        return self.app.handle(data, name=command)

    def audit(self, rule_id: str, as_of: date, known_at: datetime | None = None) -> list[Finding]:
        return run_audit(self.app, as_of=as_of, known_at=known_at, rule_ids=[rule_id])

    # --- institutions and people ---------------------------------------------------

    def school(self, name: str = "Anxi Vocational", region: str = "Anxi", majors: tuple[str, ...] = ("AC01",),
               *, stage: str | None = "vocational_secondary", adopt: bool = True, **kw: Any) -> UUID:
        """A school (vocational by default) that adopted every shipped plan from 2010 on, so a
        plan rule applies to what it runs; ``adopt=False`` for one that adopted none."""
        sid = self.h("institution.register", kind="school", name=name, region=region,
                     **({"school_stage": stage} if stage else {}), **kw)
        for code in majors:  # examined by experts and employers first (P6-R7)
            self.h("institution.record-demonstration", institution_id=sid, code=code, on=self.clock.now.date(),
                   by="expert panel")
            self.h("institution.open-major", institution_id=sid, code=code, name=f"Major {code}")
        if adopt:
            self.adopt_plans(sid)
        return sid

    def adopt_plans(self, institution: UUID, since: date = date(2010, 1, 1)) -> None:
        for pack in shipped_packs():
            if pack.header.applies == "adoption":
                self.adopt(pack.header.id, since, institution_id=institution)

    def adopt(self, pack_id: str, since: date, until: date | None = None, **adopter: Any) -> UUID:
        return self.h("adoption.adopt", pack_id=pack_id, from_day=since,
                      **({"until": until} if until else {}), **adopter)

    def enterprise(self, name: str = "Gree AC", staff: int | None = 100, region: str = "Zhuhai") -> UUID:
        eid = self.h("institution.register", kind="enterprise", name=name, region=region)
        if staff is not None:
            self.h("institution.report-headcount", institution_id=eid, on_post_staff=staff,
                   as_of=date(2015, 1, 1))
        return eid

    def student(self, school: UUID, birth: date = date(2003, 1, 1), admitted: date = date(2022, 9, 1),
                major: str = "AC01") -> UUID:
        self._n += 1
        sid = self.h("person.register", kind="student", name=f"Student {self._n}",
                     home_institution_id=school, birth_date=birth)
        self.h("person.enrol", person_id=sid, institution_id=school, major_code=major,
               admitted_on=admitted)
        return sid

    def teacher(self, school: UUID, roles: dict[str, date] | None = None) -> UUID:
        self._n += 1
        tid = self.h("person.register", kind="teacher", name=f"Teacher {self._n}", home_institution_id=school)
        for role, since in (roles or {}).items():
            self.h("person.assign-role", person_id=tid, role=role, since=since)
        return tid

    # --- agreements ----------------------------------------------------------------

    def agreement(self, kind: str, school: UUID, host: UUID, start: date = date(2015, 1, 1),
                  end: date | None = date(2030, 12, 31), majors: list[str] | None = None,
                  obligations: list[dict[str, Any]] | None = None) -> UUID:
        aid = self.h("agreement.draft", kind=kind, title=f"{kind} agreement", drafted_on=start,
                     term_start=start, term_end=end, majors=majors or [],
                     parties=[{"party_id": str(school), "role": "school"},
                              {"party_id": str(host), "role": "enterprise"}],
                     obligations=obligations or [])
        for party in (school, host):
            self.h("agreement.sign", agreement_id=aid, party_id=party, on=start)
        self.h("agreement.activate", agreement_id=aid, on=start)
        return aid

    # --- internships ---------------------------------------------------------------

    def internship(
        self, school: UUID, host: UUID, student: UUID, *, start: date = date(2025, 3, 10),
        end: date | None = None, kind: str = "post", programme: str = "none",
        post_category: str = "ordinary", agreement: UUID | None = None,
        plan_on: date | None = None, docs_on: date | None = None, docs: tuple[str, ...] = DOCS,
        insured: tuple[date, date] | None = None, teacher: UUID | None = None,
        teacher_on: date | None = None, mentor: UUID | None = None, mentor_on: date | None = None,
        started: bool = True,
    ) -> UUID:
        end = end or add_months(start, 6) - timedelta(days=1)
        iid = self.h("internship.place", student_id=student, school_id=school, host_id=host,
                     kind=kind, programme=programme, post="assembly", post_category=post_category,
                     planned_start=start, planned_end=end,
                     **({"agreement_id": str(agreement)} if agreement else {}))
        self.h("internship.agree-plan", internship_id=iid, agreed_on=plan_on or start - timedelta(days=70))
        for d in docs:
            self.h("internship.provide-document", internship_id=iid, doc=d,
                   provided_on=docs_on or start - timedelta(days=10))
        cover = insured if insured is not None else (start - timedelta(days=10), start + timedelta(days=400))
        if cover:
            self.h("internship.provide-document", internship_id=iid, doc="insurance_policy",
                   provided_on=min(cover[0], start - timedelta(days=10)), cover_from=cover[0], cover_to=cover[1])
        if teacher is not None:
            self.h("internship.assign-teacher", internship_id=iid, teacher_id=teacher,
                   on=teacher_on or start - timedelta(days=5))
        if mentor is not None:
            self.h("internship.assign-mentor", internship_id=iid, mentor_id=mentor,
                   on=mentor_on or start - timedelta(days=5))
        if started:
            self.h("internship.start", internship_id=iid, on=start)
        return iid

    def attend(self, iid: UUID, day: date, hours: str = "8", **kw: Any) -> None:
        self.h("internship.record-attendance", internship_id=iid, day=day, hours=hours, **kw)

    def pay(self, iid: UUID, start: date, end: date, amount: str, wage: str = "4000", **kw: Any) -> None:
        self.h("internship.record-pay", internship_id=iid, period_start=start, period_end=end,
               amount=amount, regular_wage=wage, paid_on=end + timedelta(days=5), **kw)


class Setting:
    """A school, a host, a teacher, a mentor and a student: the usual cast."""

    def __init__(self, b: Builder, *, agreement_kind: str | None = "training_base", staff: int = 100,
                 birth: date = date(2003, 1, 1), admitted: date = date(2022, 9, 1)):
        self.b = b
        self.school = b.school()
        self.host = b.enterprise(staff=staff)
        self.teacher = b.teacher(self.school)
        self.mentor = b.h("person.register", kind="enterprise_staff", name="Mentor", home_institution_id=self.host)
        self.student = b.student(self.school, birth=birth, admitted=admitted)
        self.agreement = b.agreement(agreement_kind, self.school, self.host) if agreement_kind else None

    def internship(self, **kw: Any) -> UUID:
        defaults: dict[str, Any] = {"agreement": self.agreement, "teacher": self.teacher, "mentor": self.mentor}
        defaults.update(kw)
        student = defaults.pop("student", self.student)
        return self.b.internship(self.school, self.host, student, **defaults)
