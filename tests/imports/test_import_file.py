"""import_file on real SQLite and PostgreSQL: all-or-nothing, skip-bad, idempotent re-import."""

from __future__ import annotations

import csv

import pytest
from import_fixtures import INTERNS, START, attendance_rows, events, seed, write_csv, write_jsonl

from gtt_domain.application import GttApplication
from gtt_domain.application.timetravel import state_at
from gtt_domain.domain.base import natural_id
from gtt_domain.imports import import_file

HEADER = ["internship", "day", "hours"]


@pytest.fixture
def app(db_url, clock, tmp_path):
    app = GttApplication(db_url, clock=clock, actor="importer")
    seed(app, tmp_path)
    yield app
    app.close()


def attended(app: GttApplication) -> int:
    return sum(len(app.repository.get(natural_id("internship", i)).attendance_book) for i in INTERNS)


def test_one_bad_row_among_1000_writes_nothing_and_names_it(app, tmp_path):
    rows = attendance_rows(1000)
    rows[536][1] = "2025-02-30"  # file line 538 (header is line 1)
    path = write_csv(tmp_path / "att.csv", HEADER, rows)
    before = events(app)
    report = import_file(app, path, "attendance", batch_size=300)
    assert (report.rows, report.bad_rows, report.written) == (1000, 1, 0)
    [err] = report.errors
    assert (err.line, err.column) == (538, "day")
    assert err.reason == "is not a date: day is out of range for month (got '2025-02-30')"
    assert events(app) == before


def test_skip_bad_writes_999_and_rejects_one_then_reimport_records_nothing(app, tmp_path):
    rows = attendance_rows(1000)
    rows[10][2] = "-3"
    path = write_csv(tmp_path / "att.csv", HEADER, rows)
    report = import_file(app, path, "attendance", batch_size=300, skip_bad=True)
    assert (report.written, report.rejected, report.batches) == (999, 1, 4)
    assert attended(app) == 999
    with open(f"{path}.rejects.csv", encoding="utf-8-sig", newline="") as f:
        rejected = list(csv.reader(f))
    assert rejected[0] == ["line", "column", "reason", *HEADER]
    assert len(rejected) == 2 and rejected[1][:2] == ["12", "hours"] and rejected[1][3:] == rows[10]
    before = events(app)
    again = import_file(app, path, "attendance", batch_size=300, skip_bad=True)
    assert (again.written, again.skipped, again.rejected) == (0, 999, 1)
    assert events(app) == before


def test_bom_file_with_chinese_headers_imports(app, tmp_path):
    path = write_csv(tmp_path / "考勤.csv", ["实习编号", "日期", "工时", "夜班"],
                     [["I1", "2025-03-04", "8", "否"], ["I2", "2025-03-04", "9", "是"]], bom=True)
    report = import_file(app, path, "attendance")
    assert report.ok and report.written == 2
    night = state_at(app, natural_id("internship", "I2")).attendance["2025-03-04"]
    assert night.night_shift is True


def test_jsonl_rows_and_leave_and_pay_are_idempotent(app, tmp_path):
    leave = write_jsonl(tmp_path / "leave.jsonl", [
        {"internship": "I1", "asked_on": "2025-04-01", "first_day": "2025-04-02", "last_day": "2025-04-03"},
        {"internship": "I2", "asked_on": "2025-04-01", "first_day": "2025-04-02", "last_day": "2025-04-02",
         "written": True},
    ])
    pay = write_jsonl(tmp_path / "pay.jsonl", [
        {"internship": i, "period_start": START.isoformat(), "period_end": "2025-04-02",
         "amount": "1800.00", "regular_wage": "3600", "paid_on": "2025-04-10"} for i in INTERNS])
    assert import_file(app, leave, "leave").written == 2
    assert import_file(app, pay, "pay").written == 4
    before = events(app)
    assert import_file(app, leave, "leave").skipped == 2
    assert import_file(app, pay, "pay").skipped == 4
    assert events(app) == before
    assert len(app.repository.get(natural_id("internship", "I1")).leaves) == 1


def test_domain_refusal_in_pass_2_stops_at_its_batch(app, tmp_path):
    rows = attendance_rows(8)
    rows[6][1] = "2025-03-01"  # before the start: only the aggregate knows
    path = write_csv(tmp_path / "att.csv", HEADER, rows)
    report = import_file(app, path, "attendance", batch_size=4)
    assert report.refused is not None and report.refused.line == 8
    assert "before the start" in report.refused.reason
    assert report.written == 4 and attended(app) == 4  # the first batch stays
    skipped = import_file(app, path, "attendance", batch_size=4, skip_bad=True)
    assert (skipped.skipped, skipped.written, skipped.rejected) == (4, 3, 1)


def test_unknown_reference_and_duplicate_keys_are_row_errors(app, tmp_path):
    rows = attendance_rows(5) + [["I9", "2025-03-05", "8"], attendance_rows(1)[0]]
    report = import_file(app, write_csv(tmp_path / "att.csv", HEADER, rows), "attendance")
    assert [(e.line, e.column) for e in report.errors] == [(7, "internship"), (8, "internship, day")]
    assert "no internship with external id 'I9'" in report.errors[0].reason
    assert report.written == 0


def test_repeated_keys_are_found_across_index_pages_in_file_order(app, tmp_path, monkeypatch):
    """The on-disk key index (pages of 10,000 in production; 7 here) names every later
    repeat of a key, and only those, wherever the first occurrence was."""
    from gtt_domain.imports import runner

    monkeypatch.setattr(runner._KeyIndex, "PAGE", 7)
    rows = attendance_rows(40)
    rows += [list(rows[3]), list(rows[39]), list(rows[3])]  # file lines 42, 43, 44
    rows[20] = list(rows[0])  # line 22 repeats line 2
    path = write_csv(tmp_path / "att.csv", HEADER, rows)
    report = import_file(app, path, "attendance")
    assert report.bad_rows == 4 and report.written == 0
    assert [e.line for e in report.errors] == [22, 42, 43, 44]
    assert {e.column for e in report.errors} == {"internship, day"}
