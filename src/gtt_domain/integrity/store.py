"""The chain and seal tables, kept in the event database next to the events.

``gtt_integrity_chain`` holds one row per chained event (its position in the global
notification order, its ordinal and the chain hash up to it); the last row is the
position the chain has reached. ``gtt_integrity_seals`` holds the seals. Rows are only
ever appended; each batch of chain rows is one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Column,
    Engine,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    create_engine,
    func,
    inspect,
    select,
)
from sqlalchemy.pool import StaticPool

from gtt_domain.application.config import (
    engine_waits,
    is_read_only,
    postgres_schema,
    sqlalchemy_url,
    sqlite_path,
)

CHAIN_TABLE = "gtt_integrity_chain"
SEAL_TABLE = "gtt_integrity_seals"


@dataclass(frozen=True)
class ChainRow:
    position: int
    ordinal: int
    chain_hash: bytes


@dataclass(frozen=True)
class SealRow:
    number: int
    position: int
    count: int
    head: bytes
    sealed_at: str
    actor: str
    signature: bytes | None
    public_key: bytes | None


def _tables(schema: str | None) -> tuple[Table, Table]:
    md = MetaData(schema=schema)
    chain = Table(
        CHAIN_TABLE, md,
        Column("position", BigInteger, primary_key=True, autoincrement=False),
        Column("ordinal", BigInteger, nullable=False, unique=True),
        Column("chain_hash", LargeBinary, nullable=False),
    )
    seals = Table(
        SEAL_TABLE, md,
        Column("number", Integer, primary_key=True, autoincrement=False),
        Column("position", BigInteger, nullable=False),
        Column("count", BigInteger, nullable=False),
        Column("head", LargeBinary, nullable=False),
        Column("sealed_at", String(64), nullable=False),
        Column("actor", String(200), nullable=False),
        Column("signature", LargeBinary, nullable=True),
        Column("public_key", LargeBinary, nullable=True),
    )
    return chain, seals


def _engine(url: str) -> tuple[Engine, str | None]:
    sa_url = sqlalchemy_url(url)
    if sa_url in ("sqlite://", "sqlite:///:memory:"):
        engine = create_engine("sqlite://", poolclass=StaticPool,
                               connect_args={"check_same_thread": False})
        return engine, None
    if sa_url.startswith("sqlite"):
        return create_engine(sa_url, **engine_waits(sa_url)), None
    return create_engine(sa_url, pool_size=1, max_overflow=2, **engine_waits(sa_url)), postgres_schema(url)


#: one stored event as read for hashing: (position, originator id, version, topic, state)
EventTuple = tuple[int, str, int, str, bytes]
#: one stored event as verify's fast path reads it (:meth:`IntegrityStore.verify_rows`):
#: (position, originator id as stored, version, topic, state), the values as the driver
#: gives them (their types are checked per page, :func:`page_is_plain`)
VerifyRow = tuple[int, Any, Any, Any, Any]


def recorded_hash(value: object) -> bytes:
    """A chain record's hash as bytes. SQLite lets an intruder store another type there:
    its text form, which never equals a computed hash, so the event there reads as altered."""
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    return str(value).encode()


class VerifyPage(NamedTuple):
    """A page of stored events and the chain records ``(position, hash)`` in its range."""

    rows: list[VerifyRow]
    chain: list[tuple[Any, Any]]


def page_is_plain(columns: Sequence[tuple[Any, ...]]) -> bool:
    """Whether every row of a page (as columns) has the types :func:`event_tuple` passes
    without a second look: text ids, integer versions, text topics, bytes states (the
    ids' form is checked apart, once per aggregate). One pass per column, in C."""
    _, ids, versions, topics, states = columns
    return (set(map(type, versions)) == {int} and set(map(type, states)) == {bytes}
            and set(map(type, set(topics))) == {str} and set(map(type, set(ids))) == {str})


class BadRow(NamedTuple):
    """A stored row that is not one gtt writes: ``kind`` is ``altered`` (a non-canonical
    originator id, which replay would not find) or ``unreadable`` (a column of the wrong
    type or NULL). Position first, like an :data:`EventTuple`, so pages work on both."""

    position: int
    kind: str
    reason: str
    #: the stored row as it is, when only its id is wrong (``kind == "altered"``)
    stored: EventTuple | None = None


_HEX32 = re.compile(r"[0-9a-f]{32}")


def canonical_id(value: object) -> str | None:
    """The originator id as the chain hashes it (``str(UUID)``), or ``None`` when the
    stored value is not exactly what eventsourcing writes: 32 lower-case hex digits in
    SQLite's TEXT column, a UUID in PostgreSQL's ``uuid`` column. An id whose case was
    changed would hash the same after normalising but be invisible to replay (SQLite
    compares text), so it is refused instead of normalised."""
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, str) and _HEX32.fullmatch(value):
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
    return None


def _type_name(value: object) -> str:
    return "NULL" if value is None else {str: "text", int: "an integer", float: "a real number"}.get(
        type(value), type(value).__name__)


