"""``gtt audit run`` and ``gtt rules list|show`` through click's CliRunner (SQLite, PostgreSQL)."""

from __future__ import annotations

import json
from datetime import date

from audit_world import Builder, Setting
from click.testing import CliRunner
from gtt_cli.main import gtt

from gtt_domain.audit import shipped_packs

CLEAN = {"GTT_DATABASE_URL": None, "GTT_ACTOR": None, "GTT_LANG": None, "GTT_DEBUG": None, "NO_COLOR": None}


def cli(url, clock, *args):
    return CliRunner().invoke(gtt, ["--db", url, "--actor", "auditor", *args], env=CLEAN,
                              obj={"clock": clock}, prog_name="gtt")


def history(url) -> Builder:
    """A post internship; a fee charged on 15 March is recorded only on 1 May."""
    b = Builder(url)
    iid = Setting(b).internship(start=date(2025, 3, 10))
    b.clock.at(date(2025, 5, 1))
    b.h("internship.charge-fee", internship_id=iid, amount="200", charged_on=date(2025, 3, 15),
        description="deposit")
    b.app.close()
    b.iid = iid  # type: ignore[attr-defined]
    return b


def test_audit_run_on_both_time_axes_and_fail_on(db_url):
    b = history(db_url)
    now = cli(db_url, b.clock, "audit", "run", "--pack", "N-INT-2021", "--as-of", "2025-04-30", "--format", "json")
    assert now.exit_code == 0, now.output
    [f] = json.loads(now.stdout)
    assert (f["rule_id"], f["severity"], f["subject_kind"], f["comparison"], f["status"]) == (
        "NINT21-8-fees", "critical", "internship", "fee 200 > 0", "open")
    assert f["evidence"][0]["event_type"] == "FeeCharged" and f["evidence"][0]["position"] > 0
    assert f["explanation"].startswith("No fees charged, no documents held: 200 charged on 2025-03-15")

    then = cli(db_url, b.clock, "audit", "run", "--pack", "N-INT-2021", "--as-of", "2025-04-30",
               "--known-at", "2025-04-30T00:00", "--format", "json", "--fail-on", "info")
    assert (then.exit_code, json.loads(then.stdout)) == (0, [])

    failing = cli(db_url, b.clock, "audit", "run", "--pack", "N-INT-2021", "--as-of", "2025-04-30",
                  "--fail-on", "critical", "--format", "csv")
    assert failing.exit_code == 3
    assert failing.stderr == "Error: 1 open finding(s) at or above critical\n"
    assert failing.stdout.splitlines()[0] == ("\ufeffseverity,rule_id,subject_kind,subject_id,period,comparison,status,"
                                              "explanation,status_detail,finding_id,key")


def test_audit_run_in_chinese(sqlite_url):
    b = history(sqlite_url)
    out = cli(sqlite_url, b.clock, "--lang", "zh", "audit", "run", "--rule", "NINT21-8-fees",
              "--as-of", "2025-04-30", "--format", "json")
    assert out.exit_code == 0, out.output
    [f] = json.loads(out.stdout)
    assert f["explanation"] == "不得收取费用或扣押证件：2025-03-15向学生收取200（deposit）"
    table = cli(sqlite_url, b.clock, "audit", "run", "--rule", "NINT21-8-fees", "--as-of", "2025-04-30",
                "--format", "table", "--lang", "zh")
    assert "严重程度" in table.stdout and "严重" in table.stdout  # headers and severities in Chinese
    assert "学生收取200" in table.stdout.replace("\n", "").replace(" ", "")  # cells wrap at 80 columns
    assert all(len(line) <= 80 for line in table.stdout.splitlines())


def test_bad_pack_and_rule_are_usage_errors(sqlite_url, tmp_path):
    b = history(sqlite_url)
    nope = cli(sqlite_url, b.clock, "audit", "run", "--pack", "NOPE", "--as-of", "2025-04-30")
    assert nope.exit_code == 2 and nope.stderr.startswith("Error: --pack: no shipped pack 'NOPE'")
    bad = tmp_path / "bad.toml"
    bad.write_text('[pack]\nid = "B"\n', encoding="utf-8")
    broken = cli(sqlite_url, b.clock, "audit", "run", "--pack", str(bad))
    assert broken.exit_code == 2 and "pack.version: Field required" in broken.stderr
    rule = cli(sqlite_url, b.clock, "audit", "run", "--rule", "NOPE-1")
    assert rule.exit_code == 2 and "unknown rule id(s) NOPE-1" in rule.stderr


def test_rules_list_and_show(sqlite_url, clock):
    listed = cli(sqlite_url, clock, "rules", "list", "--format", "json")
    assert listed.exit_code == 0, listed.output
    assert sorted(r["rule_id"] for r in json.loads(listed.stdout)) == sorted(
        r.rule.id for p in shipped_packs() for r in p.rules)
    shown = cli(sqlite_url, clock, "rules", "show", "NINT16-7-pay")
    rule = json.loads(shown.stdout)
    assert (rule["type"], rule["params"]["bound"], rule["source"]["ref"], rule["pack"]["in_force_to"]) == (
        "ratio_at_least", "0.80", "N-INT-7", "2021-12-31")
    assert rule["params"]["options"]["basis_en"] == "the probationary wage"
    unverified = json.loads(cli(sqlite_url, clock, "rules", "show", "NINT21-13-ratio").stdout)
    assert unverified["unverified"] is True and "unverified" in unverified["source"]["note"]
    missing = cli(sqlite_url, clock, "rules", "show", "NOPE")
    assert missing.exit_code == 2 and missing.stderr == "Error: no rule 'NOPE' in the packs; see `gtt rules list`\n"
    zh = cli(sqlite_url, clock, "rules", "list", "--pack", "P10", "--lang", "zh", "--format", "csv")
    assert "实习生离职须提前一周书面申请并经企业批准" in zh.stdout


def test_show_and_history_on_both_axes(db_url):
    b = history(db_url)
    iid = b.iid
    now = json.loads(cli(db_url, b.clock, "show", str(iid)).stdout)
    assert [x["description"] for x in now["state"]["fees"]] == ["deposit"]
    before = cli(db_url, b.clock, "show", str(iid), "--known-at", "2025-04-30")
    assert before.exit_code == 0, before.output
    assert json.loads(before.stdout)["state"]["fees"] == []
    dated = json.loads(cli(db_url, b.clock, "show", str(iid), "--as-of", "2025-03-14").stdout)
    assert dated["state"]["fees"] == [] and dated["state"]["status"] == "started"
    events = json.loads(cli(db_url, b.clock, "history", str(iid), "--format", "json").stdout)
    known = json.loads(cli(db_url, b.clock, "history", str(iid), "--known-at", "2025-04-30",
                           "--format", "json").stdout)
    assert [e["type"] for e in events][-1] == "FeeCharged" and len(known) == len(events) - 1
