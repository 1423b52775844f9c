"""The store says whether it is encrypted: a marker and a key check value.

Table ``gtt_store_marker`` (in the event database, beside ``gtt_person_keys``) holds one
row written when the store is first opened: ``encrypted`` and, for an encrypted store, a
key check value (``kcv``: 16 bytes derived from ``GTT_CIPHER_KEY`` through HKDF, so it
reveals nothing about the key). Every process that opens the store compares its key with
the marker before it reads or writes anything:

* encrypted store, no key: refused (``StoreKeyError``), nothing read or written;
* encrypted store, another key: refused;
* plaintext store, a key: refused (a store cannot be encrypted after its first event).

A store written before the marker existed is probed once: its first stored event is
plaintext JSON or it is not. While the log is still empty a marker may be rewritten (the
first writer decides).
"""

from __future__ import annotations

import hmac
import json
import zlib
from collections.abc import Callable
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import (
    Boolean,
    Column,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    inspect,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError

from gtt_domain.domain.errors import UnusableStoreError
from gtt_domain.privacy.cipher import ENV_CIPHER_KEY

TABLE = "gtt_store_marker"


class StoreKeyError(UnusableStoreError):
    """The store cannot be opened with the configured key (or lack of one); exit 2 in the CLI."""


def key_check_value(master: bytes) -> str:
    """16 bytes derived from the store key (HKDF, its own label), as hex."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=16, salt=None, info=b"gtt store key check value")
    return hkdf.derive(master).hex()


def _table(schema: str | None) -> Table:
    return Table(
        TABLE, MetaData(schema=schema),
        Column("id", Integer, primary_key=True),  # always 1: one row
        Column("encrypted", Boolean, nullable=False),
        Column("kcv", String(64), nullable=True),
    )


def looks_plaintext(state: bytes) -> bool:
    """True when a stored event's state is JSON (optionally zlib-compressed), i.e. not ciphertext."""
    for data in (state, _inflate(state)):
        if data is None:
            continue
        try:
            json.loads(data)
            return True
        except ValueError:
            continue
    return False


def _inflate(state: bytes) -> bytes | None:
    try:
        return zlib.decompress(state)
    except zlib.error:
        return None


class StoreMarker:
    def __init__(self, engine: Engine, schema: str | None):
        self.engine = engine
        self.table = _table(schema)

    def read(self) -> tuple[bool, str | None] | None:
        self._ensure_table()
        t = self.table
        with self.engine.connect() as conn:
            row = conn.execute(select(t.c.encrypted, t.c.kcv).where(t.c.id == 1)).first()
        return None if row is None else (bool(row.encrypted), row.kcv)

    def write(self, encrypted: bool, kcv: str | None, *, replace: bool = False) -> None:
        t = self.table
        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        with self.engine.begin() as conn:
            if replace:
                conn.execute(update(t).where(t.c.id == 1).values(encrypted=encrypted, kcv=kcv))
            stmt: Any = dialect.insert(t).values(id=1, encrypted=encrypted, kcv=kcv)
            conn.execute(stmt.on_conflict_do_nothing(index_elements=[t.c.id]))

    def _ensure_table(self) -> None:
        try:
            self.table.create(self.engine, checkfirst=True)
        except DBAPIError:
            if not inspect(self.engine).has_table(TABLE, schema=self.table.schema):
                raise


def check_store_key(marker: StoreMarker, master: bytes | None, first_state: bytes | None,
                    log_empty: bool, decrypt: Callable[[bytes], bytes] | None = None) -> bool:
    """Compare the configured key with the store's marker (writing it when absent); return
    whether the store is encrypted, or raise :class:`StoreKeyError`.

    ``first_state`` is the state of the first stored event (to probe a store written before
    markers existed); ``log_empty``: no event is stored yet; ``decrypt``: the store cipher's
    (to test a key against a store written before markers existed).
    """
    kcv = key_check_value(master) if master is not None else None
    found = marker.read()
    if found is None or (log_empty and found != (master is not None, kcv)):
        if log_empty:
            marker.write(master is not None, kcv, replace=found is not None)
        else:  # written before markers existed: its first event says
            assert first_state is not None
            encrypted = not looks_plaintext(first_state)
            if encrypted and master is None:
                raise StoreKeyError(f"this store is encrypted: set {ENV_CIPHER_KEY} to its key")
            if not encrypted and master is not None:
                raise StoreKeyError(_plain_with_key())
            if encrypted and decrypt is not None:
                try:
                    decrypt(first_state)
                except Exception:
                    raise StoreKeyError(
                        f"{ENV_CIPHER_KEY} is not this store's key (its events do not decrypt)") from None
            marker.write(encrypted, kcv)
        found = marker.read()
        assert found is not None
    encrypted, stored_kcv = found
    if encrypted and master is None:
        raise StoreKeyError(f"this store is encrypted: set {ENV_CIPHER_KEY} to its key")
    if not encrypted and master is not None:
        raise StoreKeyError(_plain_with_key())
    if encrypted and not hmac.compare_digest(stored_kcv or "", kcv or ""):
        raise StoreKeyError(f"{ENV_CIPHER_KEY} is not this store's key (its key check value differs)")
    return encrypted


def _plain_with_key() -> str:
    return (f"this store is not encrypted but {ENV_CIPHER_KEY} is set: unset it "
            "(a store is encrypted from its first event or never)")

