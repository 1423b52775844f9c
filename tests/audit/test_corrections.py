"""Every fact can be corrected (issue 19): pay, leave, evaluations, activities, funding,
fulfilments, days on site and scores. Each correction keeps the original in the log, says
who corrected what and why, and is read as known at each moment: an audit as known before
the correction gives the original's finding, as known after it the corrected one. The
fact tables answer the same as the replay."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from audit_world import Builder, Setting
from cases_bodies import activity, community, exchange, group
from gtt_projections import ReadModel
from gtt_projections.facts import FACT_PROJECTIONS
from gtt_projections.facts.audit import run_audit as facts_audit

from gtt_domain.audit import run_audit
from gtt_domain.domain.errors import GttError
from gtt_domain.evaluation import evaluation_period
from gtt_domain.evaluation.run import evaluate

D = timedelta(days=1)

#: a history, the rule it is audited by, the audit date; returns the correction to make
Story = Callable[[Builder], tuple[str, date, Callable[[], Any]]]
STORIES: dict[str, tuple[Story, bool]] = {}  # kind -> (story, whether the correction clears the finding)


def story(kind: str, *, clears: bool) -> Callable[[Story], Story]:
    def deco(fn: Story) -> Story:
        STORIES[kind] = (fn, clears)
        return fn
    return deco


@story("pay", clears=True)
def pay(b: Builder) -> tuple[str, date, Callable[[], Any]]:
    s = Setting(b)
    start = date(2025, 3, 10)
    iid = s.internship(start=start)
    b.attend(iid, start)
    b.pay(iid, start, start + 29 * D, "2300", wage="4000")  # 57.5%: below 80%
    return "NINT21-7-pay", date(2025, 5, 1), lambda: b.h(
        "internship.correct-pay", internship_id=iid, item=1, amount="3200", reason="payslip misread")


@story("pay-retracted", clears=True)
def pay_retracted(b: Builder) -> tuple[str, date, Callable[[], Any]]:
    s = Setting(b)
    start = date(2025, 3, 10)
    iid = s.internship(start=start)
    b.pay(iid, start, start + 29 * D, "3500", wage="4000")
    b.pay(iid, start, start + 29 * D, "100", wage="4000")  # entered twice, the second wrongly
    return "NINT21-7-pay", date(2025, 5, 1), lambda: b.h(
        "internship.correct-pay", internship_id=iid, item=2, retract=True, reason="duplicate entry")


@story("leave", clears=False)
def leave(b: Builder) -> tuple[str, date, Callable[[], Any]]:
    s = Setting(b)
    start = date(2025, 3, 10)
    iid = s.internship(start=start)
    b.h("internship.request-leave", internship_id=iid, asked_on=date(2025, 4, 1), first_day=date(2025, 4, 2),
        last_day=date(2025, 4, 4), written=True)
    b.h("internship.decide-leave", internship_id=iid, request=0, approved=True, decided_on=date(2025, 4, 1))
    b.h("internship.record-absence", internship_id=iid, day=date(2025, 4, 4), reason="leave")
    return "P10-R9-absence", date(2025, 5, 1), lambda: b.h(
        "internship.correct-leave", internship_id=iid, request=0, last_day=date(2025, 4, 3),
        reason="the signed note says until 3 April")


@story("evaluation", clears=True)
def evaluation(b: Builder) -> tuple[str, date, Callable[[], Any]]:
    s = Setting(b)
    start = date(2025, 3, 10)
    iid = s.internship(start=start, end=date(2025, 9, 9))
    b.h("internship.complete", internship_id=iid, on=date(2025, 9, 9))
    b.h("internship.evaluate", internship_id=iid, by="host", score="90", on=date(2025, 9, 9))
    b.h("internship.evaluate", internship_id=iid, by="host", score="85", on=date(2025, 9, 20))
    return "NINT21-14-school-assessment", date(2025, 11, 1), lambda: b.h(
        "internship.correct-evaluation", internship_id=iid, item=2, by="school",
        reason="the school's assessment was entered as the host's")


@story("activity", clears=False)
def research(b: Builder) -> tuple[str, date, Callable[[], Any]]:
    cid, _, _ = group(b, date(2025, 9, 1), 2)
    activity(b, cid, "research_activity", date(2025, 10, 9), activity_id="r1")
    activity(b, cid, "research_activity", date(2026, 1, 31), activity_id="r2")
    return "P1-R3-research", date(2026, 2, 1), lambda: b.h(
        "community.correct-activity", community_id=cid, activity_id="r2", retract=True,
        reason="the meeting was cancelled; recorded from the agenda")


@story("funding", clears=False)
def funding(b: Builder) -> tuple[str, date, Callable[[], Any]]:
    cid, _, _ = group(b, date(2025, 1, 1), 2)
    b.h("community.record-funding", community_id=cid, amount="300000", received_on=date(2025, 3, 1),
        source="county bureau")
    return "P1-R12-funding", date(2026, 1, 1), lambda: b.h(
        "community.correct-funding", community_id=cid, item=1, amount="250000",
        reason="bank statement shows 250,000")


@story("fulfilment", clears=False)
def fulfilment(b: Builder) -> tuple[str, date, Callable[[], Any]]:
    school, host = b.school(majors=()), b.enterprise()
    aid = b.agreement("mutual_plaque", school, host, start=date(2025, 1, 1), obligations=[{
        "obligation_id": "review", "description": "quarterly review meeting", "obligor": str(school),
        "quantity": "1", "cadence": "per_quarter"}])
    for q in range(4):
        b.h("agreement.record-fulfilment", agreement_id=aid, obligation_id="review",
            on=date(2025, 3 * q + 3, 28), quantity="1")
    return "P13-R2-quarterly", date(2026, 1, 1), lambda: b.h(
        "agreement.correct-fulfilment", agreement_id=aid, item=2, on=date(2025, 7, 2),
        reason="the June review was held on 2 July")


@story("days-on-site", clears=False)
def days_on_site(b: Builder) -> tuple[str, date, Callable[[], Any]]:
    school, host = b.school(majors=()), b.enterprise()
    t = b.teacher(school, roles={"specialty_teacher": date(2015, 1, 1)})
    xid = exchange(b, t, school, host, "enterprise_practice", date(2021, 7, 1), date(2021, 12, 31))
    b.h("exchange.log-days", exchange_id=xid, from_day=date(2021, 7, 1), to_day=date(2021, 12, 31), days=180)
    return "NTEP-1-practice", date(2025, 6, 30), lambda: b.h(
        "exchange.correct-days", exchange_id=xid, from_day=date(2021, 7, 1), days=150,
        reason="the host's sign-in sheet shows 150 days")


def findings(b: Builder, rule_id: str, as_of: date, known_at: datetime) -> list[Any]:
    return run_audit(b.app, as_of=as_of, known_at=known_at, rule_ids=[rule_id])


@pytest.mark.parametrize("kind", sorted(STORIES))
def test_an_audit_reads_a_correction_as_known_at_each_moment(kind, db_url):
    b = Builder(db_url)
    fn, clears = STORIES[kind]
    rule_id, as_of, correct = fn(b)
    b.clock.at(date(2026, 3, 1))
    before = b.clock()
    b.clock.at(date(2026, 3, 2))
    correct()
    after = b.clock()
    found_before = findings(b, rule_id, as_of, before)
    found_after = findings(b, rule_id, as_of, after)
    if clears:  # the original was wrong in a way the audit flagged; the correction clears it
        assert found_before and not found_after, (kind, found_before, found_after)
    else:  # the original passed; the corrected fact breaks the rule
        assert not found_before and found_after, (kind, found_before, found_after)
    rm = ReadModel(b.app, projections=FACT_PROJECTIONS)
    for known_at, replayed in ((before, found_before), (after, found_after)):
        from_facts = facts_audit(rm, as_of=as_of, known_at=known_at, rule_ids=[rule_id])
        assert [f.model_dump() for f in from_facts] == [f.model_dump() for f in replayed]


@pytest.mark.parametrize("kind", sorted(STORIES))
def test_a_correction_keeps_the_original_and_says_who_and_why(kind, sqlite_url):
    b = Builder(sqlite_url)
    fn, _ = STORIES[kind]
    _, _, correct = fn(b)
    aggregate_id = correct()
    events = list(b.app.events.get(aggregate_id))
    [fix] = [e for e in events if type(e).__name__.endswith("Corrected")]
    assert fix.reason and fix.meta.actor == "auditor-test"
    originals = {"PayCorrected": "PayRecorded", "LeaveCorrected": "LeaveRequested",
                 "EvaluationCorrected": "Evaluated", "ActivityCorrected": "ActivityHeld",
                 "FundingCorrected": "FundingReceived", "FulfilmentCorrected": "FulfilmentRecorded",
                 "DaysOnSiteCorrected": "DaysOnSiteLogged"}
    kept = [e for e in events if type(e).__name__ == originals[type(fix).__name__]]
    assert kept and fix.meta.recorded_at > kept[-1].meta.recorded_at
    # it takes effect when the fact it corrects did, so audits as of any date agree
    assert fix.meta.effective in {e.meta.effective for e in kept}


def test_a_score_correction_is_read_as_known_at_each_moment(sqlite_url):
    b = Builder(sqlite_url)
    school = b.school("High school", majors=())
    cid = community(b, "learning_team", school, date(2025, 9, 1))
    b.h("community.define-team", community_id=cid, subject="maths", grade="grade-10")
    b.h("community.score-results", community_id=cid, month="2025-10", grade="grade-10", score="88",
        scorer="expert panel")
    b.clock.at(date(2026, 3, 1))
    before = b.clock()
    b.clock.at(date(2026, 3, 2))
    b.h("community.correct-score", community_id=cid, month="2025-10", grade="grade-10", score="91",
        reason="panel sheet re-added")
    after = b.clock()
    period = evaluation_period(2025)

    def scores(known_at: datetime) -> list[Decimal]:
        cards = evaluate(b.app, "team", period, known_at=known_at)
        out = []
        for card in cards:
            for rows in card.details.get("ranking", {}).values():
                out += [Decimal(str(r["score"])) for r in rows]
        return out

    assert scores(before) == [Decimal(88)]
    assert scores(after) == [Decimal(91)]


def test_a_correction_of_nothing_is_refused_and_nothing_is_written(sqlite_url):
    b = Builder(sqlite_url)
    s = Setting(b)
    iid = s.internship(start=date(2025, 3, 10))
    b.pay(iid, date(2025, 3, 10), date(2025, 4, 9), "3500")
    count = len(list(b.app.events.get(iid)))
    with pytest.raises(GttError, match="no pay record 2"):
        b.h("internship.correct-pay", internship_id=iid, item=2, amount="1", reason="x")
    with pytest.raises(GttError, match="changes nothing"):
        b.h("internship.correct-pay", internship_id=iid, item=1, amount="3500", reason="x")
    assert len(list(b.app.events.get(iid))) == count
