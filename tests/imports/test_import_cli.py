"""``gtt import`` and ``gtt export <table>`` through CliRunner: exact exit codes and messages."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner, Result
from gtt_cli.main import gtt
from import_fixtures import attendance_rows, events, seed, write_csv, write_jsonl

from gtt_domain.application import GttApplication

CLEAN_ENV = {"GTT_DATABASE_URL": None, "GTT_READ_DATABASE_URL": None, "GTT_ACTOR": None,
             "GTT_LANG": None, "GTT_DEBUG": None, "NO_COLOR": None}
HEADER = ["internship", "day", "hours"]


@pytest.fixture
def store(db_url, clock, tmp_path):
    """A seeded store; yields (run, count_events)."""
    app = GttApplication(db_url, clock=clock)
    seed(app, tmp_path)
    app.close()
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(gtt, ["--db", db_url, "--actor", "alice", *args], env=CLEAN_ENV,
                             obj={"clock": clock}, prog_name="gtt")

    def count() -> int:
        app = GttApplication(db_url, clock=clock)
        try:
            return events(app)
        finally:
            app.close()

    return run, count


def no_traceback(result: Result) -> None:
    assert isinstance(result.exception, SystemExit) or result.exception is None, result.exception
    assert "Traceback" not in result.output


def test_one_bad_row_exit_2_names_line_and_column_then_skip_bad_and_reimport(store, tmp_path):
    run, count = store
    rows = attendance_rows(1000)
    rows[99][2] = "25"  # hours above 24, file line 101
    path = write_csv(tmp_path / "att.csv", HEADER, rows)
    before = count()
    result = run("import", str(path), "--kind", "attendance")
    no_traceback(result)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}: line 101, column hours: Input should be less than or equal to 24 (got '25')",
        "Error: 1 bad row(s) of 1000; nothing was recorded (fix them, or --skip-bad to record the good rows)",
    ]
    assert count() == before

    result = run("import", str(path), "--kind", "attendance", "--skip-bad", "--rejects", str(tmp_path / "r.csv"),
                 "--format", "table")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"attendance: 1000 row(s): 999 recorded, 0 already recorded, 1 rejected -> {tmp_path / 'r.csv'}\n"
    assert len((tmp_path / "r.csv").read_text(encoding="utf-8-sig").splitlines()) == 2
    after = count()
    assert after == before + 999 + 3  # and the run's journal: started, one batch committed, completed

    result = run("import", str(path), "--kind", "attendance", "--skip-bad", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["recorded"] == 0 and json.loads(result.stdout)["already_recorded"] == 999
    assert count() == after


BAD_FILES = {
    # name: (content, expected stderr line fragment)
    "truncated_quote.csv": ('internship,day,hours\nI1,2025-03-04,8\nI2,"2025-03-0', "line 3: broken CSV"),
    "not_utf8.csv": (b"internship,day,hours\nI1,2025-03-04,8\nI2,\xff\xfe,8\n", "not UTF-8"),
    "unknown_column.csv": ("internship,day,hours,salary\nI1,2025-03-04,8,1\n", "unknown column 'salary'"),
    "empty.csv": ("", "the file is empty"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_unreadable_files_exit_2_with_one_line(store, tmp_path, name):
    run, count = store
    content, fragment = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    before = count()
    result = run("import", str(path), "--kind", "attendance")
    no_traceback(result)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and fragment in result.stderr, result.stderr
    assert result.stderr.rstrip().endswith("nothing was recorded")
    assert count() == before


def test_cut_short_line_sql_looking_ids_and_duplicates_are_row_errors(store, tmp_path):
    run, count = store
    path = tmp_path / "att.csv"
    path.write_text("internship,day,hours\nI1,2025-03-04,8\n"
                    "I1'; DROP TABLE stored_events;--,2025-03-04,8\n"
                    "I1,2025-03-04,7\nI2,2025-03-0", encoding="utf-8")
    before = count()
    result = run("import", str(path), "--kind", "attendance")
    no_traceback(result)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == (f"{path}: line 3, column internship: no internship with external id "
                        "\"I1'; DROP TABLE stored_events;--\" is recorded (import the internships first)")
    assert lines[1] == f"{path}: line 4, column internship, day: repeats an earlier row of this file (same key)"
    assert lines[2] == (f"{path}: line 5, column -: 2 values for 3 columns (fewer); "
                        "is the line cut short or a comma unquoted?")
    assert lines[3].startswith("Error: 3 bad row(s) of 4;") and len(lines) == 4
    assert count() == before


def test_sql_looking_text_is_recorded_verbatim_and_jsonl_works_then_exports(store, tmp_path):
    run, count = store
    name = "Robert'); DROP TABLE stored_events;--"
    path = write_jsonl(tmp_path / "inst.jsonl", [
        {"external_id": "ENT2", "kind": "enterprise", "name": name, "region": "Xiamen"},
        {"编号": "SCH2", "类型": "school", "名称": "厦门第二实验小学", "区县": "Siming"},
    ])
    result = run("import", str(path), "--kind", "institutions", "--format", "table")
    assert result.exit_code == 0, result.output
    assert result.stdout == "institutions: 2 row(s): 2 recorded, 0 already recorded\n"
    result = run("export", "institutions", "--format", "json")
    assert result.exit_code == 0, result.output
    names = sorted(r["name"] for r in json.loads(result.stdout))
    assert names == sorted(["Anxi Vocational College", "Gree Training Base", name, "厦门第二实验小学"])
    result = run("export", "institutions", "--format", "csv", "--output", str(tmp_path / "i.csv"))
    assert result.exit_code == 0
    assert result.stderr == f"4 row(s) of institutions written to {tmp_path / 'i.csv'}\n"
    assert len((tmp_path / "i.csv").read_text(encoding="utf-8").splitlines()) == 5


def test_bad_values_name_the_column(store, tmp_path):
    run, _ = store
    path = write_csv(tmp_path / "pay.csv", ["internship", "period_start", "period_end", "amount",
                                            "regular_wage", "paid_on"],
                     [["I1", "2025-03-03", "2025-04-02", "-5", "3600", "2025-04-10"],
                      ["I2", "2025-03-03", "2025-04-02", "1800", "3600", "2025-13-01"]])
    result = run("import", str(path), "--kind", "pay")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == f"{path}: line 2, column amount: Input should be greater than or equal to 0 (got '-5')"
    assert lines[1] == f"{path}: line 3, column paid_on: is not a date: month must be in 1..12 (got '2025-13-01')"


def test_progress_bars_take_unknown_and_known_totals(capsys):
    from gtt_cli.commands.import_ import _Bars

    bars = _Bars()
    for _ in range(3):
        bars("validate", 1, None)
    bars("write", 2, 3)
    bars("write", 1, 3)
    assert [b.pos for b in bars.bars.values()] == [3, 3]
    assert bars.bars["write"].length == 3 and bars.bars["validate"].length is None
    bars.close()
    assert "validating" in capsys.readouterr().err


def test_refusal_while_writing_exit_1_names_line_and_keeps_earlier_batches(store, tmp_path):
    run, count = store
    rows = attendance_rows(6)
    rows[5][1] = "2025-01-01"  # before the start: refused by the internship, file line 7
    path = write_csv(tmp_path / "att.csv", HEADER, rows)
    before = count()
    result = run("import", str(path), "--kind", "attendance", "--batch-size", "4")
    no_traceback(result)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"Error: {path}: line 7: refused: ")
    assert "is before the start" in result.stderr
    assert result.stderr.rstrip().endswith("4 row(s) before it were (re-run after fixing: they are skipped)")
    assert count() == before + 4 + 2  # and the run's journal: started, first batch committed
