"""The materialised view of one projection: its tables plus its tracking position.

:class:`ReadView` is an eventsourcing ``TrackingRecorder`` (it subclasses
``SQLAlchemyTrackingRecorder``, tracking table ``<projection>_tracking``) and passes
eventsourcing's ``TrackingRecorderTestCase``. Its rows and its tracking record are
always written in the same transaction, so a position is recorded if and only if the
rows of every event up to it are.

Tracking is advanced by compare-and-set: a batch claims the range after position ``p``
with ``UPDATE … SET notification_id = new WHERE notification_id = p`` as its first
statement. A second runner working on the same range finds ``p`` gone and gets
``IntegrityError`` (PostgreSQL re-checks the WHERE after waiting for the row lock;
SQLite serialises writers), so processing an event twice is impossible, not unlikely.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from typing import Any

from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore
from eventsourcing_sqlalchemy.recorders import SQLAlchemyTrackingRecorder
from gtt_projections.schema import FRAMEWORK_TABLES, projection_dead_letters, projection_versions
from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.exc import SAWarning
from sqlalchemy.orm import Session
from sqlalchemy.schema import CreateTable


class TrackingConflictError(IntegrityError):
    """Another runner already advanced this projection past the expected position."""


class ReadView(SQLAlchemyTrackingRecorder):
    """Tracking recorder + owner of a projection's read tables (see module doc)."""

    def __init__(
        self,
        datastore: SQLAlchemyDatastore,
        *,
        tracking_table_name: str = "notification_tracking",
        schema_name: str | None = None,
        **kwargs: Any,
    ):
        with warnings.catch_warnings():  # the library names every tracking record class alike
            warnings.simplefilter("ignore", SAWarning)
            super().__init__(datastore, tracking_table_name=tracking_table_name, schema_name=schema_name, **kwargs)
        self.tables.extend(FRAMEWORK_TABLES)

    # --- TrackingRecorder ------------------------------------------------------------

    def max_tracking_id(self, application_name: str) -> int | None:
        t = self.tracking_table
        with self.transaction(commit=False) as session:
            found = session.execute(
                select(t.c.notification_id).where(t.c.application_name == application_name)
            ).scalar()
        return None if found is None else int(found)

    def _insert_tracking(self, session: Session, tracking: Tracking) -> None:
        """Record ``tracking`` if it is past the stored position (one atomic statement)."""
        t = self.tracking_table
        conn = session.connection()
        app, new = tracking.application_name, tracking.notification_id
        moved = conn.execute(
            update(t).where(t.c.application_name == app, t.c.notification_id < new).values(notification_id=new)
        )
        if moved.rowcount == 1:
            return
        if conn.execute(select(t.c.notification_id).where(t.c.application_name == app)).first():
            raise IntegrityError(f"{self.tracking_table_name}: {app} position {new} already recorded")
        conn.execute(insert(t).values(application_name=app, notification_id=new))

    def advance(self, session: Session, application_name: str, expected: int | None, new: int) -> None:
        """Compare-and-set the position from ``expected`` to ``new`` (claims the range)."""
        if expected is not None and new <= expected:
            raise ValueError(f"position must move forward: {expected} -> {new}")
        t = self.tracking_table
        conn = session.connection()
        if expected is None:
            if conn.execute(select(t.c.notification_id).where(t.c.application_name == application_name)).first():
                raise TrackingConflictError(f"{self.tracking_table_name}: already started")
            conn.execute(insert(t).values(application_name=application_name, notification_id=new))
            return
        moved = conn.execute(
            update(t)
            .where(t.c.application_name == application_name, t.c.notification_id == expected)
            .values(notification_id=new)
        )
        if moved.rowcount != 1:
            raise TrackingConflictError(f"{self.tracking_table_name}: not at position {expected}")

    # --- versions, dead letters, reset --------------------------------------------------

    def stored_version(self, projection: str) -> int | None:
        v = projection_versions
        with self.transaction(commit=False) as session:
            return session.execute(select(v.c.version).where(v.c.projection == projection)).scalar()

    def dead_letter_count(self, projection: str) -> int:
        d = projection_dead_letters
        with self.transaction(commit=False) as session:
            rows = session.execute(select(d.c.position).where(d.c.projection == projection)).all()
        return len(rows)

    def park(self, session: Session, rows: Sequence[dict[str, Any]]) -> None:
        if rows:
            session.connection().execute(insert(projection_dead_letters), list(rows))

    def create_tables(self, tables: Iterable[Table]) -> None:
        assert self.datastore.engine is not None
        for table in tables:
            table.create(self.datastore.engine, checkfirst=True)

    def create_indexes(self, tables: Iterable[Table]) -> int:
        """Create the secondary indexes of ``tables`` that do not exist yet (one query to
        list the existing ones); returns how many were created."""
        wanted = [index for table in tables for index in table.indexes]
        if not wanted:
            return 0
        assert self.datastore.engine is not None
        with self.datastore.engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                q = "SELECT name FROM sqlite_master WHERE type = 'index'"
            elif conn.dialect.name == "postgresql":
                q = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
            else:
                q = ""
            have = {r[0] for r in conn.exec_driver_sql(q)} if q else None
            created = 0
            for index in wanted:
                if have is None:
                    index.create(conn, checkfirst=True)
                elif index.name not in have:
                    index.create(conn)
                    created += 1
        return created

    def reset(self, projection: str, version: int, tables: Iterable[Table], *, indexes: bool = True) -> None:
        """Drop and recreate ``tables``, forget the position and dead letters, store ``version``.
        Without ``indexes`` the secondary indexes are left for :meth:`create_indexes`
        (after the rebuild: one sort per index instead of a B-tree update per row)."""
        with self.transaction(commit=True) as session:
            conn = session.connection()
            conn.execute(delete(self.tracking_table))
            conn.execute(delete(projection_dead_letters).where(projection_dead_letters.c.projection == projection))
            conn.execute(delete(projection_versions).where(projection_versions.c.projection == projection))
            for table in reversed(list(tables)):
                table.drop(conn, checkfirst=True)
            for table in tables:
                if indexes:
                    table.create(conn, checkfirst=True)
                else:
                    conn.execute(CreateTable(table))
            conn.execute(insert(projection_versions).values(projection=projection, version=version))