def event_tuple(position: int, originator_id: object, version: object, topic: object,
                state: object) -> EventTuple | BadRow:
    """Check the types of one stored row; the exact stored values or why they are refused."""
    if (type(state) is bytes and type(version) is int and type(topic) is str  # the usual row, fast
            and type(originator_id) is str and _HEX32.fullmatch(originator_id)):
        o = originator_id
        return position, f"{o[:8]}-{o[8:12]}-{o[12:16]}-{o[16:20]}-{o[20:]}", version, topic, state
    if not isinstance(state, bytes | bytearray | memoryview):
        return BadRow(position, "unreadable", f"the state column holds {_type_name(state)}, not bytes")
    if isinstance(version, bool) or not isinstance(version, int):
        return BadRow(position, "unreadable",
                      f"the originator_version column holds {_type_name(version)}, not an integer")
    if not isinstance(topic, str):
        return BadRow(position, "unreadable", f"the topic column holds {_type_name(topic)}, not text")
    oid = canonical_id(originator_id)
    if oid is None:
        if not isinstance(originator_id, str):
            return BadRow(position, "unreadable",
                          f"the originator_id column holds {_type_name(originator_id)}, not an id")
        return BadRow(position, "altered", f"originator_id {originator_id[:40]!r} is not stored as gtt "
                      "writes it (32 lower-case hex digits); replay would not find this event",
                      (position, originator_id, version, topic, bytes(state)))
    return position, oid, version, topic, bytes(state)


