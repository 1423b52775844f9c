"""``gtt evaluate`` on SQLite and PostgreSQL: JSON equals the library's scorecards, CSV and
the Chinese table, one subject by id, an unknown subject is invalid input (exit 2);
--semester, --quarter and --month (one at most, in range; JSON says which period), and a
demonstration-base criteria pack with --criteria."""

from __future__ import annotations

import csv
import io
import json
import re

from click.testing import CliRunner
from eval_history import Recorder
from gtt_cli.main import gtt
from test_group_scorecard import build
from test_major_host_scorecards import build as build_major_world

from gtt_domain.evaluation import evaluate, evaluation_period


def run(url: str, clock, *args: str):
    return CliRunner().invoke(gtt, ["--db", url, *args], obj={"clock": clock},
                              env={"GTT_LANG": None, "GTT_DATABASE_URL": None})


def test_evaluate_group_json_csv_and_chinese_table(db_url, clock):
    rec = Recorder(db_url, clock)
    ids = build(rec)
    gid = str(ids["group"])
    out = run(db_url, clock, "evaluate", "group", gid, "--year", "2025", "--format", "json")
    assert out.exit_code == 0, out.output
    [card] = json.loads(out.output)
    [lib] = evaluate(rec.app, "group", evaluation_period(2025), gid)
    assert [(m["metric"], m["value"], m["target"], m["rule"], m["met"]) for m in card["metrics"]] == [
        (m.key, m.value if m.value is None or isinstance(m.value, int) else str(m.value), m.target, m.rule, m.met)
        for m in lib.metrics]
    assert {m["metric"]: m["rule"] for m in card["metrics"]}["group.members_rotation_due"] == "P1-R7"

    out = run(db_url, clock, "evaluate", "group", "--year", "2025", "--semester", "autumn", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.output.lstrip("\ufeff"))))
    research = next(r for r in rows if r["metric"] == "group.research_activities_min_semester")
    assert (research["period"], research["value"], research["met"]) == ("2025-autumn", "1", "false")

    out = run(db_url, clock, "evaluate", "group", gid, "--year", "2025", "--format", "table", "--lang", "zh")
    assert out.exit_code == 0 and "捆绑考核得分" in out.output and "未达标" in out.output

    out = run(db_url, clock, "evaluate", "group", "no-such-group", "--year", "2025")
    assert out.exit_code == 2 and "no-such-group" in out.output


def test_quarter_and_month_options_say_which_period(db_url, clock):
    rec = Recorder(db_url, clock)
    ids = build(rec)
    gid = str(ids["group"])
    for option, value, label, kind, start, end in (
            ("--quarter", "3", "2025-Q3", "quarter", "2025-07-01", "2025-09-30"),
            ("--month", "2", "2025-02", "month", "2025-02-01", "2025-02-28"),
            ("--semester", "autumn", "2025-autumn", "semester", "2025-09-01", "2026-01-31")):
        out = run(db_url, clock, "evaluate", "group", gid, "--year", "2025", option, value, "--format", "json")
        assert out.exit_code == 0, out.output
        [card] = json.loads(out.output)
        assert (card["period"], card["period_kind"], card["period_start"], card["period_end"]) == (
            label, kind, start, end)
        [lib] = evaluate(rec.app, "group", evaluation_period(
            2025, value if option == "--semester" else None,
            quarter_no=int(value) if option == "--quarter" else None,
            month_no=int(value) if option == "--month" else None), gid)
        assert [m["value"] for m in card["metrics"]] == [
            m.value if m.value is None or isinstance(m.value, int) else str(m.value) for m in lib.metrics]
    out = run(db_url, clock, "evaluate", "group", gid, "--year", "2025", "--format", "json")
    assert json.loads(out.output)[0]["period_kind"] == "year"
    out = run(db_url, clock, "evaluate", "group", "--year", "2025", "--quarter", "3", "--format", "csv")
    assert {r["period"] for r in csv.DictReader(io.StringIO(out.output.lstrip("\ufeff")))} == {"2025-Q3"}


