"""``gtt audit upcoming`` rule by rule on small histories, ``gtt rules adopt|adoptions``
and school calendars imported from a spreadsheet."""

from __future__ import annotations

import json
from datetime import date, timedelta

from audit_world import Builder, Setting
from cases_bodies import activity, group, team
from click.testing import CliRunner
from gtt_cli.main import gtt

from gtt_domain import GttApplication
from gtt_domain.audit import run_upcoming

CLEAN = {"GTT_DATABASE_URL": None, "GTT_ACTOR": None, "GTT_LANG": None, "GTT_DEBUG": None, "NO_COLOR": None}
D = timedelta(days=1)


def cli(url, clock, *args):
    return CliRunner().invoke(gtt, ["--db", url, "--actor", "registrar", *args], env=CLEAN,
                              obj={"clock": clock}, prog_name="gtt")


def due(b: Builder, as_of: date, days: int = 30, rule: str | None = None):
    return [(o.rule_id, o.due, o.progress) for o in run_upcoming(b.app, within_days=days, as_of=as_of,
                                                                rule_ids=[rule] if rule else None)]


def test_a_plan_due_60_days_before_a_planned_start(sqlite_url):
    b = Builder(sqlite_url)
    s = Setting(b)
    start = date(2025, 6, 2)
    b.internship(s.school, s.host, s.student, start=start, plan_on=start - 30 * D, agreement=s.agreement,
                 started=False, teacher=s.teacher, mentor=s.mentor)
    assert due(b, date(2025, 3, 1), rule="P10-R3-plan") == []  # due 3 April: beyond 30 days
    assert due(b, date(2025, 3, 4), rule="P10-R3-plan") == [("P10-R3-plan", date(2025, 4, 3), "none")]
    [late] = run_upcoming(b.app, within_days=30, as_of=date(2025, 4, 10), rule_ids=["P10-R3-plan"])
    assert late.overdue  # the start is still ahead, the plan is not agreed yet
    assert due(b, date(2025, 5, 3), rule="P10-R3-plan") == []  # agreed on 3 May (recorded then)


def test_insurance_that_ends_before_the_internship(sqlite_url):
    b = Builder(sqlite_url)
    start = date(2025, 3, 10)
    Setting(b).internship(start=start, end=date(2025, 7, 9), insured=(start, date(2025, 5, 31)))
    assert due(b, date(2025, 5, 1), rule="NINT21-10-insurance") == []  # 1 June is 31 days away
    assert due(b, date(2025, 5, 2), rule="NINT21-10-insurance") == [
        ("NINT21-10-insurance", date(2025, 6, 1), "none")]


def test_a_team_report_due_on_25_september_and_this_weeks_activity(sqlite_url):
    b = Builder(sqlite_url)
    cid = team(b, date(2025, 9, 1), 4)
    assert due(b, date(2025, 9, 1), rule="P5-R2-report") == [("P5-R2-report", date(2025, 9, 25), "none")]
    b.h("community.report-team", community_id=cid, reported_on=date(2025, 9, 20))
    assert due(b, date(2025, 9, 21), rule="P5-R2-report") == []
    assert due(b, date(2025, 9, 22), 7, rule="P5-R4-weekly") == [("P5-R4-weekly", date(2025, 9, 28), "0 of 1")]
    activity(b, cid, "team_activity", date(2025, 9, 22))
    assert due(b, date(2025, 9, 22), 7, rule="P5-R4-weekly") == []


def test_no_weekly_obligation_in_a_week_out_of_term(sqlite_url):
    b = Builder(sqlite_url)
    team(b, date(2025, 9, 1), 4)
    assert due(b, date(2025, 9, 29), 7, rule="P5-R4-weekly") == []  # 2 school days before National Day


def test_this_quarters_review_meeting_and_the_school_years_funding(sqlite_url):
    b = Builder(sqlite_url)
    school, host = b.school(majors=()), b.enterprise()
    aid = b.agreement("mutual_plaque", school, host, start=date(2025, 1, 1), obligations=[{
        "obligation_id": "review", "description": "quarterly review", "obligor": str(school),
        "quantity": "1", "cadence": "per_quarter"}])
    assert due(b, date(2025, 3, 10), rule="P13-R2-quarterly") == [("P13-R2-quarterly", date(2025, 3, 31), "0 of 1")]
    b.h("agreement.record-fulfilment", agreement_id=aid, obligation_id="review", on=date(2025, 3, 12), quantity="1")
    assert due(b, date(2025, 3, 12), rule="P13-R2-quarterly") == []
    cid, _, _ = group(b, date(2024, 9, 1), 2)
    b.h("community.record-funding", community_id=cid, amount="200000", received_on=date(2024, 10, 1), source="county")
    assert due(b, date(2025, 8, 10), rule="P1-R12-funding") == [
        ("P1-R12-funding", date(2025, 8, 31), "200000 of 300000")]


