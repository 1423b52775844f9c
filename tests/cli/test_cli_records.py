"""Record through the generated commands, read back with ``gtt show`` and ``gtt history``."""

from __future__ import annotations

import json

from gtt_domain import natural_id
from gtt_domain.application.policy import os_user

MIDEA = str(natural_id("institution", "91440606"))
REGISTER = ["institution", "register", "--kind", "enterprise", "--name", "Midea", "--region", "Shunde",
            "--external-id", "91440606"]


def test_register_show_history_round_trip(run_any):
    result = run_any(*REGISTER)
    assert result.exit_code == 0, result.output
    assert result.stdout == MIDEA + "\n"

    renamed = run_any("institution", "rename", "--institution-id", MIDEA, "--name", "美的集团",
                      "--effective-at", "2024-09-01", "--reason", "merger", "--correlation-id", "op-7",
                      actor="bob")
    assert renamed.exit_code == 0, renamed.output

    shown = json.loads(run_any("show", MIDEA).stdout)
    assert shown["id"] == MIDEA and shown["kind"] == "institution" and shown["version"] == 2
    assert shown["created_on"] == "2025-01-01T08:00:00+00:00"
    assert shown["modified_on"] == "2025-01-01T08:00:01+00:00"
    assert shown["state"]["name"] == "美的集团"
    assert shown["state"]["kind"] == "enterprise"
    assert shown["state"]["closed_majors"] == [] and shown["state"]["departments"] == {}

    events = json.loads(run_any("history", MIDEA).stdout)
    assert [(e["version"], e["type"], e["actor"]) for e in events] == [
        (1, "Registered", "alice"), (2, "Renamed", "bob")]
    assert events[0]["recorded_at"] == "2025-01-01T08:00:00+00:00"
    assert events[0]["effective_at"] is None
    assert events[0]["fields"] == {"kind": "enterprise", "name": "Midea", "region": "Shunde",
                                   "locality": None, "school_stage": None, "external_id": "91440606"}
    assert events[1] == {
        "version": 2, "type": "Renamed", "actor": "bob", "os_user": os_user(),
        "recorded_at": "2025-01-01T08:00:01+00:00", "effective_at": "2024-09-01T00:00:00+00:00",
        "reason": "merger", "correlation_id": "op-7", "fields": {"name": "美的集团"},
    }


def test_decimals_and_dates_are_strings_in_show(run):
    run(*REGISTER)
    run("institution", "assess-quality", "--institution-id", MIDEA, "--year", "2025",
        "--score", "82.50", "--assessor", "County bureau")
    run("institution", "report-headcount", "--institution-id", MIDEA, "--on-post-staff", "420",
        "--as-of", "2025-03-01")
    state = json.loads(run("show", MIDEA).stdout)["state"]
    assert state["quality"] == {"2025": "82.50"}
    assert state["on_post_staff"] == 420
    history = json.loads(run("history", MIDEA, "--format", "json").stdout)
    assert history[2]["fields"] == {"on_post_staff": 420, "as_of": "2025-03-01"}
    assert history[2]["effective_at"] == "2025-03-01T00:00:00+00:00"  # the fact's own date


def test_history_table_exact(run):
    run(*REGISTER)
    run("institution", "rename", "--institution-id", MIDEA, "--name", "Midea Group",
        "--reason", "renamed after the 2024 merger of the two companies", "--effective-at", "2024-09-01")
    result = run("history", MIDEA, "--format", "table")
    assert result.exit_code == 0
    assert result.stdout == (
        "                        Recorded    Effective\n"
        "Ver  Event       Actor  at          at          Reason      Fields\n"
        + "─" * 80 + "\n"
        "  1  Registered  alice  2025-01-01                          kind=enterprise,\n"
        "                        08:00:00Z                           name=Midea,\n"
        "                                                            region=Shunde,\n"
        "                                                            external_id=91440606\n"
        "  2  Renamed     alice  2025-01-01  2024-09-01  renamed     name=Midea Group\n"
        "                        08:00:01Z               after the\n"
        "                                                2024\n"
        "                                                merger of\n"
        "                                                the two\n"
        "                                                companies\n"
    )
    assert all(len(line) <= 80 for line in result.stdout.splitlines())


