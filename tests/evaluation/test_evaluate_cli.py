"""``gtt evaluate`` on SQLite and PostgreSQL: JSON equals the library's scorecards, CSV and
the Chinese table, one subject by id, an unknown subject is invalid input (exit 2)."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner
from eval_history import Recorder
from gtt_cli.main import gtt
from test_group_scorecard import build

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
    rows = list(csv.DictReader(io.StringIO(out.output)))
    research = next(r for r in rows if r["metric"] == "group.research_activities_min_semester")
    assert (research["period"], research["value"], research["met"]) == ("2025-autumn", "1", "false")

    out = run(db_url, clock, "evaluate", "group", gid, "--year", "2025", "--format", "table", "--lang", "zh")
    assert out.exit_code == 0 and "捆绑考核得分" in out.output and "未达标" in out.output

    out = run(db_url, clock, "evaluate", "group", "no-such-group", "--year", "2025")
    assert out.exit_code == 2 and "no-such-group" in out.output
