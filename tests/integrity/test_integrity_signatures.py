"""Signed seals: the public key verifies them, another key does not, and an intruder who
rewrites events, chain and seal head cannot re-sign without the private key."""

from __future__ import annotations

import stat

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from integrity_history import record, standalone
from integrity_tamper import raw

from gtt_domain import GttApplication
from gtt_domain.commands.institution import RenameInstitution
from gtt_domain.integrity import (
    SealKeyError,
    extend_chain,
    generate_keypair,
    key_fingerprint,
    load_private_key,
    load_public_key,
    seal,
    verify,
)


@pytest.fixture
def keys(tmp_path):
    private, public, fp = generate_keypair(tmp_path / "seal.pem")
    other_private, other_public, _ = generate_keypair(tmp_path / "other.pem")
    return private, public, fp, other_public


def test_signed_seal_verifies_with_its_public_key(db_url, clock, tmp_path, keys):
    private, public, fp, _ = keys
    app = GttApplication(db_url, clock=clock)
    record(app)
    row = seal(app, private)
    assert row.signature is not None and len(row.signature) == 64
    report = verify(app, public)
    assert report.ok, report.summary()
    assert [(s.signature, s.key_fingerprint) for s in report.seals] == [("valid", fp)]
    assert [s.signature for s in verify(app).seals] == ["valid-untrusted"]
    code, tool = standalone(app, tmp_path, "--public-key", str(public))
    assert code == 0 and tool["seals"][0]["signature"] == "valid"


def test_another_key_does_not_verify(db_url, clock, tmp_path, keys):
    private, _, fp, other_public = keys
    app = GttApplication(db_url, clock=clock)
    record(app)
    seal(app, private)
    report = verify(app, other_public)
    assert report.problem is not None
    assert (report.problem.position, report.problem.kind) == (12, "signature")
    assert fp in report.problem.detail
    code, tool = standalone(app, tmp_path, "--public-key", str(other_public))
    assert code == 1 and tool["problem"]["kind"] == "signature"


def test_a_public_key_requires_a_signed_last_seal(db_url, clock, keys):
    _, public, _, _ = keys
    app = GttApplication(db_url, clock=clock)
    record(app)
    assert verify(app, public).problem.kind == "signature"  # no seal at all
    seal(app)  # unsigned
    report = verify(app, public)
    assert report.problem is not None and report.problem.kind == "signature"
    assert "unsigned" in report.problem.detail
    assert verify(app).ok  # without a key, an unsigned seal is fine


def test_rewriting_the_seal_head_breaks_its_signature(db_url, clock, tmp_path, keys):
    private, public, _, _ = keys
    app = GttApplication(db_url, clock=clock)
    record(app)
    seal(app, private)
    with raw(db_url) as r:
        r.edit_state_byte(2)
        r.rewrite_chain_from(2)
    head = extend_chain(app).head
    with raw(db_url) as r:
        r.sql(f"UPDATE {r.seals} SET head = ? WHERE number = 1", head)
    report = verify(app, public)
    assert report.problem is not None
    assert (report.problem.position, report.problem.kind) == (12, "signature")
    assert "invalid signature" in report.problem.detail
    code, tool = standalone(app, tmp_path, "--public-key", str(public))
    assert code == 1 and tool["problem"]["kind"] == "signature"


def test_key_from_environment_signs(db_url, clock, keys, monkeypatch):
    private, public, _, _ = keys
    monkeypatch.setenv("GTT_SEAL_KEY", str(private))
    monkeypatch.setenv("GTT_SEAL_PUBLIC_KEY", str(public))
    app = GttApplication(db_url, clock=clock)
    record(app, 1)
    assert seal(app).signature is not None
    assert verify(app).seals[0].signature == "valid"


def test_keygen_files_and_key_formats(tmp_path):
    private, public, fp = generate_keypair(tmp_path / "k.pem")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert public.read_bytes().startswith(b"-----BEGIN PUBLIC KEY-----")
    key = load_private_key(private)
    assert key is not None and key_fingerprint(key.public_key()) == fp
    raw_private = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                    serialization.NoEncryption())
    (tmp_path / "raw.key").write_bytes(raw_private)
    (tmp_path / "hex.key").write_text(raw_private.hex() + "\n")
    for path in ("raw.key", "hex.key"):
        loaded = load_private_key(tmp_path / path)
        assert loaded is not None and key_fingerprint(loaded.public_key()) == fp
    for source in (public, private, key.public_key()):
        pub = load_public_key(source)
        assert pub is not None and key_fingerprint(pub) == fp
    with pytest.raises(SealKeyError, match="exists"):
        generate_keypair(tmp_path / "k.pem")
    (tmp_path / "junk.key").write_text("not a key")
    with pytest.raises(SealKeyError, match="junk.key"):
        load_private_key(tmp_path / "junk.key")
    with pytest.raises(SealKeyError, match="cannot read"):
        load_public_key(tmp_path / "missing.pub")
    assert isinstance(load_private_key(Ed25519PrivateKey.generate()), Ed25519PrivateKey)


def test_key_rotation_verifies_with_both_public_keys(db_url, clock, tmp_path, keys):
    private, public, fp, _ = keys
    new_private, new_public, new_fp = generate_keypair(tmp_path / "new.pem")
    app = GttApplication(db_url, clock=clock)
    ids = record(app, 1)
    seal(app, private)
    app.handle(RenameInstitution(institution_id=ids[0], name="After rotation"))
    seal(app, new_private)
    report = verify(app, [public, new_public])
    assert report.ok, report.summary()
    assert [(s.signature, s.key_fingerprint) for s in report.seals] == [("valid", fp), ("valid", new_fp)]
    only_new = verify(app, new_public)
    assert only_new.problem is not None
    assert (only_new.problem.position, only_new.problem.kind) == (4, "signature")
    code, tool = standalone(app, tmp_path, "--public-key", str(public), "--public-key", str(new_public))
    assert code == 0 and [s["signature"] for s in tool["seals"]] == ["valid", "valid"]
    code, tool = standalone(app, tmp_path, "--public-key", str(new_public))
    assert code == 1 and tool["problem"]["position"] == 4