class IntegrityStore:
    """Append-only access to the chain and seal tables of one event database; also reads
    the stored events there as plain tuples, in pages (verify reads every row once)."""

    def __init__(self, url: str) -> None:
        self.engine, schema = _engine(url)
        self.schema = schema
        self.chain, self.seals = _tables(schema)
        #: chain or seal tables a read-only store never had (read as empty, not created)
        self.absent: set[str] = set()
        if is_read_only(url):  # a read-only store is read as it stands
            have = inspect(self.engine)
            self.absent = {t.name for t in (self.chain, self.seals) if not have.has_table(t.name)}
        else:
            self.chain.metadata.create_all(self.engine, checkfirst=True)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self._encoding: str | None = None

    def _qualified(self, table: str) -> str:
        quote = self.engine.dialect.identifier_preparer.quote
        return f"{quote(self.schema)}.{quote(table)}" if self.schema else quote(table)

    def event_rows(self, events_table: str, after: int, limit: int) -> list[EventTuple | BadRow]:
        """Stored events after ``after`` in notification order, straight from the driver
        (eventsourcing's reader builds a Notification and parses a UUID per row)."""
        if self.is_sqlite:
            sql = (f"SELECT rowid, originator_id, originator_version, topic, state FROM "
                   f"{self._qualified(events_table)} WHERE rowid > ? ORDER BY rowid LIMIT ?")
        else:
            sql = (f"SELECT notification_id, originator_id, originator_version, topic, state FROM "
                   f"{self._qualified(events_table)} WHERE notification_id > %s "
                   "ORDER BY notification_id LIMIT %s")
        with self.engine.connect() as conn:
            rows = conn.exec_driver_sql(sql, (after, limit)).fetchall()
        return [event_tuple(*r) for r in rows]

    def verify_rows(self, events_table: str, after: int, limit: int) -> VerifyPage | None:
        """SQLite only (else None): stored events after ``after`` as verify hashes them,
        ``(position, originator id as stored, version, topic, state)``, with the chain
        records in its range, read in two range scans (a join,
        or SQLite's ``typeof`` per row, costs more than the caller's checks of the page's
        columns: issue 18). The types are the caller's to check (:func:`page_is_plain`).
        Raw DB-API rows: no SQLAlchemy ``Row`` per event."""
        if not self.is_sqlite or not self._utf8():
            return None
        events = (f"SELECT rowid, originator_id, originator_version, topic, state FROM "
                  f"{self._qualified(events_table)} WHERE rowid > ? ORDER BY rowid LIMIT ?")
        chain = (f"SELECT position, chain_hash FROM {self._qualified(CHAIN_TABLE)} "
                 "WHERE position > ? AND position <= ? ORDER BY position")
        with self.engine.connect() as conn:
            cur = conn.connection.cursor()
            try:
                rows = cur.execute(events, (after, limit)).fetchall()
                records = [] if not rows or CHAIN_TABLE in self.absent else \
                    cur.execute(chain, (after, rows[-1][0])).fetchall()
            finally:
                cur.close()
        return VerifyPage(rows, records)

    def chain_count(self, after: int, upto: int | None) -> int:
        """Chain records at positions after ``after`` (and up to ``upto``)."""
        if CHAIN_TABLE in self.absent:
            return 0
        mark = "?" if self.is_sqlite else "%s"
        sql = f"SELECT COUNT(*) FROM {self._qualified(CHAIN_TABLE)} WHERE position > {mark}"
        args: tuple[int, ...] = (after,)
        if upto is not None:
            sql, args = sql + f" AND position <= {mark}", (after, upto)
        with self.engine.connect() as conn:
            return int(conn.exec_driver_sql(sql, args).scalar_one())

    def chain_rows_upto(self, after: int, upto: int) -> list[tuple[int, bytes]]:
        """(position, chain hash) of chain records in ``(after, upto]``, in position order."""
        if CHAIN_TABLE in self.absent:
            return []
        mark = "?" if self.is_sqlite else "%s"
        sql = (f"SELECT position, chain_hash FROM {self._qualified(CHAIN_TABLE)} "
               f"WHERE position > {mark} AND position <= {mark} ORDER BY position")
        with self.engine.connect() as conn:
            rows = conn.exec_driver_sql(sql, (after, upto)).fetchall()
        return [(r[0], recorded_hash(r[1])) for r in rows]

    def _utf8(self) -> bool:
        if self._encoding is None:
            with self.engine.connect() as conn:
                self._encoding = str(conn.exec_driver_sql("PRAGMA encoding").scalar_one())
        return self._encoding == "UTF-8"

    def chain_rows(self, after: int, limit: int) -> list[tuple[int, bytes]]:
        """(position, chain hash) of chain records after ``after``, in position order."""
        if CHAIN_TABLE in self.absent:
            return []
        mark = "?" if self.is_sqlite else "%s"
        sql = (f"SELECT position, chain_hash FROM {self._qualified(CHAIN_TABLE)} "
               f"WHERE position > {mark} ORDER BY position LIMIT {mark}")
        with self.engine.connect() as conn:
            rows = conn.exec_driver_sql(sql, (after, limit)).fetchall()
        return [(r[0], recorded_hash(r[1])) for r in rows]

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> IntegrityStore:
        return self

    def __exit__(self, et: type[BaseException] | None, e: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # --- chain -------------------------------------------------------------------------

    def last(self) -> ChainRow | None:
        if CHAIN_TABLE in self.absent:
            return None
        c = self.chain.c
        stmt = select(c.position, c.ordinal, c.chain_hash).order_by(c.position.desc()).limit(1)
        with self.engine.connect() as conn:
            row = conn.execute(stmt).first()
        return ChainRow(row[0], row[1], bytes(row[2])) if row else None

    def append(self, rows: Sequence[ChainRow]) -> None:
        """One transaction; a concurrent extender makes it raise ``IntegrityError``."""
        with self.engine.begin() as conn:
            conn.execute(self.chain.insert(), [
                {"position": r.position, "ordinal": r.ordinal, "chain_hash": r.chain_hash}
                for r in rows
            ])

    # --- seals -------------------------------------------------------------------------

    def all_seals(self) -> list[SealRow]:
        if self.seals.name in self.absent:
            return []
        c = self.seals.c
        stmt = select(c.number, c.position, c.count, c.head, c.sealed_at, c.actor, c.signature,
                      c.public_key).order_by(c.number)
        with self.engine.connect() as conn:
            return [
                SealRow(r[0], r[1], r[2], bytes(r[3]), r[4], r[5],
                        bytes(r[6]) if r[6] is not None else None,
                        bytes(r[7]) if r[7] is not None else None)
                for r in conn.execute(stmt)
            ]

    def next_seal_number(self) -> int:
        if self.seals.name in self.absent:
            return 1
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.coalesce(func.max(self.seals.c.number), 0))).scalar_one()) + 1

    def add_seal(self, seal: SealRow) -> None:
        with self.engine.begin() as conn:
            conn.execute(self.seals.insert().values(
                number=seal.number, position=seal.position, count=seal.count, head=seal.head,
                sealed_at=seal.sealed_at, actor=seal.actor, signature=seal.signature,
                public_key=seal.public_key,
            ))


def not_a_store(url: str) -> str | None:
    """Why an SQLite URL does not name a gtt event store (missing, empty or foreign file),
    found without creating or changing anything; ``None`` when it may be one (other
    databases: an empty store is reported by ``verify`` itself)."""
    if not url.startswith("sqlite:///"):
        return None
    import sqlite3

    path = Path(sqlite_path(url)).expanduser()
    if str(path) == ":memory:":
        return None
    if not path.exists():
        return f"{path}: no such file, not a gtt event store"
    if path.is_dir():
        return f"{path}: a directory, not a gtt event store"
    if path.stat().st_size == 0:
        return f"{path}: an empty file, not a gtt event store"
    try:
        from gtt_domain.application.config import _sqlite_uri, sqlite_access

        access = sqlite_access(str(path))  # a read-only mount: immutable, as the store opens it
        conn = sqlite3.connect(_sqlite_uri(str(path), "ro" if access == "rw" else access), uri=True)
        try:
            found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                                 "name = 'stored_events'").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        return f"{path}: not an SQLite database ({e}), not a gtt event store"
    if found is None:
        return f"{path}: an SQLite database without a stored_events table, not a gtt event store"
    return None
