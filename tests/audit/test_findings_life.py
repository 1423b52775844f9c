"""A finding's life: each step recorded with actor and both times, the status every audit
output shows, waivers that expire, breaches that recur, exemptions that cover a case, and
the installed ``gtt findings`` a user runs (acceptance of issue 14)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from audit_world import Builder, Setting
from click.testing import CliRunner
from gtt_cli.main import gtt

from gtt_domain.audit import run_audit
from gtt_domain.domain.errors import DomainError

CLEAN = {"GTT_DATABASE_URL": None, "GTT_ACTOR": None, "GTT_LANG": None, "GTT_DEBUG": None, "NO_COLOR": None}
START = date(2025, 3, 10)
D = timedelta(days=1)


def cli(url, clock, *args, actor="auditor"):
    return CliRunner().invoke(gtt, ["--db", url, "--actor", actor, *args], env=CLEAN,
                              obj={"clock": clock}, prog_name="gtt")


def missing_id_copy(b: Builder):
    """An internship started without its ID copy (P10-R7): one finding."""
    iid = Setting(b).internship(start=START, docs=("tripartite_agreement", "student_consent", "guardian_consent",
                                                   "recommendation_form", "student_status_record"))
    return iid, f"P10-R7-documents|{iid}|document:id_copy"


def step(b: Builder, name: str, key: str, day: date, **fields):
    b.clock.at(day)
    b.h(f"finding.{name}", key=key, **fields)


def status(b: Builder, key: str, **kw):
    [f] = [x for x in run_audit(b.app, ["P10"], rule_ids=["P10-R7-documents"], **kw) if x.key == key]
    return f


def test_each_step_sets_the_status_and_the_breach_stays_found(sqlite_url):
    b = Builder(sqlite_url)
    _, key = missing_id_copy(b)
    assert status(b, key, as_of=date(2025, 4, 1)).status == "open"
    step(b, "ack", key, date(2025, 4, 1), note="seen")
    step(b, "assign", key, date(2025, 4, 2), assignee="internship office", due=date(2025, 4, 30))
    f = status(b, key, as_of=date(2025, 4, 2))
    assert (f.status, f.status_detail) == ("assigned", "assigned to internship office by auditor-test on 2025-04-02, due 2025-04-30")
    step(b, "dispute", key, date(2025, 4, 3), reason="handed over on paper")
    assert status(b, key, as_of=date(2025, 4, 3)).status == "disputed"
    step(b, "reject-dispute", key, date(2025, 4, 4), reason="nothing on file")
    assert status(b, key, as_of=date(2025, 4, 4)).status == "assigned"
    step(b, "remedy", key, date(2025, 4, 10), evidence="ID copy filed", on=date(2025, 4, 9))
    assert status(b, key, as_of=date(2025, 4, 10)).status == "remedied"
    step(b, "close", key, date(2025, 4, 11), note="verified")
    closed = status(b, key, as_of=date(2025, 4, 30))
    assert closed.status == "closed" and closed.rule_id == "P10-R7-documents"  # still found: a breach stays one
    assert [s["step"] for s in closed.lifecycle] == [
        "tracked", "acknowledged", "assigned", "disputed", "dispute_rejected", "remedied", "closed"]
    assert all(s["actor"] == "auditor-test" and s["recorded_at"] for s in closed.lifecycle)
    step(b, "reopen", key, date(2025, 5, 2), reason="copy illegible")
    assert status(b, key, as_of=date(2025, 5, 2)).status == "reopened"
    # as of a day before the steps, and as recorded before them, the finding is open
    assert status(b, key, as_of=date(2025, 3, 31)).status == "open"
    assert status(b, key, as_of=date(2025, 5, 2), known_at=datetime(2025, 4, 1, tzinfo=UTC)).status == "open"


def test_impossible_steps_are_refused_and_record_nothing(sqlite_url):
    b = Builder(sqlite_url)
    _, key = missing_id_copy(b)
    before = b.app.recorder.max_notification_id()
    with pytest.raises(DomainError, match="finding .*reopen refused: the finding is open: nothing to reopen"):
        b.h("finding.reopen", key=key, reason="why")
    step(b, "close", key, date(2025, 4, 1))
    with pytest.raises(DomainError, match="close refused: the finding is closed"):
        b.h("finding.close", key=key)
    with pytest.raises(DomainError, match="reject_dispute refused: the finding is closed, not disputed"):
        b.h("finding.reject-dispute", key=key, reason="no")
    assert b.app.recorder.max_notification_id() == before + 2  # the case and its closure


def test_a_waiver_counts_until_its_last_day_then_the_finding_is_open_again(sqlite_url):
    b = Builder(sqlite_url)
    _, key = missing_id_copy(b)
    step(b, "waive", key, date(2025, 4, 1), authority="county bureau", reason="pilot", until=date(2025, 6, 30))
    f = status(b, key, as_of=date(2025, 6, 30))
    assert f.status == "waived" and "county bureau until 2025-06-30" in f.status_detail
    expired = status(b, key, as_of=date(2025, 7, 1))
    assert expired.status == "open" and "expired on 2025-06-30" in expired.status_detail


def test_a_remedied_state_seen_again_later_is_reopened(sqlite_url):
    """A held ID card: remedied on paper, still held on a later audit date: the breach recurs."""
    b = Builder(sqlite_url)
    iid = Setting(b).internship(start=START)
    b.h("internship.hold-document", internship_id=iid, doc="id_card", since=START + 2 * D)
    [held] = run_audit(b.app, ["N-INT-2021"], as_of=date(2025, 4, 1))
    step(b, "remedy", held.key, date(2025, 4, 1), evidence="host promised to return it", on=date(2025, 4, 1))
    assert [x.status for x in run_audit(b.app, ["N-INT-2021"], as_of=date(2025, 4, 1))] == ["remedied"]
    [again] = run_audit(b.app, ["N-INT-2021"], as_of=date(2025, 4, 20))
    assert again.status == "reopened" and "recurs" in again.status_detail


def test_a_late_filing_is_remedied_late_and_stays_a_finding(sqlite_url):
    """P1-R4: an exchange started before its plan was filed; filing later remedies it late."""
    b = Builder(sqlite_url)
    school, host = b.school("Sender", majors=()), b.school("Host", majors=())
    xid = b.h("exchange.plan", person_id=b.teacher(school), sending_id=school, host_id=host, kind="rotation",
              planned_start=date(2025, 9, 1), planned_end=date(2026, 8, 31), targets=["lead lessons"])
    b.h("exchange.start", exchange_id=xid, on=date(2025, 9, 1))
    [open_] = b.audit("P1-R4-filed", date(2025, 9, 10))
    b.h("exchange.file", exchange_id=xid, authority="bureau", filed_on=date(2025, 9, 12))
    [late] = b.audit("P1-R4-filed", date(2025, 10, 1))
    assert (open_.status, late.status, late.key) == ("open", "remedied", open_.key)
    assert late.status_detail.startswith("remedied late") and late.resolved_by is not None


def test_a_filed_exemption_makes_the_case_exempt_and_it_is_still_counted(sqlite_url):
    b = Builder(sqlite_url)
    s = Setting(b)
    iid = s.internship(start=START)
    b.attend(iid, START, night_shift=True)
    b.attend(iid, START + 2 * D, night_shift=True)
    b.h("exemption.file", kind="night_shift", authority="City bureau", reference="EX-1", filed_on=START + D,
        school_id=s.school, host_ids=[s.host], from_day=START, until=START + 90 * D)
    found = {f.period_start: f for f in b.audit("NINT21-6-night-holiday-overtime", START + 30 * D)}
    # filed the day after the first night shift: that one stays a breach; the second is exempt
    assert (found[START].status, found[START + 2 * D].status) == ("open", "exempt")
    assert found[START + 2 * D].exemption.note.startswith("exemption EX-1 (night_shift) filed with City bureau")
    eid = b.h("exemption.file", kind="night_shift", authority="City bureau", reference="EX-1", filed_on=START + D,
              school_id=s.school, from_day=START)  # filing the same reference again records nothing
    b.h("exemption.revoke", exemption_id=eid, on=START + 2 * D, reason="post changed")
    assert {f.status for f in b.audit("NINT21-6-night-holiday-overtime", START + 30 * D)} == {"open"}


def test_an_exemption_of_another_kind_or_school_covers_nothing(sqlite_url):
    b = Builder(sqlite_url)
    s = Setting(b)
    iid = s.internship(start=START)
    b.attend(iid, START + 2 * D, night_shift=True)
    other = b.school("Another school")
    b.h("exemption.file", kind="overtime", authority="City bureau", reference="EX-2", filed_on=START,
        school_id=s.school, from_day=START)
    b.h("exemption.file", kind="night_shift", authority="City bureau", reference="EX-3", filed_on=START,
        school_id=other, from_day=START)
    assert [f.status for f in b.audit("NINT21-6-night-holiday-overtime", START + 30 * D)] == ["open"]


def test_findings_cli_answers_and_lists_by_status(sqlite_url):
    b = Builder(sqlite_url)
    _, key = missing_id_copy(b)
    b.app.close()
    clock = b.clock
    clock.at(date(2025, 4, 1))
    listed = cli(sqlite_url, clock, "findings", "list", "--rule", "P10-R7-documents", "--format", "json")
    assert listed.exit_code == 0, listed.output
    [f] = json.loads(listed.stdout)
    short = f["finding_id"][:8]
    assert cli(sqlite_url, clock, "findings", "ack", short, "--note", "seen").exit_code == 0
    waived = cli(sqlite_url, clock, "findings", "waive", key, "--authority", "bureau", "--reason", "pilot",
                 "--until", "2025-12-31")
    assert waived.exit_code == 0, waived.output
    only_open = cli(sqlite_url, clock, "audit", "run", "--rule", "P10-R7-documents", "--open-only", "--format", "json")
    assert json.loads(only_open.stdout) == [] and "also found, not listed: 1 waived" in only_open.stderr
    by_status = cli(sqlite_url, clock, "findings", "list", "--status", "waived", "--format", "csv")
    assert by_status.stdout.count("\n") == 2 and ",waived," in by_status.stdout  # the header and one row
    table = cli(sqlite_url, clock, "findings", "show", short, "--format", "table")
    assert "status: waived" in table.stdout and "acknowledged" in table.stdout and "auditor" in table.stdout


@pytest.mark.parametrize("args, code, message", [
    (["findings", "ack", "NOPE|x|y"], 1, "no finding 'NOPE|x|y'"),
    (["findings", "ack", "just words"], 2, "is neither a finding key"),
    (["findings", "waive", "P10-R7-documents|x|y", "--reason", "r"], 2, "Missing option '--authority'"),
    (["audit", "upcoming", "--within", "soon"], 2, "--within: 'soon' is not a span"),
])
def test_bad_findings_input_is_one_line_and_writes_nothing(sqlite_url, clock, args, code, message):
    result = cli(sqlite_url, clock, *args)
    assert result.exit_code == code and message in result.stderr
    assert result.stderr.count("\n") == 1
