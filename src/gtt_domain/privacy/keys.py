"""Per-person data keys, kept in a table of the event database.

A person's personal data is encrypted with that person's own key; destroying the key
makes every copy of that data unreadable (crypto-shredding) while the events themselves,
and so the hash chain over them, stay untouched. A destroyed key leaves a tombstone row,
so personal data can never again be written for that person under a fresh key.

When ``GTT_CIPHER_KEY`` is set, data keys are stored wrapped (AES-GCM) under a key
derived from it, so a copy of the database alone does not reveal them.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import (
    Boolean,
    Column,
    Engine,
    LargeBinary,
    MetaData,
    String,
    Table,
    create_engine,
    event,
    inspect,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import StaticPool

from gtt_domain.application.config import engine_waits, postgres_schema, sqlalchemy_url
from gtt_domain.domain.errors import GttError

TABLE = "gtt_person_keys"
KEY_BYTES = 32
#: seconds :meth:`PersonKeyStore.purge` retries the checkpoint ($GTT_ERASE_TIMEOUT)
PURGE_TIMEOUT = float(os.environ.get("GTT_ERASE_TIMEOUT", "5") or 5)


class PersonErasedError(GttError):
    """Personal data was offered for a person whose key has been destroyed."""

    def __init__(self, person_id: UUID | str):
        self.person_id = person_id
        super().__init__(f"person {person_id}: personal data has been erased; none may be recorded")


class ErasureIncompleteError(GttError):
    """An erasure is recorded but the destroyed key may remain in the database file."""


class KeyStoreError(GttError):
    """The key table cannot be used as configured (e.g. wrapped keys but no GTT_CIPHER_KEY)."""


def wrapping_key(master: bytes) -> bytes:
    """The key that wraps data keys: derived, so GTT_CIPHER_KEY is never used twice."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"gtt person data keys")
    return hkdf.derive(master)


def _table(schema: str | None) -> Table:
    return Table(
        TABLE, MetaData(schema=schema),
        Column("person_id", String(36), primary_key=True),
        Column("data_key", LargeBinary, nullable=True),  # NULL once destroyed
        Column("wrapped", Boolean, nullable=False),
        Column("destroyed", Boolean, nullable=False),
    )


