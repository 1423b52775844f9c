"""The JSONL export (docs/integrity.md): its lines, the decoded view, encryption at rest,
crypto-shredding, and the chain's incremental extension."""

from __future__ import annotations

import copy
import io
import json
import subprocess
import sys
from base64 import b64decode
from datetime import date

from eventsourcing.cryptography import AESCipher
from integrity_history import TOOL, record, standalone
from integrity_tamper import raw

from gtt_domain import GttApplication
from gtt_domain.commands.institution import RegisterInstitution, RenameInstitution
from gtt_domain.commands.person import RegisterPerson
from gtt_domain.integrity import export_events, extend_chain, seal, verify
from gtt_domain.privacy.erasure import forget_person


def export_lines(app: GttApplication) -> list[dict]:
    buf = io.StringIO()
    export_events(app, buf)
    return [json.loads(line) for line in buf.getvalue().splitlines()]


def test_export_lines(db_url, clock, tmp_path):
    app = GttApplication(db_url, clock=clock)
    ids = record(app)
    sealed = seal(app)
    app.handle(RenameInstitution(institution_id=ids[2], name="After the seal"))
    lines = export_lines(app)
    header, end = lines[0], lines[-1]
    assert header["record"] == "header"
    assert (header["format"], header["format_version"], header["hash"], header["canonicalisation"],
            header["encrypted"]) == ("gtt-event-log", 1, "sha256", "gtt-chain-v1", False)
    assert [r["record"] for r in lines[1:-1]] == ["event"] * 12 + ["seal"] + ["event"]
    assert end == {"record": "end", "events": 13, "chain_records_without_event": 0, "seals": 1}
    events = [r for r in lines if r["record"] == "event"]
    assert [e["position"] for e in events] == list(range(1, 14))
    first = events[0]
    assert first["originator_id"] == str(ids[0]) and first["version"] == 1
    assert first["topic"] == "gtt_domain.domain.institution:Institution.Registered"
    assert json.loads(b64decode(first["state_b64"])) == first["state"]
    assert first["state"]["name"] == "School 0"
    assert events[11]["chain"] == sealed.head.hex()
    assert events[12]["chain"] is None  # not chained: exporting never writes to the store
    s = lines[13]
    assert (s["number"], s["position"], s["count"], s["head"], s["signature"]) == (
        1, 12, 12, sealed.head.hex(), None)
    code, tool = standalone(app, tmp_path)
    assert code == 0 and tool["unsealed"] == 1


def test_deleted_event_appears_as_a_chain_record(db_url, clock):
    app = GttApplication(db_url, clock=clock)
    record(app, 1)
    seal(app)
    with raw(db_url) as r:
        r.delete(2)
    lines = export_lines(app)
    assert {"record": "chain", "position": 2, "chain": lines[2]["chain"]} == lines[2]
    assert lines[-1]["chain_records_without_event"] == 1


def test_a_doctored_view_is_caught_by_the_standalone_verifier(sqlite_url, clock, tmp_path):
    app = GttApplication(sqlite_url, clock=clock)
    record(app, 1)
    seal(app)
    original = export_lines(app)
    lines = copy.deepcopy(original)
    lines[3]["state"]["teacher_count"] = 30
    path = tmp_path / "doctored.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines))
    proc = subprocess.run([sys.executable, str(TOOL), str(path)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stdout.strip() == ("TAMPERED at position 3 (view): the decoded 'state' view "
                                   "differs from the stored bytes")
    path.write_text("".join(json.dumps(x) + "\n" for x in original[:-3]))  # truncated
    proc = subprocess.run([sys.executable, str(TOOL), str(path)], capture_output=True, text=True)
    assert proc.returncode == 2 and "incomplete" in proc.stderr


def test_encrypted_store_exports_no_view_and_verifies(db_url, clock, tmp_path):
    env = {"GTT_CIPHER_KEY": AESCipher.create_key(32)}
    app = GttApplication(db_url, clock=clock, env=env)
    record(app, 2)
    seal(app)
    lines = export_lines(app)
    assert lines[0]["encrypted"] is True
    assert all(r["state"] is None for r in lines if r["record"] == "event")
    assert verify(app).ok
    code, tool = standalone(app, tmp_path)
    assert code == 0 and tool["events"] == 8


def test_crypto_shredding_keeps_the_chain_valid(db_url, clock, tmp_path):
    app = GttApplication(db_url, clock=clock)
    school = app.handle(RegisterInstitution(kind="school", name="Anxi Vocational", region="Anxi"))
    pid = app.handle(RegisterPerson(kind="student", home_institution_id=school, name="Lin Xiaoyu",
                                    birth_date=date(2008, 5, 4)))
    seal(app)
    forget_person(app, pid, actor="dpo")  # destroys the key, appends an erasure event
    report = verify(app)
    assert report.ok and report.unsealed == 1
    code, _ = standalone(app, tmp_path)
    assert code == 0


def test_chain_is_extended_incrementally_in_batches(db_url, clock):
    app = GttApplication(db_url, clock=clock)
    ids = record(app)
    first = extend_chain(app, batch_size=5)
    assert (first.position, first.count, first.added) == (12, 12, 12)
    assert extend_chain(app).added == 0
    app.handle(RenameInstitution(institution_id=ids[0], name="New"))
    again = extend_chain(app, batch_size=5)
    assert (again.position, again.count, again.added) == (13, 13, 1)
    assert seal(app).head == again.head
    assert verify(app, batch_size=4).ok
