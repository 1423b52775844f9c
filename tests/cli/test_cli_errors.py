"""Documented failures: one line on stderr, exit 2 for invalid input, 1 for refusals."""

from __future__ import annotations

import json
import uuid
from datetime import datetime

import click
from click.testing import CliRunner
from gtt_cli.errors import FindingsAtOrAbove
from gtt_cli.main import gtt

from gtt_domain import natural_id

SCHOOL = str(natural_id("institution", "S1"))
REGISTER = ["institution", "register", "--kind", "school", "--name", "Anxi No.1", "--region", "Anxi",
            "--external-id", "S1"]


def test_missing_field_exits_2_naming_it(run, error_line):
    result = run("institution", "register", "--kind", "school", "--region", "Anxi")
    assert error_line(result, 2) == "Error: invalid input: name (--name): Field required"


def test_several_invalid_fields_are_named_on_one_line(run, error_line):
    result = run("institution", "register", "--name", "")
    assert error_line(result, 2) == (
        "Error: invalid input: kind (--kind): Field required; "
        "name (--name): String should have at least 1 character, got ''; "
        "region (--region): Field required")


def test_bad_choice_exits_2(run, error_line):
    result = run("institution", "register", "--kind", "schol", "--name", "X", "--region", "Y")
    assert error_line(result, 2) == (
        "Error: Invalid value for '--kind': 'schol' is not one of 'school', 'enterprise', "
        "'hospital', 'health_centre', 'bureau', 'association'. "
        "(see 'gtt institution register --help')")


def test_impossible_date_exits_2_without_traceback(run, error_line):
    run(*REGISTER)
    result = run("institution", "report-headcount", "--institution-id", SCHOOL,
                 "--on-post-staff", "40", "--as-of", "2025-02-30")
    assert error_line(result, 2) == (
        "Error: invalid input: as_of (--as-of): Input should be a valid date or datetime, "
        "day value is outside expected range, got '2025-02-30'")


def test_bad_effective_at_exits_2(run, error_line):
    result = run(*REGISTER, "--effective-at", "2025-02-30")
    assert error_line(result, 2).startswith(
        "Error: Invalid value for '--effective-at': '2025-02-30' is not an ISO date or time")


def test_refused_command_exits_1_with_the_domain_reason(run, error_line):
    run(*REGISTER)
    result = run("institution", "rename", "--institution-id", SCHOOL, "--name", "Anxi No.1")
    assert error_line(result, 1) == (
        f"Error: institution {SCHOOL}: rename refused: the name is already 'Anxi No.1'")


def test_unknown_ids_exit_1(run, error_line):
    unknown = str(uuid.uuid4())
    assert error_line(run("show", unknown), 1) == f"Error: aggregate {unknown} not found"
    assert error_line(run("history", unknown), 1) == f"Error: aggregate {unknown} not found"
    rename = run("institution", "rename", "--institution-id", unknown, "--name", "X")
    assert error_line(rename, 1) == f"Error: institution {unknown} not found"


def test_malformed_ids_exit_2(run, error_line):
    assert error_line(run("show", "nope"), 2) == (
        "Error: 'nope' is not an id (a UUID, a key such as a student number or 编号, or the first 8+ digits "
        "a table shows)")
    rename = run("institution", "rename", "--institution-id", "nope", "--name", "X")  # nor a code on record
    assert error_line(rename, 2) == "Error: invalid input: institution_id (--institution-id): 'nope' matches " \
                                    "no institution"


def test_bad_json_input_exits_2(run, error_line, tmp_path):
    register = ["institution", "register", "--json"]
    assert error_line(run(*register, '{"kind": "school",'), 2).startswith(
        "Error: --json: not valid JSON: Expecting property name enclosed in double quotes")
    assert error_line(run(*register, "[1, 2]"), 2) == (
        "Error: --json: expected a JSON object or a non-empty array of objects")
    missing = tmp_path / "missing.json"
    assert error_line(run(*register, f"@{missing}"), 2) == (
        f"Error: --json: cannot read {missing}: No such file or directory")
    extra = run(*register, '{"kind": "school", "name": "A", "region": "B", "colour": "red"}')
    assert error_line(extra, 2) == (
        "Error: invalid input: colour: Extra inputs are not permitted, got 'red'")


def test_unknown_option_and_command_exit_2(run, error_line):
    assert error_line(run("institution", "register", "--nme", "X"), 2) == (
        "Error: No such option '--nme'. Did you mean '--name'? (see 'gtt institution register --help')")
    assert error_line(run("nonsense"), 2) == "Error: No such command 'nonsense'. (see 'gtt --help')"


def test_bad_global_options_exit_2(sqlite_url, error_line):
    runner = CliRunner()
    bad_url = runner.invoke(gtt, ["--db", "mysql://x", "show", str(uuid.uuid4())], prog_name="gtt")
    assert error_line(bad_url, 2).startswith(
        "Error: Invalid value for '--db': unsupported database URL 'mysql://x'")
    assert error_line(bad_url, 2).endswith("(see 'gtt --help')")
    empty_actor = runner.invoke(gtt, ["--db", sqlite_url, "--actor", " ", "show", str(uuid.uuid4())])
    assert error_line(empty_actor, 2) == (
        "Error: Invalid value for '--actor': must not be empty (see 'gtt --help')")


def test_unusable_database_exits_1_in_one_line(tmp_path, error_line):
    result = CliRunner().invoke(gtt, ["--db", f"sqlite:///{tmp_path}", "show", str(uuid.uuid4())],
                                prog_name="gtt")
    assert error_line(result, 1) == (f"Error: {tmp_path} is a directory, not a gtt store: "
                                     "name a file with --db or $GTT_DATABASE_URL")


def test_unexpected_error_is_one_line_unless_gtt_debug(sqlite_url, error_line):
    def naive_clock() -> datetime:  # a programming error, not a user's mistake
        return datetime(2025, 1, 1)

    args = ["--db", sqlite_url, *REGISTER]
    result = CliRunner().invoke(gtt, args, obj={"clock": naive_clock}, env={"GTT_DEBUG": None})
    assert error_line(result, 1) == (
        "Error: unexpected ValueError: recorded_at must be timezone-aware "
        "(set GTT_DEBUG=1 to see the traceback)")
    debug = CliRunner().invoke(gtt, args, obj={"clock": naive_clock}, env={"GTT_DEBUG": "1"})
    assert isinstance(debug.exception, ValueError)


def test_findings_at_or_above_fail_on_exit_3(run, error_line):
    @click.command("fake-audit", help="Test only.\n\nExample: gtt fake-audit")
    def fake_audit() -> None:
        raise FindingsAtOrAbove("2 findings at or above 'major'")

    gtt.add_command(fake_audit)
    try:
        assert error_line(run("fake-audit"), 3) == "Error: 2 findings at or above 'major'"
    finally:
        del gtt.commands["fake-audit"]


def test_refused_item_in_a_json_batch_exits_1_and_records_nothing(run, error_line):
    run(*REGISTER)
    renames = [{"institution_id": SCHOOL, "name": "Anxi No.2"},
               {"institution_id": SCHOOL, "name": "Anxi No.2"}]
    result = run("institution", "rename", "--json", json.dumps(renames))
    assert error_line(result, 1) == (
        f"Error: batch item 2: institution {SCHOOL}: rename refused: the name is already 'Anxi No.2'")
    assert json.loads(run("show", SCHOOL).stdout)["state"]["name"] == "Anxi No.1"