def _engine(url: str) -> tuple[Engine, str | None]:
    """An engine on the event database, and the PostgreSQL schema of its tables."""
    sa_url = sqlalchemy_url(url)
    if sa_url.startswith("sqlite"):
        memory = sa_url in ("sqlite://", "sqlite:///:memory:")
        if memory:  # same lifetime as the in-memory events: one shared connection
            engine = create_engine("sqlite://", poolclass=StaticPool,
                                   connect_args={"check_same_thread": False})
        else:
            engine = create_engine(sa_url, **engine_waits(sa_url))

        @event.listens_for(engine, "connect")
        def _secure_delete(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            # overwrite freed content (a destroyed key) with zeros in the database file
            dbapi_conn.execute("PRAGMA secure_delete = ON")

        return engine, None
    if sa_url.startswith("postgresql"):
        return create_engine(sa_url, pool_size=2, max_overflow=4, **engine_waits(sa_url)), postgres_schema(url)
    raise KeyStoreError(f"no person key store for {sa_url.split(':', 1)[0]} databases")


class PersonKeyStore:
    """Create, fetch and destroy per-person data keys in table ``gtt_person_keys``."""

    def __init__(self, engine: Engine, schema: str | None = None, master_key: bytes | None = None):
        self.engine = engine
        self.table = _table(schema)
        self._wrap = AESGCM(wrapping_key(master_key)) if master_key else None
        self._ready = False
        self._lock = threading.Lock()
        #: key rows read in one query for a batch of reads (see :meth:`read_batch`)
        self._batch: dict[str, Any] | None = None

    @classmethod
    def for_url(cls, url: str, master_key: bytes | None = None) -> PersonKeyStore:
        engine, schema = _engine(url)
        return cls(engine, schema, master_key)

    def close(self) -> None:
        self.engine.dispose()

    # --- public ------------------------------------------------------------------------

    def key_for_write(self, person_id: UUID | str) -> bytes:
        """The person's key, created on first use; refused once the key was destroyed."""
        pid = str(person_id)
        row = self._row(pid)
        if row is None:
            self._insert(pid, AESGCM.generate_key(bit_length=KEY_BYTES * 8))
            row = self._row(pid)  # another writer may have won the race: use its key
        assert row is not None
        if row.destroyed:
            raise PersonErasedError(pid)
        return self._unwrap(pid, row.data_key, row.wrapped)

    def key_for_read(self, person_id: UUID | str) -> bytes | None:
        """The person's key, or ``None`` when it was destroyed (or never existed)."""
        pid = str(person_id)
        batch = self._batch
        row = batch[pid] if batch is not None and pid in batch else self._row(pid)
        if row is None or row.destroyed:
            return None
        return self._unwrap(pid, row.data_key, row.wrapped)

    @contextmanager
    def read_batch(self) -> Iterator[None]:
        """Serve :meth:`key_for_read` from one query for the span of a batch of reads (an
        audit decrypting thousands of persons), instead of one query per person. Only reads
        use the batch; what is destroyed meanwhile is seen by the next batch."""
        self._ensure_table()
        t = self.table
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.c.person_id, t.c.data_key, t.c.wrapped, t.c.destroyed)).all()
        self._batch = {r.person_id: r for r in rows}
        try:
            yield
        finally:
            self._batch = None

    def is_destroyed(self, person_id: UUID | str) -> bool:
        row = self._row(str(person_id))
        return row is not None and bool(row.destroyed)

    def destroy(self, person_id: UUID | str) -> None:
        """Destroy the key (idempotent). Leaves a tombstone that refuses later writes."""
        self._ensure_table()
        t = self.table
        values = {"person_id": str(person_id), "data_key": None, "wrapped": False, "destroyed": True}
        with self.engine.begin() as conn:
            stmt = self._insert_stmt().values(**values).on_conflict_do_update(
                index_elements=[t.c.person_id],
                set_={"data_key": None, "wrapped": False, "destroyed": True},
            )
            conn.execute(stmt)
        self._compact()

    # --- internals ---------------------------------------------------------------------

    def _insert_stmt(self):  # type: ignore[no-untyped-def]
        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        return dialect.insert(self.table)

    def _ensure_table(self) -> None:
        if self._ready:
            return
        with self._lock:
            try:
                self.table.create(self.engine, checkfirst=True)
            except DBAPIError:
                # a concurrent process created it between the check and the CREATE
                if not inspect(self.engine).has_table(TABLE, schema=self.table.schema):
                    raise
            self._ready = True

    def _row(self, pid: str):  # type: ignore[no-untyped-def]
        self._ensure_table()
        t = self.table
        with self.engine.connect() as conn:
            return conn.execute(
                select(t.c.data_key, t.c.wrapped, t.c.destroyed).where(t.c.person_id == pid)
            ).first()

    def _insert(self, pid: str, key: bytes) -> None:
        stored, wrapped = key, False
        if self._wrap is not None:
            nonce = os.urandom(12)
            stored, wrapped = nonce + self._wrap.encrypt(nonce, key, pid.encode()), True
        stmt = self._insert_stmt().values(
            person_id=pid, data_key=stored, wrapped=wrapped, destroyed=False,
        ).on_conflict_do_nothing(index_elements=[self.table.c.person_id])
        with self.engine.begin() as conn:
            conn.execute(stmt)

    def _unwrap(self, pid: str, stored: bytes, wrapped: bool) -> bytes:
        if not wrapped:
            return bytes(stored)
        if self._wrap is None:
            raise KeyStoreError(
                f"the data key of person {pid} is wrapped: set GTT_CIPHER_KEY to read it")
        data = bytes(stored)
        return self._wrap.decrypt(data[:12], data[12:], pid.encode())

    def _compact(self) -> None:
        """Best effort, at once, to push the destroyed key out of logs; :meth:`purge` makes sure."""
        try:
            if self.engine.dialect.name == "sqlite":
                with self.engine.connect() as conn:
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
            else:
                self._vacuum()
        except DBAPIError:
            pass  # readers hold the log or VACUUM is not permitted: purge() reports it

    def purge(self, timeout: float = PURGE_TIMEOUT) -> None:
        """Make sure destroyed keys are gone from the database file.

        SQLite: checkpoint the write-ahead log in TRUNCATE mode, retrying for ``timeout``
        seconds; while another connection holds a read transaction the old page (with the
        key) stays in the database file and the checkpoint cannot finish, so after the
        timeout :class:`ErasureIncompleteError` is raised. PostgreSQL: ``VACUUM FULL``
        rewrites the key table into a new file; while a transaction that may still see the
        old row version is open it must keep it, so after the timeout
        :class:`ErasureIncompleteError` is raised too.
        """
        deadline = time.monotonic() + timeout
        if self.engine.dialect.name != "sqlite":
            while True:
                try:
                    pinned = self._vacuum_full()
                except DBAPIError:  # lock_timeout: a reader of the key table; try again
                    pinned = -1
                if pinned == 0:
                    return
                if time.monotonic() >= deadline:
                    raise ErasureIncompleteError(
                        "the erased person's destroyed key may still be in the database's files: another "
                        "transaction is open, so VACUUM FULL could not remove the old row version; "
                        "end other transactions and run the erasure again to finish it")
                time.sleep(0.1)
        while True:
            with self.engine.connect() as conn:
                waits = int(conn.exec_driver_sql("PRAGMA busy_timeout").scalar() or 0)
                conn.exec_driver_sql("PRAGMA busy_timeout = 100")  # short tries, retried here
                busy: Sequence[Any] | None  # (busy, log frames, checkpointed frames)
                try:
                    busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()
                except DBAPIError:
                    busy = (1,)
                finally:
                    conn.exec_driver_sql(f"PRAGMA busy_timeout = {waits}")
            if busy is None or busy[0] == 0:
                return
            if time.monotonic() >= deadline:
                raise ErasureIncompleteError(
                    "the erased person's destroyed key may still be in the database file: another "
                    "connection holds a read transaction, so the write-ahead log could not be "
                    "checkpointed; close other readers and run the erasure again to finish it")
            time.sleep(0.05)

    def _vacuum_full(self) -> int:
        """Rewrite the key table (PostgreSQL); the number of dead row versions it had to keep
        because an open transaction may still see them (from VACUUM VERBOSE's report)."""
        details: list[str] = []
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            dbapi: Any = conn.connection.dbapi_connection
            handler = lambda d: details.append(f"{d.message_primary} {d.message_detail or ''}")  # noqa: E731
            dbapi.add_notice_handler(handler)
            try:
                conn.exec_driver_sql("SET lock_timeout = '500ms'")
                name = self.engine.dialect.identifier_preparer.format_table(self.table)
                conn.exec_driver_sql(f"VACUUM (FULL, VERBOSE) {name}")
            finally:
                dbapi.remove_notice_handler(handler)
                conn.exec_driver_sql("RESET lock_timeout")
        found = re.search(r"(\d+) dead row versions cannot be removed yet", " ".join(details))
        return int(found.group(1)) if found else 0

    def _vacuum(self) -> None:
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            name = self.engine.dialect.identifier_preparer.format_table(self.table)
            conn.exec_driver_sql(f"VACUUM {name}")
