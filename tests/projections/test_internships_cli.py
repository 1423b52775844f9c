"""``gtt internships list|show|attendance`` and ``gtt projections rebuild`` through CliRunner."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal

from click.testing import CliRunner
from gtt_cli.main import gtt
from gtt_projections import ReadModel
from gtt_projections.models.internships import Internships
from internships_world import START, day, place, world
from readside_helpers import dump

from gtt_domain.commands import internship as c

CLEAN_ENV = {"GTT_DATABASE_URL": None, "GTT_READ_DATABASE_URL": None, "GTT_ACTOR": None,
             "GTT_LANG": None, "GTT_DEBUG": None, "NO_COLOR": None}


def cli(url, clock, *args):
    return CliRunner().invoke(gtt, ["--db", url, "--actor", "alice", *args], env=CLEAN_ENV,
                              obj={"clock": clock}, prog_name="gtt")


def history(app):
    w = world(app)
    a = place(w, student=0, host=0)
    b = place(w, student=1, host=1, planned_start=date(2025, 9, 1), planned_end=date(2025, 12, 1))
    app.handle(c.StartInternship(internship_id=a, on=START))
    for n in range(4):
        app.handle(c.RecordAttendance(internship_id=a, day=day(n), hours=Decimal(8), night_shift=n == 3))
    app.handle(c.RequestLeave(internship_id=a, asked_on=day(4), first_day=day(5), last_day=day(6)))
    app.handle(c.RecordPay(internship_id=a, period_start=START, period_end=day(30),
                           amount=Decimal(1800), regular_wage=Decimal(3600), paid_on=day(35)))
    app.handle(c.EvaluateInternship(internship_id=a, by="school", score=Decimal(90), on=day(40)))
    return w, a, b


def test_list_filters_and_formats(db_url, app, clock):
    w, a, b = history(app)
    listed = cli(db_url, clock, "internships", "list", "--host", str(w.hosts[0]), "--format", "json")
    assert listed.exit_code == 0, listed.output
    [row] = json.loads(listed.stdout)
    assert (row["id"], row["attendance_days"], row["attendance_hours"], row["night_shifts"]) == (
        str(a), 4, "32.00", 1)
    assert (row["pay_total"], row["school_score"], row["leave_requests"]) == ("1800.00", "90.00", 1)
    assert set(row) == {col.name for col in Internships.tables[0].columns}  # stable names
    by_major = cli(db_url, clock, "internships", "list", "--major", "530701", "--status", "placed",
                   "--from", "2025-11-01", "--no-catch-up", "--format", "csv")
    assert by_major.exit_code == 0, by_major.output
    rows = list(csv.DictReader(io.StringIO(by_major.stdout.lstrip("\ufeff"))))
    assert [r["id"] for r in rows] == [str(b)]
    none = cli(db_url, clock, "internships", "list", "--school", str(w.school), "--to", "2025-03-01")
    assert json.loads(none.stdout) == []
    table = cli(db_url, clock, "internships", "list", "--format", "table")
    assert table.exit_code == 0 and str(b)[:8] in table.stdout
    assert all(len(line) <= 80 for line in table.stdout.splitlines())


def test_list_refuses_bad_input(db_url, app, clock):
    history(app)
    bad_id = cli(db_url, clock, "internships", "list", "--host", "not-a-uuid")
    assert bad_id.exit_code == 2 and "--host" in bad_id.stderr
    bad_day = cli(db_url, clock, "internships", "list", "--from", "2025-13-01")
    assert bad_day.exit_code == 2 and "--from" in bad_day.stderr
    reversed_range = cli(db_url, clock, "internships", "list", "--from", "2025-05-01", "--to", "2025-04-01")
    assert reversed_range.exit_code == 2 and "--to" in reversed_range.stderr
    bad_status = cli(db_url, clock, "internships", "list", "--status", "asleep")
    assert bad_status.exit_code == 2


def test_show_and_attendance(db_url, app, clock):
    _w, a, _b = history(app)
    shown = cli(db_url, clock, "internships", "show", str(a))
    assert shown.exit_code == 0, shown.output
    detail = json.loads(shown.stdout)
    assert (detail["status"], [lv["request"] for lv in detail["leave"]]) == ("started", [0])
    assert [(p["amount"], p["ratio"]) for p in detail["pay"]] == [("1800.00", "0.5000")]
    assert [e["by"] for e in detail["evaluations"]] == ["school"]
    table = cli(db_url, clock, "internships", "show", str(a), "--format", "table")
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert any(line.split() == ["School", "score", "90.00"] for line in lines)  # labelled attributes
    assert any(line.split()[:3] == ["2025-03-10", "2025-04-09", "1800.00"] for line in lines)  # pay
    assert all(len(line) <= 80 for line in lines)
    days = cli(db_url, clock, "internships", "attendance", str(a), "--from", str(day(1)),
               "--to", str(day(2)), "--format", "json")
    assert days.exit_code == 0, days.output
    assert [(d["day"], d["hours"], d["night_shift"]) for d in json.loads(days.stdout)] == [
        (str(day(1)), "8.00", False), (str(day(2)), "8.00", False)]
    missing = cli(db_url, clock, "internships", "show", "00000000-0000-4000-8000-000000000000")
    assert missing.exit_code == 1 and "internship 00000000-0000-4000-8000-000000000000 not found" in missing.stderr
    missing_days = cli(db_url, clock, "internships", "attendance", "00000000-0000-4000-8000-000000000000")
    assert missing_days.exit_code == 1


def test_rebuild_leaves_the_internship_tables_identical(db_url, app, clock):
    history(app)
    rm = ReadModel(app)
    rm.catch_up(batch_size=4)
    before = dump(rm, ["internships"])
    assert len(before["internship_attendance"]) == 4
    result = cli(db_url, clock, "projections", "rebuild", "internships", "--batch-size", "3",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    [status] = json.loads(result.stdout)
    assert (status["name"], status["lag"], status["dead_letters"]) == ("internships", 0, 0)
    assert dump(rm, ["internships"]) == before
    everything = cli(db_url, clock, "projections", "rebuild", "--format", "json")
    assert everything.exit_code == 0, everything.output
    assert dump(rm, ["internships"]) == before
    rm.close()
