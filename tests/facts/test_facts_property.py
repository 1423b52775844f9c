"""Promise 2 for audits and scorecards: the bitemporal fact tables answer exactly what a
replay of the log answers, for any date and any moment of knowledge.

Hypothesis generates histories through the real application: late-recorded facts (dated
long before they are recorded, and out of order), back-dated metadata, corrections,
withdrawals, decisions on requests, refusals the aggregates make. The fact projections
process them in random batch sizes, part before and part after more events arrive (the
between-batch cache is exercised), and a rebuild from zero must leave the same rows. Then,
for random ``as_of`` / ``known_at``, every subject's facts, every finding and every
scorecard of every family must equal the replay's.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from facts_oracle import compare, fact_model
from gtt_projections.facts import FACT_PROJECTIONS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from gtt_domain import GttApplication, GttError
from gtt_domain.audit import run_audit

BASE = date(2025, 2, 1)
DOCS = ("tripartite_agreement", "student_consent", "guardian_consent", "recommendation_form",
        "student_status_record", "id_copy", "insurance_policy")


class Clock:
    """The recording clock: only moves forward (a store's recorded times do)."""

    def __init__(self) -> None:
        self.now = datetime(2025, 1, 20, 8, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now

    def advance(self, days: int, hours: int) -> None:
        self.now += timedelta(days=days, hours=hours)


class History:
    """A small cast and the ids a generated operation may refer to."""

    def __init__(self, url: str):
        self.clock = Clock()
        self.app = GttApplication(url, clock=self.clock, actor="gen")
        self.refused = 0
        h = self.handle
        self.school = h("institution.register", kind="school", name="Anxi Vocational", region="Anxi",
                        school_stage="vocational_secondary")
        h("institution.open-major", institution_id=self.school, code="AC01", name="Air conditioning",
          department="Refrigeration")
        self.hosts = [h("institution.register", kind="enterprise", name=f"Host {i}", region="Zhuhai")
                      for i in range(2)]
        h("institution.report-headcount", institution_id=self.hosts[0], on_post_staff=20, as_of=date(2024, 1, 1))
        self.branch = h("institution.register", kind="school", name="Longmen Central", region="Anxi",
                        locality="rural")
        self.teacher = h("person.register", kind="teacher", name="T", home_institution_id=self.school)
        self.mentor = h("person.register", kind="enterprise_staff", name="M", home_institution_id=self.hosts[0])
        self.students = []
        for i, born in enumerate((date(2009, 6, 1), date(2005, 3, 10), date(2004, 1, 1))):
            sid = h("person.register", kind="student", name=f"S{i}", home_institution_id=self.school,
                    birth_date=born, sex="female" if i == 1 else "male")
            h("person.enrol", person_id=sid, institution_id=self.school, major_code="AC01",
              admitted_on=date(2023, 9, 1), department="Refrigeration")
            self.students.append(sid)
        self.agreement = h("agreement.draft", kind="training_base", title="Base", drafted_on=date(2024, 6, 1),
                           term_start=date(2024, 7, 1), term_end=date(2027, 6, 30), majors=["AC01"],
                           parties=[{"party_id": str(self.school), "role": "school"},
                                    {"party_id": str(self.hosts[0]), "role": "enterprise"}],
                           obligations=[{"obligation_id": "review", "description": "quarterly review",
                                         "obligor": str(self.hosts[0]), "cadence": "per_quarter",
                                         "quantity": "1"}])
        for party in (self.school, self.hosts[0]):
            h("agreement.sign", agreement_id=self.agreement, party_id=party, on=date(2024, 6, 20))
        h("agreement.activate", agreement_id=self.agreement, on=date(2024, 7, 1))
        self.group = h("community.establish", kind="education_group", name="Group", region="Anxi",
                       core_institution_id=self.school, established_on=date(2024, 9, 1))
        h("community.join", community_id=self.group, institution_id=self.branch, on=date(2024, 9, 1), role="branch")
        self.exchange = h("exchange.plan", person_id=self.teacher, sending_id=self.school, host_id=self.branch,
                          kind="support_teaching", community_id=self.group,
                          planned_start=date(2025, 3, 1), planned_end=date(2026, 2, 28))
        self.internships: list[Any] = []
        self.activities = 0
        # plans bind where adopted: the school adopts P10 and P6, the agreement P13, the group P1
        h("adoption.adopt", pack_id="P10", institution_id=self.school, from_day=date(2024, 9, 1))
        h("adoption.adopt", pack_id="P6", institution_id=self.school, from_day=date(2024, 9, 1))
        h("adoption.adopt", pack_id="P13", agreement_id=self.agreement, from_day=date(2024, 9, 1))
        h("adoption.adopt", pack_id="P1", community_id=self.group, from_day=date(2024, 9, 1))
        for i, start in enumerate((date(2025, 3, 3), date(2025, 4, 14))):  # two placements under way
            iid = h("internship.place", student_id=self.students[i], school_id=self.school,
                    host_id=self.hosts[0], agreement_id=self.agreement, kind="post", programme="none",
                    post="assembly", post_category="ordinary", planned_start=start,
                    planned_end=start + timedelta(days=120))
            h("internship.provide-document", internship_id=iid, doc="insurance_policy",
              provided_on=start - timedelta(days=5), cover_from=start, cover_to=start + timedelta(days=60))
            h("internship.start", internship_id=iid, on=start)
            for d in range(0, 21, 2 + i):
                h("internship.record-attendance", internship_id=iid, day=start + timedelta(days=d),
                  hours=str(8 + d % 3), night_shift=d % 7 == 0, channel="makeup" if d % 5 == 0 else "app")
            h("internship.record-pay", internship_id=iid, period_start=start, period_end=start + timedelta(days=29),
              amount="2500", regular_wage="4000", paid_on=start + timedelta(days=35))  # corrected by fix_pay
            h("internship.evaluate", internship_id=iid, by="host", score="80", on=start + timedelta(days=20))
            self.internships.append(iid)

    def handle(self, command: str, /, effective_at: datetime | None = None, **fields: Any) -> Any:
        data = {k: _plain(v) for k, v in fields.items()}
        try:
            return self.app.handle(data, name=command, effective_at=effective_at)
        except GttError:
            self.refused += 1  # the aggregate refused what cannot be true: recorded nowhere
            return None


def _plain(v: Any) -> Any:
    if isinstance(v, uuid.UUID | date | Decimal):
        return str(v)
    if isinstance(v, list):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    return v


days = st.integers(min_value=0, max_value=200).map(lambda n: BASE + timedelta(days=n))
OPS = ("place", "start", "attend", "attend", "attend", "attend", "attend", "correct", "absence", "leave", "decide", "pay",
       "fee", "doc", "withdraw", "hold", "give_back", "evaluate", "complete", "terminate", "hire",
       "x_file", "x_start", "x_log", "x_assess", "x_complete", "activity", "funding", "member_leave",
       "suspend", "resume", "fulfil", "transfer", "role", "headcount", "quality",
       "quit_request", "quit_decide", "quit", "adopt", "end_adopt", "calendar", "exempt", "answer",
       "answer", "weak", "post_staff", "intermediary", "pair", "unpair", "plaque", "council", "certify",
       "demonstrate", "fix_pay", "fix_pay", "fix_leave", "fix_eval", "fix_eval", "fix_activity", "fix_funding",
       "fix_fulfil", "fix_days", "fix_days", "pay", "evaluate", "x_log", "funding", "add_kind")
PACKS = ("P10", "P6", "P1", "P13", "P7", "P8-P9")
ANSWERS = ("ack", "dispute", "waive", "remedy", "close", "assign", "reopen")


@st.composite
def operations(draw: Any) -> list[tuple[Any, ...]]:
    n = draw(st.integers(min_value=10, max_value=45))
    return [(draw(st.sampled_from(OPS)), draw(days), draw(st.integers(0, 6)), draw(st.integers(0, 30)),
             draw(st.integers(0, 9)), draw(st.booleans()), draw(st.integers(0, 9)),
             draw(st.booleans()) and draw(days))  # the last: an explicit, possibly odd, effective date
            for _ in range(n)]


def apply(hist: History, op: tuple[Any, ...]) -> None:  # noqa: C901 - one branch per operation
    kind, day, a, jump, pick, flag, m, odd = op
    hist.clock.advance(jump % 5, jump)  # recording moves on; facts are often dated well before
    eff = datetime.combine(odd, time(0), tzinfo=UTC) if odd else None
    h = hist.handle
    iid = hist.internships[pick % len(hist.internships)] if hist.internships else None
    if kind == "place":
        new = h("internship.place", student_id=hist.students[pick % 3], school_id=hist.school,
                host_id=hist.hosts[pick % 2], agreement_id=hist.agreement if flag else None, kind="post",
                programme=("two_plus_one", "none", "none", "order_class", "one_half_half_one")[m % 5],
                post="assembly" if a < 4 else "welding",
                post_category="night_work" if m == 7 else "ordinary", planned_start=day,
                planned_end=day + timedelta(days=60 + 30 * a), effective_at=eff)
        if new is not None:
            hist.internships.append(new)
        return
    if kind == "adopt":  # plans bind where adopted: the school, the agreement or the group
        target = ({"institution_id": hist.school}, {"agreement_id": hist.agreement},
                  {"community_id": hist.group})[m % 3]
        h("adoption.adopt", pack_id=PACKS[pick % len(PACKS)], from_day=day - timedelta(days=90 * a),
          effective_at=eff, **target)
        return
    if kind == "end_adopt":
        h("adoption.end", pack_id=PACKS[pick % len(PACKS)], institution_id=hist.school, until=day, effective_at=eff)
        return
    if kind == "calendar":
        h("calendar.set", institution_id=hist.school if flag else hist.branch, entry="break" if m > 5 else "term",
          label=f"{'break' if m > 5 else 'term'} {a}", first_day=day, last_day=day + timedelta(days=20 + 10 * a),
          effective_at=eff)
        return
    if kind == "exempt":
        h("exemption.file", kind=("night_shift", "overtime", "statutory_holiday", "high_risk_post")[m % 4],
          authority="county bureau", reference=f"EX-{pick}", filed_on=day, school_id=hist.school,
          host_ids=[hist.hosts[pick % 2]], from_day=day - timedelta(days=30), until=day + timedelta(days=60 * a),
          effective_at=eff)
        return
    if kind == "weak":
        h("community.rate-branch", community_id=hist.group, institution_id=hist.branch, on=day,
          weak=flag, basis="results", effective_at=eff)
        return
    if kind == "answer":  # answer a finding the replay sees now (its case is a fact like any other)
        found = run_audit(hist.app)
        if not found:
            return
        x = found[pick % len(found)]
        step = ANSWERS[m % len(ANSWERS)]
        who = {"key": x.key, "rule_id": x.rule_id, "subject_kind": x.subject_kind, "subject_id": x.subject_id}
        extra = {"ack": {}, "close": {}, "dispute": {"reason": "not us"}, "reopen": {"reason": "again"},
                 "waive": {"authority": "bureau", "reason": "pilot", "until": day + timedelta(days=30 * a)},
                 "remedy": {"evidence": "copy filed", "on": day}, "assign": {"assignee": "office"}}[step]
        h(f"finding.{step}", effective_at=eff, **who, **extra)
        return
    if iid is None:
        return
    if kind == "start":
        h("internship.start", internship_id=iid, on=day, effective_at=eff)
    elif kind == "attend":
        h("internship.record-attendance", internship_id=iid, day=day, hours=str(6 + a), night_shift=flag and m > 6,
          statutory_holiday=m == 3, overtime_hours="1" if m == 4 else "0", channel="makeup" if m == 5 else "app",
          location="24.9,118.1" if m < 5 else None, effective_at=eff)
    elif kind == "correct":
        h("internship.correct-attendance", internship_id=iid, day=day, hours=str(4 + a),
          night_shift=flag, effective_at=eff)
    elif kind == "absence":
        h("internship.record-absence", internship_id=iid, day=day, reason="ill" if flag else None, effective_at=eff)
    elif kind == "leave":
        h("internship.request-leave", internship_id=iid, asked_on=day, first_day=day + timedelta(days=a),
          last_day=day + timedelta(days=a + m), written=flag, effective_at=eff)
    elif kind == "decide":
        h("internship.decide-leave", internship_id=iid, request=m % 3, approved=flag,
          decided_on=day, effective_at=eff)
    elif kind == "pay":
        h("internship.record-pay", internship_id=iid, period_start=day, period_end=day + timedelta(days=20 + 10 * a),
          amount=str(2000 + 300 * m), regular_wage="4000", paid_on=day + timedelta(days=35),
          paid_directly=not (flag and m > 7), effective_at=eff)
    elif kind == "fee":
        h("internship.charge-fee", internship_id=iid, amount=str(50 + m), charged_on=day, description="uniform",
          effective_at=eff)
    elif kind == "doc":
        doc = DOCS[m % len(DOCS)]
        cover = {"cover_from": day, "cover_to": day + timedelta(days=30 * (a + 1))} if doc == "insurance_policy" else {}
        h("internship.provide-document", internship_id=iid, doc=doc, provided_on=day, effective_at=eff, **cover)
    elif kind == "withdraw":
        h("internship.withdraw-document", internship_id=iid, doc=DOCS[m % len(DOCS)], withdrawn_on=day,
          effective_at=eff)
    elif kind == "hold":
        h("internship.hold-document", internship_id=iid, doc="id_card", since=day, effective_at=eff)
    elif kind == "give_back":
        h("internship.return-document", internship_id=iid, doc="id_card", on=day, effective_at=eff)
    elif kind == "evaluate":
        h("internship.evaluate", internship_id=iid, by="host" if flag else "school", score=str(60 + 4 * m), on=day,
          effective_at=eff)
    elif kind == "complete":
        h("internship.complete", internship_id=iid, on=day, effective_at=eff)
    elif kind == "terminate":
        h("internship.terminate", internship_id=iid, on=day, reason="quit", effective_at=eff)
    elif kind == "quit_request":
        h("internship.request-quit", internship_id=iid, asked_on=day, last_day=day + timedelta(days=a + m),
          written=flag, effective_at=eff)
    elif kind == "quit_decide":
        h("internship.decide-quit", internship_id=iid, approved=flag, decided_on=day, effective_at=eff)
    elif kind == "quit":
        h("internship.quit", internship_id=iid, on=day, effective_at=eff)
    elif kind == "hire":
        h("internship.hire", internship_id=iid, on=day, effective_at=eff)
    elif kind == "x_file":
        h("exchange.file", exchange_id=hist.exchange, authority="bureau", filed_on=day, effective_at=eff)
    elif kind == "x_start":
        h("exchange.start", exchange_id=hist.exchange, on=day, effective_at=eff)
    elif kind == "x_log":
        h("exchange.log-days", exchange_id=hist.exchange, from_day=day, to_day=day + timedelta(days=a),
          days=a + 1, effective_at=eff)
    elif kind == "x_assess":
        h("exchange.assess", exchange_id=hist.exchange, on=day, result="good" if flag else "pass", effective_at=eff)
    elif kind == "x_complete":
        h("exchange.complete", exchange_id=hist.exchange, on=day, effective_at=eff)
    elif kind == "activity":
        hist.activities += 1
        h("community.record-activity", community_id=hist.group, activity_id=f"a{hist.activities}",
          kind="research_activity" if flag else "shadow_day", held_on=day, participants=[hist.teacher],
          record="minutes" if m > 2 else "", effective_at=eff)
    elif kind == "funding":
        h("community.record-funding", community_id=hist.group, amount=str(50000 * (m + 1)), received_on=day,
          source="county", effective_at=eff)
    elif kind == "member_leave":
        h("community.leave", community_id=hist.group, institution_id=hist.branch, on=day, effective_at=eff)
    elif kind == "suspend":
        h("agreement.suspend", agreement_id=hist.agreement, on=day, reason="audit", effective_at=eff)
    elif kind == "resume":
        h("agreement.resume", agreement_id=hist.agreement, on=day, effective_at=eff)
    elif kind == "fulfil":
        h("agreement.record-fulfilment", agreement_id=hist.agreement, obligation_id="review", on=day,
          quantity="1", effective_at=eff)
    elif kind == "transfer":
        h("person.transfer", person_id=hist.teacher, institution_id=hist.branch if flag else hist.school,
          on=day, effective_at=eff)
    elif kind == "role":
        h("person.assign-role", person_id=hist.teacher, role="backbone_teacher", since=day, effective_at=eff)
    elif kind == "headcount":
        h("institution.report-headcount", institution_id=hist.hosts[pick % 2], on_post_staff=5 + 10 * m,
          as_of=day, effective_at=eff)
    elif kind == "post_staff":
        h("institution.report-post-headcount", institution_id=hist.hosts[pick % 2], post="assembly",
          staff=2 + m, as_of=day, effective_at=eff)
    elif kind == "intermediary":
        h("institution.record-intermediary", institution_id=hist.hosts[pick % 2],
          **({"kind": "labour_dispatch"} if flag else {}), on=day, basis="licence", effective_at=eff)
    elif kind == "pair":
        h("community.pair-teachers", community_id=hist.group, mentor_id=hist.teacher,
          mentee_id=hist.students[m % 3] if flag else hist.mentor, on=day, effective_at=eff)
    elif kind == "unpair":
        h("community.end-pair", community_id=hist.group, mentor_id=hist.teacher,
          mentee_id=hist.students[m % 3] if flag else hist.mentor, on=day, effective_at=eff)
    elif kind == "plaque":
        h("community.hang-plaque", community_id=hist.group, institution_id=hist.branch, on=day, effective_at=eff)
    elif kind == "council":
        h("community.assign-role", community_id=hist.group, person_id=hist.teacher, role="council_chair",
          since=day, effective_at=eff)
    elif kind == "certify":
        h("internship.record-certification", internship_id=iid, exam="L4", passed=flag, on=day, effective_at=eff)
    elif kind == "demonstrate":
        h("institution.record-demonstration", institution_id=hist.school, code="AC01", on=day, by="panel",
          effective_at=eff)
    elif kind == "add_kind":
        h("agreement.add-kind", agreement_id=hist.agreement, kind=("work_study", "order_training")[m % 2], on=day,
          effective_at=eff)
    elif kind.startswith("fix_"):
        fix(hist, kind, iid, day, a, flag, m, eff)
    elif kind == "quality":
        h("institution.assess-quality", institution_id=hist.branch, year=2023 + a % 3, score=str(70 + m),
          assessor="bureau", effective_at=eff)


def fix(hist: History, kind: str, iid: Any, day: date, a: int, flag: bool, m: int, eff: datetime | None) -> None:
    """Corrections and retractions (issue 19); ``eff`` may set an odd effective time."""
    h = hist.handle
    why = {"reason": "checked against the paper record", "effective_at": eff}
    retract = {"retract": True} if m > 6 else {}
    if kind == "fix_pay":
        h("internship.correct-pay", internship_id=iid, item=1 + a % 2 * int(flag), amount=str(1000 + 500 * m), **retract, **why)
    elif kind == "fix_leave":
        h("internship.correct-leave", internship_id=iid, request=a % 2, last_day=day + timedelta(days=m),
          **retract, **why)
    elif kind == "fix_eval":
        h("internship.correct-evaluation", internship_id=iid, item=1 + a % 2, by="school" if flag else "host",
          score=str(50 + 5 * m), **retract, **why)
    elif kind == "fix_activity":
        h("community.correct-activity", community_id=hist.group, activity_id=f"a{1 + m % max(hist.activities, 1)}",
          held_on=day, record="minutes" if flag else "", **retract, **why)
    elif kind == "fix_funding":
        h("community.correct-funding", community_id=hist.group, item=1 + a % 2, amount=str(40000 * (m + 1)),
          received_on=day if flag else None, **retract, **why)
    elif kind == "fix_fulfil":
        h("agreement.correct-fulfilment", agreement_id=hist.agreement, item=1 + a % 3, on=day, **retract, **why)
    elif kind == "fix_days":  # a span as logged (the latest state names them)
        spans = hist.app.repository.get(hist.exchange).on_site
        if spans:
            span = spans[m % len(spans)]
            h("exchange.correct-days", exchange_id=hist.exchange, from_day=span.from_day,
              days=m % ((span.to_day - span.from_day).days + 1), **retract, **why)


def dump_facts(rm: Any) -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    with rm.connect() as conn:
        for cls in FACT_PROJECTIONS:
            for table in cls.tables:
                out[table.name] = sorted(tuple(str(v) for v in r) for r in conn.execute(select(table)))
    return out


def check(url: str, ops: list[tuple[Any, ...]], split: int, batch: int, bounds: list[tuple[Any, ...]]) -> None:
    hist = History(url)
    rm = fact_model(hist.app)
    try:
        cut = split % (len(ops) + 1)
        for op in ops[:cut]:
            apply(hist, op)
        rm.catch_up(batch_size=batch)  # part of the history now, the rest incrementally
        for op in ops[cut:]:
            apply(hist, op)
        rm.catch_up(batch_size=batch)
        incremental = dump_facts(rm)
        rm.rebuild(batch_size=1000)
        assert dump_facts(rm) == incremental, "a rebuild from zero left other rows than incremental processing"
        end = hist.clock.now
        for as_of_days, known_hours in bounds:
            as_of = None if as_of_days is None else BASE + timedelta(days=as_of_days)
            known_at = None if known_hours is None else datetime(2025, 1, 20, tzinfo=UTC) + timedelta(hours=known_hours)
            if known_at is not None and known_at > end:
                known_at = end
            diffs = compare(hist.app, rm, as_of, known_at)
            assert not diffs, f"as_of={as_of} known_at={known_at}:\n" + "\n".join(diffs[:15])
    finally:
        rm.close()
        hist.app.close()


bounds = st.lists(st.tuples(st.one_of(st.none(), st.integers(-10, 260)),
                            st.one_of(st.none(), st.integers(0, 24 * 120))), min_size=2, max_size=3)
HYPOTHESIS = settings(max_examples=25, deadline=None, derandomize=False,
                      suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                             HealthCheck.data_too_large])


@HYPOTHESIS
@given(ops=operations(), split=st.integers(0, 60), batch=st.integers(1, 40), bounds=bounds)
def test_fact_tables_answer_as_the_replay_on_sqlite(tmp_path, ops, split, batch, bounds):
    check(f"sqlite:///{tmp_path / f'{uuid.uuid4().hex}.sqlite3'}", ops, split, batch, bounds)


@pytest.mark.postgres
@settings(HYPOTHESIS, max_examples=8)
@given(ops=operations(), split=st.integers(0, 60), batch=st.integers(1, 40), bounds=bounds)
def test_fact_tables_answer_as_the_replay_on_postgres(pg_url, ops, split, batch, bounds):
    # one schema for the test: each example gets its own application name space by id
    import psycopg

    schema = "f_" + uuid.uuid4().hex[:12]
    base, _, _ = pg_url.partition("?")
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        check(f"{base}?schema={schema}", ops, split, batch, bounds)
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
