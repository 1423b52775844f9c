"""Read what is physically stored, bypassing the application (for at-rest checks)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from gtt_domain.application.config import postgres_schema, sqlite_path


def _pg_conn(url: str):  # type: ignore[no-untyped-def]
    import psycopg

    plain = url.split("?", 1)[0].replace("postgresql+psycopg://", "postgresql://")
    return psycopg.connect(plain, autocommit=True)


def event_rows(url: str) -> list[bytes]:
    """The raw ``state`` bytes of every stored event and snapshot."""
    if url.startswith("sqlite:///"):
        with sqlite3.connect(sqlite_path(url)) as conn:
            rows = conn.execute("SELECT state FROM stored_events ORDER BY rowid").fetchall()
            rows += conn.execute("SELECT state FROM stored_snapshots").fetchall()
        return [bytes(r[0]) for r in rows]
    schema = postgres_schema(url)
    with _pg_conn(url) as conn:
        rows = conn.execute(f'SELECT state FROM "{schema}".gtt_events ORDER BY notification_id').fetchall()
        rows += conn.execute(f'SELECT state FROM "{schema}".gtt_snapshots').fetchall()
    return [bytes(r[0]) for r in rows]


def everything(url: str) -> bytes:
    """Every byte the store holds: the SQLite files (after a checkpoint), or every row of
    every table in the PostgreSQL schema (bytea as raw bytes, the rest as text)."""
    if url.startswith("sqlite:///"):
        path = Path(sqlite_path(url))
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA wal_checkpoint(FULL)")
        return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    schema = postgres_schema(url)
    out = bytearray()
    with _pg_conn(url) as conn:
        tables = conn.execute("SELECT table_name FROM information_schema.tables "
                              "WHERE table_schema = %s", (schema,)).fetchall()
        for (table,) in tables:
            for row in conn.execute(f'SELECT * FROM "{schema}"."{table}"'):
                for value in row:
                    out += bytes(value) if isinstance(value, bytes | memoryview) else str(value).encode()
    return bytes(out)
