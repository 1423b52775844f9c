"""Baselines: what a user could run with the bare driver on the same database."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from gtt_domain.application.config import postgres_schema, sqlite_path

PAGE = 1000
ROW_SQL = "SELECT {id}, originator_id, originator_version, topic, state FROM {t} ORDER BY {id}"


def is_pg(url: str) -> bool:
    return url.startswith("postgres")


@contextmanager
def connect(url: str) -> Iterator[Any]:
    """A DB-API connection to the store at ``url`` (sqlite3 or psycopg)."""
    if is_pg(url):
        import psycopg

        base = url.split("?", 1)[0].replace("postgresql+psycopg://", "postgresql://")
        schema = postgres_schema(url)
        opts = f"-c search_path={schema}" if schema else ""
        conn = psycopg.connect(base, options=opts)
    else:
        import sqlite3

        conn = sqlite3.connect(sqlite_path(url))
    try:
        yield conn
    finally:
        conn.close()


def events_table(url: str) -> tuple[str, str]:
    """(table, position column) of eventsourcing's stored events on this backend."""
    return ("gtt_events", "notification_id") if is_pg(url) else ("stored_events", "rowid")


def read_events(url: str) -> list[tuple[Any, ...]]:
    """Every stored event row in log order, read in pages like the readers do."""
    table, pos = events_table(url)
    out: list[tuple[Any, ...]] = []
    with connect(url) as conn:
        cur = conn.cursor()
        cur.execute(ROW_SQL.format(id=pos, t=table))
        while True:
            page = cur.fetchmany(PAGE)
            if not page:
                break
            out.extend(page)
        conn.rollback()
    return out


def hash_events(url: str) -> int:
    """Raw read + SHA-256 chain over the same rows verify reads; returns rows hashed."""
    head = b"\0" * 32
    rows = read_events(url)
    for r in rows:
        head = hashlib.sha256(head + str(r[0]).encode() + str(r[1]).encode() + r[3].encode()
                              + bytes(r[4])).digest()
    return len(rows)


def placeholders(url: str, n: int) -> str:
    return ", ".join(["%s" if is_pg(url) else "?"] * n)


def executemany(url: str, table: str, rows: list[tuple[Any, ...]], create: str) -> None:
    """Create ``table`` fresh and insert ``rows`` with one executemany, one transaction."""
    with connect(url) as conn:
        cur = conn.cursor()
        cur.execute(f"DROP TABLE IF EXISTS {table}")
        cur.execute(create)
        conn.commit()
        if rows:
            cur.executemany(f"INSERT INTO {table} VALUES ({placeholders(url, len(rows[0]))})", rows)
        conn.commit()
        cur.execute(f"DROP TABLE IF EXISTS {table}")
        conn.commit()


def events_like(count: int, size: int, run: int) -> list[tuple[str, int, str, bytes]]:
    """``count`` rows shaped like stored events with ``size``-byte states."""
    blob = bytes(size)
    return [(f"{run:08d}-0000-0000-0000-{i:012d}", 1, "bench:Event", blob) for i in range(count)]


def insert_events_like(url: str, count: int, size: int, run: int,
                       rows: list[tuple[str, int, str, bytes]] | None = None) -> None:
    """``rows`` (or ``count`` rows shaped like stored events with ``size``-byte states), one
    transaction."""
    if rows is None:
        rows = events_like(count, size, run)
    blob_type = "BYTEA" if is_pg(url) else "BLOB"
    executemany(url, "bench_raw_events", rows,
                f"CREATE TABLE bench_raw_events (originator_id TEXT, originator_version INTEGER,"
                f" topic TEXT, state {blob_type}, PRIMARY KEY (originator_id, originator_version))")
