"""Issue 16, part 4: the trust gaps an attacker found in tamper evidence, closed.

Each test makes the attack with SQL on the store (SQLite file and PostgreSQL schema) and
runs the installed ``gtt`` and tools/gtt_verify.py as an auditor would. On the main
branch before issue 16 each of these attacks passed verification with exit 0.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from tamper_support import TOOL, raw, record, run

from gtt_domain import GttApplication
from gtt_domain.commands.institution import RenameInstitution
from gtt_domain.integrity import extend_chain, generate_keypair, seal


def tool(path, *args):
    return subprocess.run([sys.executable, str(TOOL), str(path), *args], capture_output=True, text=True)


def export(url, tmp_path, name="events.jsonl"):
    out = tmp_path / name
    done = run(url, "export", "events", "--format", "jsonl", "--output", str(out))
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture
def keys(tmp_path):
    private, public, _ = generate_keypair(tmp_path / "seal.pem")
    intruder, intruder_public, _ = generate_keypair(tmp_path / "intruder.pem")
    return private, public, intruder


def rollback_to(url, position, keep_seals):
    """Delete the tail of the log after ``position`` with its chain records and the seals
    after ``keep_seals``: a store consistent with itself, as it was earlier."""
    with raw(url) as r:
        r.sql(f"DELETE FROM {r.events} WHERE {r.pos} > ?", position)
        r.sql(f"DELETE FROM {r.chain} WHERE position > ?", position)
        r.sql(f"DELETE FROM {r.seals} WHERE number > ?", keep_seals)


def test_a_rollback_past_a_receipt_fails(db_url, clock, tmp_path):
    app = GttApplication(db_url, clock=clock)
    ids = record(app)
    first = run(db_url, "audit", "seal", "--receipt", str(tmp_path / "r1.json"))
    assert first.returncode == 0, first.stderr
    for i, iid in enumerate(ids):
        app.handle(RenameInstitution(institution_id=iid, name=f"Later {i}"))
    second = run(db_url, "audit", "seal", "--receipt", str(tmp_path / "r2.json"), "--format", "json")
    assert second.returncode == 0, second.stderr
    r2 = json.loads((tmp_path / "r2.json").read_text())
    assert (r2["format"], r2["number"], r2["position"], r2["count"]) == ("gtt-seal-receipt", 2, 15, 15)
    assert r2["head"] == json.loads(second.stdout)[0]["head"]

    again = run(db_url, "audit", "seal", "--receipt", str(tmp_path / "r2.json"))
    assert (again.returncode, again.stderr) == (2, f"Error: {tmp_path / 'r2.json'} exists; refusing to "
                                                   "overwrite a receipt (nothing was sealed)\n")

    rollback_to(db_url, 12, keep_seals=1)
    plain = run(db_url, "audit", "verify")
    assert plain.returncode == 0, plain.stderr  # the store alone cannot tell: that is the gap
    assert plain.stdout.startswith("OK: 12 event(s), sealed up to position 12 by seal #1")
    assert run(db_url, "audit", "verify", "--receipt", str(tmp_path / "r1.json")).returncode == 0

    caught = run(db_url, "audit", "verify", "--receipt", str(tmp_path / "r1.json"),
                 "--receipt", str(tmp_path / "r2.json"))
    assert caught.returncode == 1
    assert caught.stderr == (
        f"Error: TAMPERED at position 15 (rollback): receipt {tmp_path / 'r2.json'} sealed 15 event(s) "
        "up to position 15 (seal #2); the log now ends at position 12 with 12 event(s) (rolled back)\n")
    out = export(db_url, tmp_path)
    standalone = tool(out, "--receipt", str(tmp_path / "r2.json"), "--json")
    assert standalone.returncode == 1, standalone.stderr
    assert json.loads(standalone.stdout)["problem"]["kind"] == "rollback"


def test_a_rollback_that_re_records_the_tail_fails(db_url, clock, tmp_path):
    """Roll back, then record other events in the freed positions and seal again: the
    receipt's head no longer matches at its position."""
    app = GttApplication(db_url, clock=clock)
    ids = record(app)
    app.handle(RenameInstitution(institution_id=ids[0], name="Sealed name"))
    assert run(db_url, "audit", "seal", "--receipt", str(tmp_path / "r.json")).returncode == 0
    with raw(db_url) as r:
        last = r.positions()[-1]
    rollback_to(db_url, last - 1, keep_seals=0)
    app = GttApplication(db_url, clock=clock)
    app.handle(RenameInstitution(institution_id=ids[0], name="Rewritten name"))
    assert run(db_url, "audit", "seal").returncode == 0
    caught = run(db_url, "audit", "verify", "--receipt", str(tmp_path / "r.json"))
    assert caught.returncode == 1, caught.stdout
    assert "(rollback)" in caught.stderr or "(seal)" in caught.stderr or "(signature)" in caught.stderr


