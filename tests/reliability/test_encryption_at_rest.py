"""Issue 8 part 5a: with GTT_CIPHER_KEY set, no stored row holds plaintext."""

from __future__ import annotations

import pytest
from eventsourcing.cryptography import AESCipher
from rawstore import event_rows, everything

from gtt_domain import GttApplication
from gtt_domain.commands.institution import OpenDepartment, RegisterInstitution
from gtt_domain.privacy import CipherKeyError, create_key
from gtt_domain.privacy.marker import StoreKeyError

MARKER = "Xiamen-Distinctive-Marker-7781"


def _record(app: GttApplication) -> object:
    iid = app.handle(RegisterInstitution(kind="school", name=MARKER, region="Anxi"))
    app.handle(OpenDepartment(institution_id=iid, name=f"{MARKER} welding", teacher_count=3))
    app.take_snapshot(iid)
    return iid


def test_rows_hold_no_plaintext_when_a_key_is_set(db_url, clock):
    key = create_key()
    app = GttApplication(db_url, clock=clock, env={"GTT_CIPHER_KEY": key})
    assert type(app.mapper.cipher) is AESCipher  # the `cryptography` one, AES-GCM
    iid = _record(app)
    rows = event_rows(db_url)
    assert len(rows) == 3  # two events and a snapshot
    assert not any(MARKER.encode() in r for r in rows)
    assert MARKER.encode() not in everything(db_url)
    # the same key reads it back
    reader = GttApplication(db_url, env={"GTT_CIPHER_KEY": key})
    assert reader.get(iid).name == MARKER


def test_the_check_sees_plaintext_without_a_key(db_url, clock, monkeypatch):
    """Control: the raw-row check is not vacuous."""
    monkeypatch.delenv("GTT_CIPHER_KEY", raising=False)
    _record(GttApplication(db_url, clock=clock))
    assert sum(MARKER.encode() in r for r in event_rows(db_url)) == 3


def test_key_from_the_process_environment(sqlite_url, monkeypatch):
    monkeypatch.setenv("GTT_CIPHER_KEY", create_key())
    iid = _record(GttApplication(sqlite_url))
    assert not any(MARKER.encode() in r for r in event_rows(sqlite_url))
    monkeypatch.delenv("GTT_CIPHER_KEY")
    with pytest.raises(StoreKeyError, match="encrypted"):  # refused without the key (issue 16)
        GttApplication(sqlite_url)
    assert iid


@pytest.mark.parametrize("bad", ["not base64!", "c2hvcnQ="])
def test_a_malformed_key_is_named(sqlite_url, bad):
    with pytest.raises(CipherKeyError, match="GTT_CIPHER_KEY"):
        GttApplication(sqlite_url, env={"GTT_CIPHER_KEY": bad})