def test_period_options_refused_with_one_line_naming_them(db_url, clock):
    for args, named in ((["--semester", "spring", "--quarter", "1"], "--semester and --quarter cannot be combined"),
                        (["--quarter", "2", "--month", "5"], "--quarter and --month cannot be combined"),
                        (["--semester", "autumn", "--month", "10"], "--semester and --month cannot be combined"),
                        (["--quarter", "5"], "'--quarter': 5 is not in the range 1<=x<=4"),
                        (["--quarter", "0"], "'--quarter': 0 is not in the range 1<=x<=4"),
                        (["--month", "13"], "'--month': 13 is not in the range 1<=x<=12"),
                        (["--month", "x"], "'--month': 'x' is not a valid integer")):
        out = run(db_url, clock, "evaluate", "host", "--year", "2025", *args)
        assert out.exit_code == 2, (args, out.output)
        assert named in out.output, (args, out.output)
        assert len(out.output.strip().splitlines()) == 1 and "Traceback" not in out.output


def test_criteria_option(db_url, clock, tmp_path):
    from pathlib import Path

    shipped = Path(__file__).parents[2] / "src/gtt_domain/evaluation/packs/demonstration-base.toml"
    rec = Recorder(db_url, clock)
    host = str(build_major_world(rec)["e1"])
    out = run(db_url, clock, "evaluate", "host", host, "--year", "2025", "--format", "json")
    [card] = json.loads(out.output)
    metrics = {m["metric"]: m for m in card["metrics"]}
    assert metrics["host.criterion.interns_hosted"]["target"] == ">= 5"
    assert metrics["host.meets_demonstration_base_criteria"]["rule"] == "P14-R4"
    assert card["details"]["demonstration_base"]["pack"] == "P14-R4-demonstration-base"
    mine = tmp_path / "office.toml"
    mine.write_text(shipped.read_text("utf-8").replace("threshold = 5", "threshold = 3"), "utf-8")
    out = run(db_url, clock, "evaluate", "host", host, "--year", "2025", "--criteria", str(mine), "--format", "json")
    [card] = json.loads(out.output)
    hosted = next(m for m in card["metrics"] if m["metric"] == "host.criterion.interns_hosted")
    assert (hosted["value"], hosted["target"], hosted["met"]) == (3, ">= 3", True)
    bad = tmp_path / "bad.toml"
    bad.write_text(shipped.read_text("utf-8").replace('measure = "cap_headroom"', 'measure = "room"'), "utf-8")
    out = run(db_url, clock, "evaluate", "host", host, "--year", "2025", "--criteria", str(bad))
    assert out.exit_code == 2 and out.output.startswith("Error: --criteria: ") and "measure" in out.output
    out = run(db_url, clock, "evaluate", "host", host, "--year", "2025", "--format", "table", "--lang", "zh")
    assert out.exit_code == 0 and "符合示范基地认定条件" in out.output and "本期接收实习生" in out.output


def test_evaluate_tables_use_labels_percentages_and_one_table_per_card(db_url, clock):
    rec = Recorder(db_url, clock)
    ids = build(rec)
    gid = str(ids["group"])
    out = run(db_url, clock, "evaluate", "group", gid, "--year", "2025", "--format", "table")
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[0].endswith("· Education group · 2025")  # the card's title: subject, family, period
    assert lines[1].split()[:2] == ["Metric", "Value"]
    assert "group.exchanges_out" not in out.output and "Exchanges head → branches" in out.output
    filed = next(line for line in lines if line.startswith("Filed before start"))
    assert re.search(r"\d+(\.\d)?%\s+≥ 100%\s+P1-R4", filed)  # a share as a percentage, its target too
    assert "0.0000" not in out.output and "1.0000" not in out.output
    assert all(len(line) <= 80 for line in lines)
    zh = run(db_url, clock, "evaluate", "group", gid, "--year", "2025", "--format", "table", "--lang", "zh")
    assert "· 教育集团 · 2025" in zh.output and "先备案后交流比例" in zh.output and "%" in zh.output
    csv_rows = run(db_url, clock, "evaluate", "group", gid, "--year", "2025", "--format", "csv").output
    share = next(r for r in csv.DictReader(io.StringIO(csv_rows.lstrip("\ufeff")))
                 if r["metric"] == "group.filed_before_start_share")
    assert re.fullmatch(r"[01]\.\d{4}", share["value"]) and share["target"] == ">= 1"  # CSV keeps the raw values
