"""``gtt audit keygen|seal|verify`` and ``gtt export events`` through click's CliRunner."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner
from gtt_cli.main import gtt
from integrity_history import TOOL, record
from integrity_tamper import raw

from gtt_domain import GttApplication

CLEAN = {"GTT_DATABASE_URL": None, "GTT_ACTOR": None, "GTT_SEAL_KEY": None,
         "GTT_SEAL_PUBLIC_KEY": None, "GTT_DEBUG": None, "NO_COLOR": None}


def cli(url, clock, *args, env=None):
    return CliRunner().invoke(gtt, ["--db", url, "--actor", "auditor", *args],
                              env={**CLEAN, **(env or {})}, obj={"clock": clock}, prog_name="gtt")


def test_keygen_seal_verify_export(db_url, clock, tmp_path):
    record(GttApplication(db_url, clock=clock))
    key = tmp_path / "seal.pem"
    made = cli(db_url, clock, "audit", "keygen", str(key))
    assert made.exit_code == 0, made.output
    fp = made.stdout.splitlines()[2].split()[-1]
    sealed = cli(db_url, clock, "audit", "seal", "--key", str(key), "--format", "json")
    assert sealed.exit_code == 0, sealed.output
    [row] = json.loads(sealed.stdout)
    assert (row["number"], row["position"], row["count"], row["actor"], row["signature"],
            row["key_fingerprint"]) == (1, 12, 12, "auditor", "signed", fp)

    ok = cli(db_url, clock, "audit", "verify", "--public-key", f"{key}.pub")
    assert ok.exit_code == 0, ok.output
    assert ok.stdout == "OK: 12 event(s), sealed up to position 12 by seal #1 (valid)\n"

    out = tmp_path / "events.jsonl"
    exported = cli(db_url, clock, "export", "events", "--format", "jsonl", "--output", str(out))
    assert exported.exit_code == 0, exported.output
    assert exported.stderr == f"12 event(s), 1 seal(s) written to {out}\n"
    to_stdout = cli(db_url, clock, "export", "events")
    assert to_stdout.stdout.splitlines()[1:] == out.read_text().splitlines()[1:]  # header has the time
    tool = subprocess.run([sys.executable, str(TOOL), str(out), "--public-key", f"{key}.pub"],
                          capture_output=True, text=True)
    assert (tool.returncode, tool.stdout) == (0, ok.stdout)

    with raw(db_url) as r:
        r.delete(8)
    bad = cli(db_url, clock, "audit", "verify", env={"GTT_SEAL_PUBLIC_KEY": f"{key}.pub"})
    assert bad.exit_code == 1 and bad.stdout == ""
    assert bad.stderr == ("Error: TAMPERED at position 8 (deleted): a chained event is missing "
                          "from the store\n")
    as_json = cli(db_url, clock, "audit", "verify", "--format", "json")
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout)["problem"]["position"] == 8


def test_seal_with_an_unreadable_key_is_refused_in_one_line(sqlite_url, clock, tmp_path):
    bad_key = tmp_path / "junk.pem"
    bad_key.write_text("junk")
    result = cli(sqlite_url, clock, "audit", "seal", "--key", str(bad_key))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {bad_key}: not an Ed25519 private key (neither PEM nor 32 raw bytes)\n"


def test_the_sqlalchemy_backend_is_chained_and_verified_through_its_recorder(tmp_path):
    """Only eventsourcing's own SQLite/PostgreSQL tables are read directly; any other
    recorder (here eventsourcing-sqlalchemy's) goes through select_notifications."""
    from gtt_domain.application import GttApplication
    from gtt_domain.integrity import extend_chain, verify

    app = GttApplication(f"sqlalchemy+sqlite:///{tmp_path}/store.sqlite3", actor="t")
    try:
        app.handle_batch([("institution.register", {"kind": "school", "name": f"S{i}", "region": "X"})
                          for i in range(7)])
        assert type(app.recorder).__name__ == "SQLAlchemyApplicationRecorder"
        head = extend_chain(app, batch_size=3)
        report = verify(app, batch_size=3)
        assert (head.count, head.added, report.ok) == (7, 7, True)
    finally:
        app.close()
