"""The chain and seal tables, kept in the event database next to the events.

``gtt_integrity_chain`` holds one row per chained event (its position in the global
notification order, its ordinal and the chain hash up to it); the last row is the
position the chain has reached. ``gtt_integrity_seals`` holds the seals. Rows are only
ever appended; each batch of chain rows is one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType

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
    select,
)
from sqlalchemy.pool import StaticPool

from gtt_domain.application.config import engine_waits, postgres_schema, sqlalchemy_url

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


def canonical_id(value: object) -> str:
    """The originator id as the chain hashes it: ``str(UUID)``. SQLite stores the 32-digit
    hex; formatting it directly is what ``str(UUID(hex))`` gives, without the object."""
    text = value if isinstance(value, str) else str(value)
    if len(text) == 32:
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}".lower()
    return text


class IntegrityStore:
    """Append-only access to the chain and seal tables of one event database; also reads
    the stored events there as plain tuples, in pages (verify reads every row once)."""

    def __init__(self, url: str) -> None:
        self.engine, schema = _engine(url)
        self.schema = schema
        self.chain, self.seals = _tables(schema)
        self.chain.metadata.create_all(self.engine, checkfirst=True)
        self.is_sqlite = self.engine.dialect.name == "sqlite"

    def _qualified(self, table: str) -> str:
        quote = self.engine.dialect.identifier_preparer.quote
        return f"{quote(self.schema)}.{quote(table)}" if self.schema else quote(table)

    def event_rows(self, events_table: str, after: int, limit: int) -> list[EventTuple]:
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
        return [(r[0], canonical_id(r[1]), r[2], r[3], bytes(r[4])) for r in rows]

    def chain_rows(self, after: int, limit: int) -> list[tuple[int, bytes]]:
        """(position, chain hash) of chain records after ``after``, in position order."""
        mark = "?" if self.is_sqlite else "%s"
        sql = (f"SELECT position, chain_hash FROM {self._qualified(CHAIN_TABLE)} "
               f"WHERE position > {mark} ORDER BY position LIMIT {mark}")
        with self.engine.connect() as conn:
            rows = conn.exec_driver_sql(sql, (after, limit)).fetchall()
        return [(r[0], bytes(r[1])) for r in rows]

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> IntegrityStore:
        return self

    def __exit__(self, et: type[BaseException] | None, e: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # --- chain -------------------------------------------------------------------------

    def last(self) -> ChainRow | None:
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
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.coalesce(func.max(self.seals.c.number), 0))).scalar_one()) + 1

    def add_seal(self, seal: SealRow) -> None:
        with self.engine.begin() as conn:
            conn.execute(self.seals.insert().values(
                number=seal.number, position=seal.position, count=seal.count, head=seal.head,
                sealed_at=seal.sealed_at, actor=seal.actor, signature=seal.signature,
                public_key=seal.public_key,
            ))