def test_stripped_signatures_fail_with_a_configured_key(db_url, clock, tmp_path, keys):
    private, public, _ = keys
    app = GttApplication(db_url, clock=clock)
    ids = record(app)
    seal(app, private)
    app.handle(RenameInstitution(institution_id=ids[1], name="After the first seal"))
    seal(app, private)
    env = {"GTT_SEAL_PUBLIC_KEY": str(public)}
    assert run(db_url, "audit", "verify", **env).returncode == 0

    with raw(db_url) as r:  # strip the first seal's signature only: the last still verifies
        r.sql(f"UPDATE {r.seals} SET signature = NULL, public_key = NULL WHERE number = 1")
    caught = run(db_url, "audit", "verify", **env)
    assert caught.returncode == 1
    assert caught.stderr == ("Error: TAMPERED at position 12 (signature): seal #1 is unsigned but a "
                             "public key was given (signature removed?)\n")
    out = export(db_url, tmp_path)
    assert tool(out, "--public-key", str(public)).returncode == 1
    # an auditor who knows signing began with seal #2 says so (from outside the store)
    assert run(db_url, "audit", "verify", "--signed-from", "2", **env).returncode == 0
    assert tool(out, "--public-key", str(public), "--signed-from", "2").returncode == 0

    with raw(db_url) as r:  # strip them all: the store looks unsigned
        r.sql(f"UPDATE {r.seals} SET signature = NULL, public_key = NULL")
    caught = run(db_url, "audit", "verify", **env)
    assert caught.returncode == 1 and "(signature)" in caught.stderr


def test_a_stripped_signature_fails_against_its_receipt_without_a_key(db_url, clock, tmp_path, keys):
    private, _, _ = keys
    app = GttApplication(db_url, clock=clock)
    record(app)
    done = run(db_url, "audit", "seal", "--key", str(private), "--receipt", str(tmp_path / "r.json"))
    assert done.returncode == 0, done.stderr
    with raw(db_url) as r:
        r.sql(f"UPDATE {r.seals} SET signature = NULL, public_key = NULL")
    assert run(db_url, "audit", "verify").returncode == 0  # nothing says it was ever signed
    caught = run(db_url, "audit", "verify", "--receipt", str(tmp_path / "r.json"))
    assert caught.returncode == 1
    assert caught.stderr == (f"Error: TAMPERED at position 12 (signature): seal #1 differs from receipt "
                             f"{tmp_path / 'r.json'} in its signature (signature removed or re-signed)\n")


def test_a_re_signed_store_is_not_trusted(db_url, clock, tmp_path, keys):
    """The intruder edits an event, rebuilds the chain and re-signs the seal with a key of
    their own: every stored check holds, so only a configured key can tell."""
    private, public, intruder = keys
    app = GttApplication(db_url, clock=clock)
    ids = record(app)
    seal(app, private)
    with raw(db_url) as r:
        r.edit_state_byte(3)
        r.rewrite_chain_from(3)
        r.sql(f"DELETE FROM {r.seals}")
    extend_chain(app)
    seal(app, intruder)
    assert ids

    untrusted = run(db_url, "audit", "verify")
    assert untrusted.returncode == 2, untrusted.stdout  # main: exit 0, "valid-untrusted"
    assert untrusted.stderr.startswith("Error: CANNOT VERIFY at position 12 (untrusted): seal #1 is "
                                       "signed but no public key is configured")
    caught = run(db_url, "audit", "verify", GTT_SEAL_PUBLIC_KEY=str(public))
    assert caught.returncode == 1 and "(signature)" in caught.stderr
    caught = run(db_url, "audit", "verify", "--public-key", str(public))
    assert caught.returncode == 1 and "not by a given public key" in caught.stderr
    out = export(db_url, tmp_path)
    assert tool(out).returncode == 2
    assert tool(out, "--public-key", str(public)).returncode == 1


