"""Many aggregates' stored events in one query: an audit reads the persons' own events for
thousands of students (their ages), and a query per person costs more than the reading."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteAggregateRecorder

#: ids per statement (SQLite's bound-variable limit is far above; PostgreSQL takes an array)
PAGE = 900


def stored_events_of(recorder: Any, ids: Iterable[UUID]) -> dict[UUID, list[StoredEvent]]:
    """The stored events of each of ``ids``, in version order (an id without events is
    absent). eventsourcing's own SQLite and PostgreSQL recorders are read in pages of ids;
    any other recorder one aggregate at a time through its ``select_events``."""
    wanted = sorted(set(ids))
    out: dict[UUID, list[StoredEvent]] = defaultdict(list)
    read = _reader(recorder)
    if read is None:
        for i in wanted:
            found = list(recorder.select_events(i))
            if found:
                out[i] = found
        return dict(out)
    for start in range(0, len(wanted), PAGE):
        for oid, version, topic, state in read(wanted[start:start + PAGE]):
            key = oid if isinstance(oid, UUID) else UUID(oid)
            out[key].append(StoredEvent(originator_id=key, originator_version=version, topic=topic,
                                        state=bytes(state)))
    return dict(out)


def _reader(recorder: Any) -> Any:
    table = getattr(recorder, "events_table_name", None)
    if table is None:
        return None
    if isinstance(recorder, SQLiteAggregateRecorder):
        def read_sqlite(ids: list[UUID]) -> list[Any]:
            marks = ",".join("?" * len(ids))
            with recorder.datastore.transaction(commit=False) as c:
                c.execute(f"SELECT originator_id, originator_version, topic, state FROM {table} "
                          f"WHERE originator_id IN ({marks}) ORDER BY originator_id, originator_version",
                          [i.hex for i in ids])
                return [tuple(r) for r in c.fetchall()]
        return read_sqlite
    try:
        from eventsourcing.postgres import PostgresAggregateRecorder
        from psycopg.sql import SQL, Identifier
    except ImportError:  # the postgres extra is not installed
        return None
    if not isinstance(recorder, PostgresAggregateRecorder):
        return None
    statement = SQL("SELECT originator_id, originator_version, topic, state FROM {}.{} "
                    "WHERE originator_id = ANY(%s) ORDER BY originator_id, originator_version").format(
        Identifier(recorder.datastore.schema), Identifier(table))

    def read_postgres(ids: list[UUID]) -> list[Any]:
        with recorder.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(statement, [ids])
            return [(r["originator_id"], r["originator_version"], r["topic"], r["state"])
                    for r in curs.fetchall()]
    return read_postgres


def store_transcoder() -> Any:
    """The transcoder :class:`GttApplication` builds (``construct_transcoder``: stored
    format v2 with eventsourcing's and gtt's transcodings), without the application."""
    from eventsourcing.application import DatetimeAsISO, DecimalAsStr, UUIDAsHex

    from gtt_domain.application import transcodings

    transcoder = transcodings.GttTranscoder()
    for tc in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):  # Application.register_transcodings
        transcoder.register(tc)
    transcodings.register(transcoder)
    return transcoder
