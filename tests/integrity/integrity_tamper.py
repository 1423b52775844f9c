"""Tampering done the way an intruder would: SQL on the event table, bypassing gtt.

SQLite: table ``stored_events``, position = ``rowid``. PostgreSQL: table ``gtt_events`` in
the URL's schema, position = ``notification_id``.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from gtt_domain.application.config import postgres_schema, sqlite_path


class Raw:
    """One connection to the event database and the dialect's names."""

    def __init__(self, url: str, conn: Any) -> None:
        self.sqlite = url.startswith("sqlite:///")
        self.conn = conn
        if self.sqlite:
            self.events, self.pos, self.ph = "stored_events", "rowid", "?"
            self.chain, self.seals = "gtt_integrity_chain", "gtt_integrity_seals"
        else:
            schema = postgres_schema(url)
            self.events, self.pos, self.ph = f'"{schema}".gtt_events', "notification_id", "%s"
            self.chain = f'"{schema}".gtt_integrity_chain'
            self.seals = f'"{schema}".gtt_integrity_seals'

    def sql(self, statement: str, *params: Any) -> list[tuple[Any, ...]]:
        cur = self.conn.execute(statement.replace("?", self.ph), params)
        return list(cur.fetchall()) if cur.description else []

    def row(self, position: int) -> tuple[Any, ...]:
        rows = self.sql(f"SELECT originator_id, originator_version, topic, state FROM {self.events} "
                        f"WHERE {self.pos} = ?", position)
        assert rows, f"no event at position {position}"
        return rows[0]

    def positions(self) -> list[int]:
        return [r[0] for r in self.sql(f"SELECT {self.pos} FROM {self.events} ORDER BY {self.pos}")]

    # --- the tampering -----------------------------------------------------------------

    def edit_state_byte(self, position: int, index: int = 10) -> None:
        state = bytearray(self.row(position)[3])
        state[index] ^= 0x01
        self.sql(f"UPDATE {self.events} SET state = ? WHERE {self.pos} = ?", bytes(state), position)

    def delete(self, position: int) -> None:
        self.sql(f"DELETE FROM {self.events} WHERE {self.pos} = ?", position)

    def swap(self, a: int, b: int) -> None:
        """Exchange two rows' places in the order (each keeps its contents)."""
        for src, dst in ((a, -1), (b, a), (-1, b)):
            self.sql(f"UPDATE {self.events} SET {self.pos} = ? WHERE {self.pos} = ?", dst, src)

    def insert_at(self, position: int, copy_of: int) -> None:
        """Insert a forged event at ``position`` (shifting later rows up), or into a gap."""
        if position in self.positions():
            self.sql(f"UPDATE {self.events} SET {self.pos} = -{self.pos} - 1 WHERE {self.pos} >= ?", position)
            self.sql(f"UPDATE {self.events} SET {self.pos} = -{self.pos} WHERE {self.pos} < 0")
        _, _, topic, state = self.row(copy_of)
        forged = str(uuid.uuid4()) if self.sqlite else uuid.uuid4()
        self.sql(f"INSERT INTO {self.events} ({self.pos}, originator_id, originator_version, topic, state) "
                 "VALUES (?, ?, ?, ?, ?)", position, forged, 1, topic, state)

    def rewrite_chain_from(self, position: int) -> None:
        """Drop the chain records from ``position`` on (``extend_chain`` then rebuilds them)."""
        self.sql(f"DELETE FROM {self.chain} WHERE position >= ?", position)


@contextmanager
def raw(url: str) -> Iterator[Raw]:
    if url.startswith("sqlite:///"):
        conn = sqlite3.connect(sqlite_path(url), isolation_level=None)
        try:
            yield Raw(url, conn)
        finally:
            conn.close()
        return
    import psycopg

    plain = url.split("?", 1)[0].replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        yield Raw(url, conn)