def test_an_evaluation_due_within_30_days_of_completion(sqlite_url):
    b = Builder(sqlite_url)
    iid = Setting(b).internship(start=date(2025, 3, 10), end=date(2025, 6, 9))
    b.h("internship.complete", internship_id=iid, on=date(2025, 6, 9))
    assert due(b, date(2025, 6, 20), rule="P10-R6-evaluation") == [("P10-R6-evaluation", date(2025, 7, 9), "none")]
    assert due(b, date(2025, 7, 10), rule="P10-R6-evaluation") == []  # overdue: the audit's business now


def test_rules_adopt_adoptions_and_end(sqlite_url, clock):
    b = Builder(sqlite_url)
    school = b.school("County school", adopt=False)
    b.app.close()
    ok = cli(sqlite_url, clock, "rules", "adopt", "P6", "--institution", str(school), "--from", "2025-01-01",
             "--authority", "school council", "--reference", "SC-2025-3")
    assert ok.exit_code == 0, ok.output
    rows = json.loads(cli(sqlite_url, clock, "rules", "adoptions", "--as-of", "2025-06-01", "--format", "json").stdout)
    assert [(r["pack_id"], r["adopter_kind"], r["adopter"], r["from_day"], r["until"], r["in_force"]) for r in rows] == [
        ("P6", "institution", "County school", "2025-01-01", None, True)]
    assert cli(sqlite_url, clock, "rules", "end-adoption", "P6", "--institution", str(school),
               "--until", "2025-03-31").exit_code == 0
    rows = json.loads(cli(sqlite_url, clock, "rules", "adoptions", "--as-of", "2025-06-01", "--format", "json").stdout)
    assert [(r["until"], r["in_force"]) for r in rows] == [("2025-03-31", False)]
    again = cli(sqlite_url, clock, "rules", "adopt", "P6", "--institution", str(school), "--from", "2025-03-15")
    assert again.exit_code == 1 and "P6 is already adopted from 2025-01-01 until 2025-03-31" in again.stderr
    assert cli(sqlite_url, clock, "rules", "adopt", "P6", "--institution", str(school),
               "--from", "2025-09-01").exit_code == 0
    rows = json.loads(cli(sqlite_url, clock, "rules", "adoptions", "--pack", "P6", "--format", "json").stdout)
    assert [r["from_day"] for r in rows] == ["2025-01-01", "2025-09-01"]


def test_rules_adopt_refuses_bad_input_in_one_line(sqlite_url, clock):
    b = Builder(sqlite_url)
    school = str(b.school(adopt=False))
    b.app.close()
    for args, message in (
            (["N-INT-2021", "--institution", school], "N-INT-2021 applies by law"),
            (["P99", "--institution", school], "no pack 'P99'"),
            (["P6"], "name exactly one adopter"),
            (["P6", "--institution", school, "--community", school], "name exactly one adopter"),
            (["P6", "--institution", "not-an-id"], "is not an id"),
    ):
        result = cli(sqlite_url, clock, "rules", "adopt", *args, "--from", "2025-01-01")
        assert result.exit_code == 2 and message in result.stderr and result.stderr.count("\n") == 1, result.stderr
    missing = cli(sqlite_url, clock, "rules", "adopt", "P6", "--community", school, "--from", "2025-01-01")
    assert missing.exit_code == 1 and "not found" in missing.stderr


def last_position(url: str) -> int:
    app = GttApplication(url)
    try:
        return app.recorder.max_notification_id()
    finally:
        app.close()


def test_a_calendar_imported_from_a_spreadsheet_is_recorded_once(sqlite_url, clock, tmp_path):
    b = Builder(sqlite_url)
    b.h("institution.register", kind="school", name="Imported school", region="Anxi", external_id="SCH-9")
    b.app.close()
    sheet = tmp_path / "calendar.csv"
    sheet.write_text("学校,条目,名称,开始日期,结束日期\nSCH-9,term,2025-autumn,2025-09-01,2026-01-16\n"
                     "SCH-9,break,2025-national-day,2025-10-01,2025-10-08\n", encoding="utf-8-sig")
    first = cli(sqlite_url, clock, "import", str(sheet), "--kind", "calendar")
    assert first.exit_code == 0, first.output
    before = last_position(sqlite_url)
    again = cli(sqlite_url, clock, "import", str(sheet), "--kind", "calendar")
    assert again.exit_code == 0 and last_position(sqlite_url) == before
    bad = tmp_path / "bad.csv"
    bad.write_text("institution,entry,label,first_day,last_day\nSCH-9,term,x,2025-09-01,2025-08-01\n")
    refused = cli(sqlite_url, clock, "import", str(bad), "--kind", "calendar")
    assert refused.exit_code != 0 and "before it starts" in refused.output
