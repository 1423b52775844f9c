"""Issue 8 part 3: hostile input through the CLI (click's CliRunner, SQLite and PostgreSQL).

Generated invocations of every write command with hostile option values and ``--json``
documents: unicode, empty, 1 MB fields, wrong types, impossible dates, negative and
non-finite amounts, duplicated and unknown ids, SQL-looking strings. Whatever the input,
``gtt`` exits 0 (and prints the aggregate id), or exits 1 or 2 with exactly one line on
stderr that is a validation or domain error (not "unexpected …"), no traceback, and not
one event written.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from click.testing import CliRunner, Result
from gtt_cli.main import gtt
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gtt_domain import GttApplication
from gtt_domain.commands import REGISTRY
from gtt_domain.commands.institution import OpenDepartment, RegisterInstitution

CLEAN_ENV = {"GTT_DATABASE_URL": None, "GTT_READ_DATABASE_URL": None, "GTT_ACTOR": None,
             "GTT_LANG": None, "GTT_DEBUG": None, "NO_COLOR": None, "GTT_CIPHER_KEY": None}
SQL = "'; DROP TABLE stored_events;--"
HUGE = "x" * 1_000_000
SCHOOL_KEY = "S1"

TEXT = st.sampled_from([
    "", " ", "学校 🏫 Ünïcødé", "\u202eevil\u200b", SQL, HUGE, "2025-02-30", "2025-13-01", "-1", "-0.01",
    "0", "1e309", "NaN", "inf", "abc", "true", "[]", "{}", "null", "2025-01-01", "12", "@school", "@random",
])
JSON_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False),
              TEXT, st.sampled_from([-5, 0, 1, 2025])),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["a", "party_id", "day"]),
                                                               inner, max_size=2),
    max_leaves=6,
)
COMMANDS = sorted(REGISTRY)


def fields_of(name: str) -> list[str]:
    return sorted(REGISTRY[name].model_fields)


@st.composite
def invocation(draw: st.DrawFn) -> tuple[str, list[str] | dict[str, Any]]:
    """A command name and either option/value pairs or a ``--json`` object."""
    name = draw(st.sampled_from(COMMANDS))
    chosen = draw(st.lists(st.sampled_from(fields_of(name)), unique=True, max_size=6))
    if draw(st.booleans()):
        return name, {f: draw(JSON_VALUE) for f in chosen}
    args: list[str] = []
    for f in chosen:
        args += ["--" + f.replace("_", "-"), draw(TEXT)]
    return name, args


def resolve(value: Any, school: str) -> Any:
    if value == "@school":
        return school
    if value == "@random":
        return str(uuid.uuid4())
    if isinstance(value, list):
        return [resolve(v, school) for v in value]
    if isinstance(value, dict):
        return {k: resolve(v, school) for k, v in value.items()}
    return value


def event_count(url: str) -> int:
    app = GttApplication(url)
    try:
        return len(app.recorder.select_notifications(start=1, limit=1_000_000))
    finally:
        app.close()


def invoke(url: str, name: str, payload: Any, school: str, *, as_json: bool = False) -> Result:
    """``payload``: option/value strings, or (a dict, or ``as_json``) the ``--json`` document."""
    group, verb = name.split(".")
    if as_json or isinstance(payload, dict):
        args = ["--json", json.dumps(resolve(payload, school))]
    else:
        args = [resolve(a, school) for a in payload]
    return CliRunner().invoke(gtt, ["--db", url, "--actor", "fuzz", group, verb, *args],
                              env=CLEAN_ENV, prog_name="gtt")


def check_clean(result: Result, before: int, after: int) -> None:
    """Exit 0 and something recorded, or exit 1/2 with one stderr line and nothing written."""
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        assert result.exception is None
        assert result.stdout.strip(), result.stdout  # the aggregate id (an idempotent repeat writes nothing)
        return
    assert result.exit_code in (1, 2), (result.exit_code, result.output[:500], result.exception)
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr[:500]
    assert not result.stderr.startswith("Error: unexpected "), result.stderr[:500]  # an internal bug
    assert after == before, "a failed command wrote events"


def _store(url: str) -> str:
    app = GttApplication(url, actor="setup")
    school = app.handle(RegisterInstitution(kind="school", name="Anxi", region="Anxi", external_id=SCHOOL_KEY))
    app.handle(OpenDepartment(institution_id=school, name="Nursing"))
    app.close()
    return str(school)


def test_generated_hostile_invocations_fail_cleanly(db_url):
    school = _store(db_url)

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(invocation())
    @example(("institution.register", ["--kind", "school", "--name", HUGE, "--region", "Anxi"]))
    @example(("institution.register", {"kind": "school", "name": SQL, "region": "学校 🏫"}))
    @example(("institution.report-headcount", ["--institution-id", "@school", "--on-post-staff", "-3",
                                               "--as-of", "2025-02-30"]))
    @example(("internship.record-pay", {"internship_id": "@random", "period_start": "2025-01-01",
                                        "period_end": "2025-01-02", "amount": "-5", "regular_wage": 1e308,
                                        "paid_on": "2025-01-01"}))
    @example(("institution.open-department", ["--institution-id", "@school", "--name", "Nursing"]))
    @example(("institution.rename", ["--institution-id", SQL, "--name", SQL]))
    @example(("institution.rename", ["--institution-id", "@school", "--name", "学校 🏫 Ünïcødé"]))
    @example(("agreement.draft", {"kind": "charter", "title": "", "drafted_on": [], "term_start": {"a": 1}}))
    def check(inv: tuple[str, list[str] | dict[str, Any]]) -> None:
        name, payload = inv
        before = event_count(db_url)
        result = invoke(db_url, name, payload, school)
        check_clean(result, before, event_count(db_url))

    check()


@pytest.mark.parametrize("payload, code", [
    # a batch whose second command is refused (same department twice): nothing of it is kept
    ([{"institution_id": "@school", "name": "Surgery"}, {"institution_id": "@school", "name": "Surgery"}], 1),
    # a batch with one invalid member
    ([{"institution_id": "@school", "name": "Dental"}, {"institution_id": "@school", "name": ""}], 2),
])
def test_batches_with_a_bad_member_write_nothing(db_url, payload, code):
    school = _store(db_url)
    before = event_count(db_url)
    result = invoke(db_url, "institution.open-department", payload, school, as_json=True)
    assert result.exit_code == code, result.output
    check_clean(result, before, event_count(db_url))


def test_duplicate_external_id_is_the_same_aggregate_and_sql_is_stored_as_text(db_url):
    school = _store(db_url)
    before = event_count(db_url)
    again = invoke(db_url, "institution.register", ["--kind", "school", "--name", "Anxi", "--region", "Anxi",
                                                    "--external-id", SCHOOL_KEY], school)
    assert (again.exit_code, again.stdout.strip(), event_count(db_url)) == (0, school, before)
    renamed = invoke(db_url, "institution.rename", ["--institution-id", school, "--name", SQL], school)
    assert renamed.exit_code == 0, renamed.output
    app = GttApplication(db_url)
    assert app.get(uuid.UUID(school)).name == SQL  # stored as data, the table still there
    assert event_count(db_url) == before + 1
    app.close()


def test_impossible_date_names_the_field(db_url):
    school = _store(db_url)
    before = event_count(db_url)
    result = invoke(db_url, "institution.count-teachers", ["--institution-id", school, "--name", "Nursing",
                                                           "--teacher-count", "3", "--as-of", "2025-02-30"],
                    school)
    check_clean(result, before, event_count(db_url))
    assert result.exit_code == 2 and "as_of (--as-of)" in result.stderr
    app = GttApplication(db_url)
    assert app.get(uuid.UUID(school)).departments["Nursing"].teacher_count == 0
    app.close()
