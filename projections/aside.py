"""Blue/green rebuild: a projection is rebuilt into new tables beside its live ones and
swapped in when it has caught up (as Marten does). Readers see the old tables, complete,
until the swap commits, and the new ones, complete and indexed, after it — never a
half-built table.

The new tables are the live ones' columns under ``<table>__next``, without secondary
indexes; the handlers keep naming the live tables and a :class:`RowWriter` with
``targets`` sends their rows to the new ones. Only projections that read their own
tables by primary key alone (``defer_indexes``) are rebuilt aside. The swap is one
transaction: drop the live tables, rename the new ones, build the indexes, move the
tracking position, the dead letters and the stored version. A build that does not finish
leaves the live tables as they were; the next rebuild starts its new tables afresh.
"""

from __future__ import annotations

from typing import Any

from gtt_projections.projection import GttProjection
from gtt_projections.schema import projection_dead_letters, projection_versions
from gtt_projections.view import ReadView
from gtt_projections.writer import RowWriter
from sqlalchemy import MetaData, Table, delete, insert, select, update

SUFFIX = "__next"


def new_table(table: Table) -> Table:
    """``table``'s columns under ``<name>__next``, in a metadata of its own, no indexes."""
    return Table(f"{table.name}{SUFFIX}", MetaData(), *(c._copy() for c in table.columns))


class Aside:
    """One projection being rebuilt aside (see module doc)."""

    def __init__(self, datastore: Any, live: GttProjection):
        self.live = live
        self.tables = {t.name: new_table(t) for t in live.tables}
        view = ReadView(datastore, tracking_table_name=f"{live.name}_tracking{SUFFIX}")
        view.create_table()
        self.projection = type(live)(view, prepare=False)
        self.projection.name = f"{live.name}{SUFFIX}"  # its dead letters until the swap
        self.projection.writer = self._writer  # type: ignore[method-assign]
        with view.transaction(commit=True) as session:  # leftovers of a build that did not finish
            conn = session.connection()
            conn.execute(delete(view.tracking_table))
            dead = projection_dead_letters
            conn.execute(delete(dead).where(dead.c.projection == self.projection.name))
            for t in self.tables.values():
                t.drop(conn, checkfirst=True)
                t.create(conn)

    def _writer(self, expected: int | None = None) -> RowWriter:
        return RowWriter(self.live.tables, targets=self.tables)

    def swap(self, app_name: str) -> None:
        live, built = self.live, self.projection.view
        dead, versions = projection_dead_letters, projection_versions
        with live.view.transaction(commit=True) as session:
            conn = session.connection()
            quote = conn.dialect.identifier_preparer.quote
            track = built.tracking_table
            position = conn.execute(select(track.c.notification_id)
                                    .where(track.c.application_name == app_name)).scalar()
            for t in reversed(live.tables):
                t.drop(conn, checkfirst=True)
            for t in live.tables:
                new = self.tables[t.name]
                conn.exec_driver_sql(f"ALTER TABLE {quote(new.name)} RENAME TO {quote(t.name)}")
                if conn.dialect.name == "postgresql":  # the primary key's index keeps its name
                    conn.exec_driver_sql(f"ALTER INDEX {quote(new.name + '_pkey')} "
                                         f"RENAME TO {quote(t.name + '_pkey')}")
                for index in t.indexes:
                    index.create(conn)
            conn.execute(delete(live.view.tracking_table))
            if position is not None:
                conn.execute(insert(live.view.tracking_table)
                             .values(application_name=app_name, notification_id=position))
            conn.execute(delete(dead).where(dead.c.projection == live.name))
            conn.execute(update(dead).where(dead.c.projection == self.projection.name)
                         .values(projection=live.name))
            conn.execute(delete(versions).where(versions.c.projection == live.name))
            conn.execute(insert(versions).values(projection=live.name, version=live.version))
            track.drop(conn)
        live.indexes_built()