def test_an_id_case_change_fails_verify(sqlite_url, clock, tmp_path):
    """SQLite keeps ids as text and replay compares text: an upper-cased id hides the event
    from its aggregate. The chain used to hash the normalised id, so verify passed.
    (PostgreSQL's ``uuid`` column has no case to change.)"""
    app = GttApplication(sqlite_url, clock=clock)
    ids = record(app)
    seal(app)
    with raw(sqlite_url) as r:
        r.sql("UPDATE stored_events SET originator_id = upper(originator_id) WHERE rowid = 10")
        assert r.row(10)[0] != ids[1].hex  # (a uuid4's hex has letters)
    shown = run(sqlite_url, "show", str(ids[1]))  # positions 2, 5, 9 and 10
    assert shown.returncode == 0 and json.loads(shown.stdout)["version"] == 3  # the rename is hidden
    caught = run(sqlite_url, "audit", "verify")
    assert caught.returncode == 1
    assert caught.stderr.startswith("Error: TAMPERED at position 10 (altered): originator_id '")
    assert "is not stored as gtt writes it" in caught.stderr
    out = export(sqlite_url, tmp_path)
    standalone = tool(out, "--json")
    assert standalone.returncode == 1
    assert json.loads(standalone.stdout)["problem"]["position"] == 10

    # after the last seal, not yet chained: sealing refuses to chain it
    app.handle(RenameInstitution(institution_id=ids[2], name="Unsealed"))
    with raw(sqlite_url) as r:
        r.sql("UPDATE stored_events SET originator_id = lower(originator_id) WHERE rowid = 10")
        r.sql("UPDATE stored_events SET originator_id = upper(originator_id) "
              "WHERE rowid = (SELECT max(rowid) FROM stored_events)")
    refused = run(sqlite_url, "audit", "seal")
    assert refused.returncode == 2
    assert refused.stderr.startswith("Error: position 13: originator_id '")
    assert refused.stderr.endswith("not chained (run gtt audit verify)\n")
    caught = run(sqlite_url, "audit", "verify")
    assert caught.returncode == 1 and caught.stderr.startswith("Error: TAMPERED at position 13 (altered)")


@pytest.mark.parametrize(("value", "what"), [("'some text'", "text"), ("42", "an integer")])
def test_a_state_column_of_the_wrong_type_is_named_with_its_position(sqlite_url, clock, value, what):
    """SQLite lets any column hold any type (PostgreSQL's bytea cannot hold these)."""
    app = GttApplication(sqlite_url, clock=clock)
    record(app)
    seal(app)
    with raw(sqlite_url) as r:
        r.sql(f"UPDATE stored_events SET state = {value} WHERE rowid = 5")
    result = run(sqlite_url, "audit", "verify")
    assert result.returncode == 2
    assert result.stderr == (f"Error: CANNOT VERIFY at position 5 (unreadable): the state column holds "
                             f"{what}, not bytes\n")


@pytest.mark.parametrize("column", ["state", "topic"])
def test_a_null_column_is_named_with_its_position(db_url, clock, tmp_path, column):
    """Both stores allow NULL in ``state`` and ``topic``."""
    app = GttApplication(db_url, clock=clock)
    record(app)
    seal(app)
    with raw(db_url) as r:
        r.sql(f"UPDATE {r.events} SET {column} = NULL WHERE {r.pos} = 5")
    result = run(db_url, "audit", "verify")
    assert result.returncode == 2
    assert result.stderr == (f"Error: CANNOT VERIFY at position 5 (unreadable): the {column} column holds "
                             f"NULL, not {'bytes' if column == 'state' else 'text'}\n")
    out = export(db_url, tmp_path)  # the export says where, and the standalone verifier agrees
    standalone = tool(out, "--json")
    assert standalone.returncode == 2
    assert json.loads(standalone.stdout)["problem"] == {
        "position": 5, "kind": "unreadable",
        "detail": f"the {column} column holds NULL, not {'bytes' if column == 'state' else 'text'}"}


def test_an_empty_or_foreign_file_is_not_ok(tmp_path, pg_url_or_none):
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    text = tmp_path / "notes.sqlite3"
    text.write_text("not a database at all, just some text that is long enough to matter\n" * 20)
    other = tmp_path / "other.sqlite3"
    import sqlite3

    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    cases = {
        tmp_path / "missing.sqlite3": "no such file, not a gtt event store",
        empty: "is an empty file (0 bytes), not a gtt store",
        text: "is not a gtt store: it is not an SQLite database file",
        other: "is an SQLite database but not a gtt store (no stored_events table",
    }
    for path, why in cases.items():
        result = run(f"sqlite:///{path}", "audit", "verify")
        assert (result.returncode, result.stdout) == (2, ""), result.stderr
        assert result.stderr.count("\n") == 1, result.stderr
        assert result.stderr.startswith(f"Error: {path}: {why}" if "no such" in why else f"Error: {path} {why}")
    assert empty.stat().st_size == 0 and not (tmp_path / "missing.sqlite3").exists()  # left alone
    fresh = tmp_path / "fresh.sqlite3"
    GttApplication(f"sqlite:///{fresh}").close()
    result = run(f"sqlite:///{fresh}", "audit", "verify")
    assert result.returncode == 2
    assert result.stderr.startswith("Error: EMPTY: the store holds no event and no seal")
    if pg_url_or_none:
        result = run(pg_url_or_none, "audit", "verify")
        assert result.returncode == 2 and "EMPTY" in result.stderr


@pytest.fixture
def pg_url_or_none(request):
    """A fresh PostgreSQL schema when the PostgreSQL tests run (see tests/conftest.py)."""
    return request.getfixturevalue("pg_url") if os.environ.get("GTT_TEST_POSTGRES_URL") else None