def test_history_in_chinese_and_csv(run):
    run(*REGISTER)
    zh = run("--lang", "zh", "history", MIDEA, "--format", "table").stdout
    assert zh.splitlines()[0].split() == ["版本", "事件", "记录人", "记录时间", "生效时间", "原因", "内容"]
    after = run("history", MIDEA, "--format", "table", "--lang", "zh").stdout  # --lang after the command
    assert after == zh
    csv_out = run("history", MIDEA, "--format", "csv").stdout
    assert csv_out.startswith("\ufeff")  # the BOM Excel needs to read UTF-8
    assert csv_out[1:].splitlines() == [
        "version,type,actor,os_user,recorded_at,effective_at,reason,correlation_id,fields",
        f'1,Registered,alice,{os_user()},2025-01-01T08:00:00+00:00,,,,"{{""kind"": ""enterprise"", ""name"": '
        '""Midea"", ""region"": ""Shunde"", ""locality"": null, ""school_stage"": null, '
        '""external_id"": ""91440606""}"',
    ]


def test_show_as_table(run):
    run(*REGISTER)
    lines = run("show", MIDEA, "--format", "table").stdout.splitlines()
    assert lines[0].split() == ["Attribute", "Value"]
    assert lines[2].split() == ["id", MIDEA]
    assert ["state.name", "Midea"] in [line.split() for line in lines]


def test_write_output_as_json(run):
    result = run(*REGISTER, "--format", "json")
    assert json.loads(result.stdout) == {"id": MIDEA}


def test_json_input_text_file_and_stdin(run, tmp_path):
    doc = {"kind": "school", "name": "Anxi No.1", "region": "Anxi", "external_id": "A1"}
    first = run("institution", "register", "--json", json.dumps(doc))
    assert first.exit_code == 0 and first.stdout.strip() == str(natural_id("institution", "A1"))

    path = tmp_path / "in.json"
    path.write_text(json.dumps({**doc, "external_id": "A2"}), encoding="utf-8-sig")  # BOM is fine
    second = run("institution", "register", "--json", f"@{path}")
    assert second.stdout.strip() == str(natural_id("institution", "A2"))

    third = run("institution", "register", "--json", "-", "--name", "Overridden",
                input=json.dumps({**doc, "external_id": "A3"}))
    third_id = third.stdout.strip()
    assert json.loads(run("show", third_id).stdout)["state"]["name"] == "Overridden"


def test_json_array_is_one_batch(run):
    docs = [{"kind": "bureau", "name": "Anxi Education Bureau", "region": "Anxi", "external_id": "B1"},
            {"kind": "school", "name": "Anxi No.2", "region": "Anxi", "external_id": "B2"}]
    result = run("institution", "register", "--json", json.dumps(docs), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"id": str(natural_id("institution", k))} for k in ("B1", "B2")]


def test_json_array_with_a_bad_item_records_nothing(run, error_line):
    docs = [{"kind": "bureau", "name": "Bureau", "region": "Anxi", "external_id": "C1"},
            {"kind": "school", "name": "", "region": "Anxi"}]
    result = run("institution", "register", "--json", json.dumps(docs))
    assert error_line(result, 2) == (
        "Error: item 2: invalid input: name (--name): String should have at least 1 character, got ''")
    missing = run("show", str(natural_id("institution", "C1")))
    assert missing.exit_code == 1


def test_actor_defaults_to_gtt_actor(sqlite_url, clock):
    from click.testing import CliRunner
    from gtt_cli.main import gtt

    runner = CliRunner()
    env = {"GTT_ACTOR": "carol", "GTT_DATABASE_URL": sqlite_url}
    assert runner.invoke(gtt, REGISTER, env=env, obj={"clock": clock}).exit_code == 0
    events = json.loads(runner.invoke(gtt, ["history", MIDEA], env=env).stdout)
    assert events[0]["actor"] == "carol"
