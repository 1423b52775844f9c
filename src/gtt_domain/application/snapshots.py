"""Snapshot recorders that keep only the latest snapshot of each aggregate (issue 17).

eventsourcing keeps every snapshot it is given; a long internship snapshotted every 50
events left dozens behind, of which only the newest is ever read (``Repository.get``
selects the latest at or below the wanted version; time travel folds events, never
snapshots). Each recorder here deletes an aggregate's older snapshots in the same
transaction that inserts its new one, so a crash leaves either the old or the new one.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from functools import cache
from typing import Any, cast
from uuid import UUID

from eventsourcing.persistence import (
    AggregateRecorder,
    InterfaceError,
    OperationalError,
    StoredEvent,
)
from eventsourcing.sqlite import SQLiteAggregateRecorder
from eventsourcing.utils import retry
from sqlalchemy import CursorResult, delete


def _latest(stored_events: Sequence[StoredEvent]) -> dict[Any, int]:
    """The version of each aggregate's newest snapshot in ``stored_events``."""
    latest: dict[Any, int] = {}
    for s in stored_events:
        latest[s.originator_id] = max(latest.get(s.originator_id, 0), s.originator_version)
    return latest


class LatestSnapshotSQLiteRecorder(SQLiteAggregateRecorder):
    def _insert_events(self, c: Any, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Any:
        out = super()._insert_events(c, stored_events, **kwargs)
        c.executemany(
            f"DELETE FROM {self.events_table_name} WHERE originator_id=? AND originator_version<?",
            [(i.hex if isinstance(i, UUID) else i, v) for i, v in _latest(stored_events).items()])
        return out


@cache
def _sqlalchemy_class() -> type[Any]:
    """Defined on first use: only a ``sqlalchemy+`` store loads eventsourcing-sqlalchemy
    (and with it the ORM), so a command on SQLite or PostgreSQL starts without them."""
    from eventsourcing_sqlalchemy.recorders import SQLAlchemyAggregateRecorder

    class LatestSnapshotSQLAlchemyRecorder(SQLAlchemyAggregateRecorder):
        def _insert_stored_events(self, session: Any, stored_events: Sequence[StoredEvent],
                                  **kwargs: Any) -> Any:
            out = super()._insert_stored_events(session, stored_events, **kwargs)
            session.flush()
            record = self.events_record_cls
            for originator_id, version in _latest(stored_events).items():
                session.execute(delete(record).where(record.originator_id == originator_id,
                                                     record.originator_version < version))
            return out

    return LatestSnapshotSQLAlchemyRecorder


def _is_sqlalchemy(recorder: AggregateRecorder) -> bool:
    """An eventsourcing-sqlalchemy aggregate recorder (asked without importing it: a
    recorder of that package means the package is loaded)."""
    loaded = sys.modules.get("eventsourcing_sqlalchemy.recorders")
    return loaded is not None and isinstance(recorder, loaded.SQLAlchemyAggregateRecorder)


@cache
def _postgres_class() -> type[Any]:
    """Defined on first use: psycopg is the optional ``postgres`` extra."""
    from eventsourcing.postgres import PostgresAggregateRecorder
    from psycopg.sql import SQL, Identifier

    class LatestSnapshotPostgresRecorder(PostgresAggregateRecorder):
        @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)  # as eventsourcing's
        def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Any:
            if not stored_events:
                return None
            statement = SQL(
                "DELETE FROM {schema}.{table} WHERE originator_id = %s AND originator_version < %s"
            ).format(schema=Identifier(self.datastore.schema), table=Identifier(self.events_table_name))
            with self.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
                self._insert_stored_events(curs, stored_events, **kwargs)
                curs.executemany(statement, list(_latest(stored_events).items()))
            return None

    return LatestSnapshotPostgresRecorder


def prune(recorder: AggregateRecorder) -> int:
    """Delete every snapshot but each aggregate's latest (stores written before issue 17
    kept them all); how many rows went. One statement, one transaction."""
    keep = ("{t}.originator_version < (SELECT MAX(s.originator_version) FROM {t} s "
            "WHERE s.originator_id = {t}.originator_id)")
    if isinstance(recorder, SQLiteAggregateRecorder):
        with recorder.datastore.transaction(commit=True) as c:
            c.execute(f"DELETE FROM {recorder.events_table_name} WHERE "
                      + keep.format(t=recorder.events_table_name))
            c.execute("SELECT changes()")
            return int(c.fetchone()[0])
    if _is_sqlalchemy(recorder):
        from sqlalchemy import func, select
        from sqlalchemy.orm import aliased

        alchemy: Any = recorder  # an eventsourcing-sqlalchemy recorder (see _is_sqlalchemy)
        record = alchemy.events_record_cls
        other = aliased(record)
        latest = (select(func.max(other.originator_version))
                  .where(other.originator_id == record.originator_id).scalar_subquery())
        with alchemy.transaction(commit=True) as session:
            # a DELETE gives a CursorResult (which has rowcount); Session.execute is typed Result
            result = cast(CursorResult[Any], session.execute(delete(record).where(record.originator_version < latest)))
            return int(result.rowcount or 0)
    if _is_postgres(recorder):
        from psycopg.sql import SQL, Identifier

        table = SQL("{}.{}").format(Identifier(recorder.datastore.schema),  # type: ignore[attr-defined]
                                    Identifier(recorder.events_table_name))  # type: ignore[attr-defined]
        statement = SQL("DELETE FROM {t} WHERE originator_version < (SELECT MAX(s.originator_version) "
                        "FROM {t} s WHERE s.originator_id = {t}.originator_id)").format(t=table)
        with recorder.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:  # type: ignore[attr-defined]
            curs.execute(statement)
            return int(curs.rowcount)
    raise NotImplementedError(f"no snapshot pruning for {type(recorder).__name__}")


def latest_only(recorder: AggregateRecorder) -> AggregateRecorder:
    """The same recorder (same table and datastore) that also deletes older snapshots;
    a recorder of another backend is returned unchanged."""
    if isinstance(recorder, SQLiteAggregateRecorder):
        recorder.__class__ = LatestSnapshotSQLiteRecorder
    elif _is_sqlalchemy(recorder):
        recorder.__class__ = _sqlalchemy_class()
    elif _is_postgres(recorder):
        recorder.__class__ = _postgres_class()
    return recorder


def _is_postgres(recorder: AggregateRecorder) -> bool:
    """An eventsourcing PostgreSQL aggregate recorder (asked without importing psycopg)."""
    if not any(c.__module__ == "eventsourcing.postgres" for c in type(recorder).__mro__):
        return False
    from eventsourcing.postgres import PostgresAggregateRecorder

    return isinstance(recorder, PostgresAggregateRecorder)
