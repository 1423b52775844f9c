"""A write-behind buffer of row changes: many events, few statements.

Handlers call :meth:`RowWriter.insert` / ``put`` / ``update`` / ``delete`` / ``get`` by
primary key. Changes to the same row within a batch are merged in memory (a row
registered and renamed in one batch is inserted once, with the new name), and
:meth:`RowWriter.flush` writes each table with a handful of ``executemany`` statements:
deletes, then updates grouped by column set, then inserts. This keeps a rebuild of a
million events close to raw ``executemany`` speed instead of one round trip per event.

Each event's changes can be undone (:meth:`begin_event` / :meth:`undo_event`), so a
handler that raises halfway leaves none of its changes behind (the event is parked as a
dead letter, see ``gtt_projections.view``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from operator import itemgetter
from typing import Any

from gtt_projections.schema import UtcDateTime
from sqlalchemy import Table, and_, bindparam, delete, insert, select, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

Key = tuple[Any, ...]
Row = dict[str, Any]


@dataclass(frozen=True)
class Inc:
    """An increment for a numeric column: ``update(t, key, days=Inc(1))``."""

    by: int | float = 1


class RowConflictError(Exception):
    """A handler inserted a row whose primary key is already pending in this batch."""


# row states: ("insert", values) | ("replace", values) | ("update", values) | ("delete", None)
_State = tuple[str, "Row | None"]


def _apply(base: Row, changes: Mapping[str, Any], *, partial: bool = False) -> Row:
    """``base`` with ``changes``; in a ``partial`` row an increment of an absent column stays one."""
    out = dict(base)
    for col, val in changes.items():
        if not isinstance(val, Inc):
            out[col] = val
        elif col not in out and partial:
            out[col] = val
        else:
            cur = out.get(col)
            out[col] = Inc(cur.by + val.by) if isinstance(cur, Inc) else (cur or 0) + val.by
    return out


def _key_getter(pk: list[str]) -> Any:
    """The primary key of a row as a tuple, by one C-level call."""
    if len(pk) == 1:
        col = pk[0]
        return lambda values: (values[col],)
    return itemgetter(*pk)


class RowWriter:
    """Buffers row changes for the tables one projection owns (see module doc)."""

    def __init__(self, tables: Iterable[Table], targets: Mapping[str, Table] | None = None):
        """``targets``: the table each named table's rows go to instead (a rebuild aside,
        ``gtt_projections.aside``); handlers keep naming the live tables."""
        self.tables = {t.name: (targets or {}).get(t.name, t) for t in tables}
        self._pk = {name: [c.name for c in t.primary_key.columns] for name, t in self.tables.items()}
        self._keyfn = {name: _key_getter(pk) for name, pk in self._pk.items()}
        self._rows: dict[str, dict[Key, _State]] = {name: {} for name in self.tables}
        self._undo: dict[tuple[str, Key], _State | None] | None = None
        self._session: Session | None = None  # set during a batch so get() can read
        self._selects: dict[str, Any] = {}
        #: position (notification id) of the event being applied, for handlers that store it
        self.position = 0

    # --- per-event undo ------------------------------------------------------------

    def begin_event(self) -> None:
        self._undo = {}

    def undo_event(self) -> None:
        for (name, key), old in (self._undo or {}).items():
            if old is None:
                self._rows[name].pop(key, None)
            else:
                self._rows[name][key] = old
        self._undo = None

    def end_event(self) -> None:
        self._undo = None

    def _set(self, name: str, key: Key, state: _State | None) -> None:
        rows = self._rows[name]
        if self._undo is not None and (name, key) not in self._undo:
            self._undo[(name, key)] = rows.get(key)
        if state is None:
            rows.pop(key, None)
        else:
            rows[key] = state

    # --- the API handlers use ------------------------------------------------------

    def _key(self, table: Table, values: Mapping[str, Any]) -> Key:
        try:
            return self._keyfn[table.name](values)
        except KeyError as e:
            raise KeyError(f"{table.name}: primary key column {e} missing") from None

    def insert(self, table: Table, values: Mapping[str, Any]) -> None:
        """A new row; inserting a key already pending in this batch is an error."""
        key = self._key(table, values)
        state = self._rows[table.name].get(key)
        if state is not None and state[0] != "delete":
            raise RowConflictError(f"{table.name}: row {key} already exists")
        self._set(table.name, key, ("replace" if state else "insert", dict(values)))

    def put(self, table: Table, values: Mapping[str, Any]) -> None:
        """Insert or replace the whole row."""
        key = self._key(table, values)
        state = self._rows[table.name].get(key)
        kind = "insert" if state is not None and state[0] == "insert" else "replace"
        self._set(table.name, key, (kind, dict(values)))

    def update(self, table: Table, key: Mapping[str, Any], **values: Any) -> None:
        """Set (or :class:`Inc`) columns of an existing row; a missing row stays missing."""
        k = self._key(table, key)
        state = self._rows[table.name].get(k)
        if state is None:
            self._set(table.name, k, ("update", dict(values)))
        elif state[0] != "delete":
            assert state[1] is not None
            self._set(table.name, k, (state[0], _apply(state[1], values, partial=state[0] == "update")))

    def delete(self, table: Table, key: Mapping[str, Any]) -> None:
        k = self._key(table, key)
        state = self._rows[table.name].get(k)
        self._set(table.name, k, None if state and state[0] == "insert" else ("delete", None))

    def get(self, table: Table, key: Mapping[str, Any]) -> Row | None:
        """The row as this batch would leave it (reads the database when needed)."""
        k = self._key(table, key)
        state = self._rows[table.name].get(k)
        if state is not None and state[0] in ("insert", "replace"):
            return dict(state[1] or {})
        if state is not None and state[0] == "delete":
            return None
        row = self._select(table, k)
        if row is None or state is None:
            return row
        return _apply(row, state[1] or {})

    def _select(self, table: Table, key: Key) -> Row | None:
        if self._session is None:
            raise RuntimeError("RowWriter.get needs a session (ReadView.open_batch sets it)")
        stmt = self._selects.get(table.name)
        if stmt is None:  # built once per batch and table: building it was most of a get's cost
            target = self.tables[table.name]
            stmt = self._selects[table.name] = select(target).where(self._where_pk(table.name, target))
        params = {f"pk_{c}": v for c, v in zip(self._pk[table.name], key, strict=True)}
        found = self._session.connection().execute(stmt, params).mappings().first()
        return dict(found) if found is not None else None

    # --- flush ---------------------------------------------------------------------

    def __len__(self) -> int:
        return sum(len(r) for r in self._rows.values())

    def flush(self, session: Session) -> None:
        """Write every buffered change with executemany statements; then empty the buffer."""
        order = list(self.tables.items())
        for name, table in reversed(order):
            self._flush_deletes(session, name, table)
        for name, table in order:
            self._flush_updates(session, name, table)
            self._flush_inserts(session, name, table)
        self._rows = {name: {} for name in self.tables}

    def _where_pk(self, name: str, table: Table) -> Any:
        return and_(*(table.c[c] == bindparam(f"pk_{c}") for c in self._pk[name]))

    def _flush_deletes(self, session: Session, name: str, table: Table) -> None:
        pk = self._pk[name]
        keys = [k for k, (kind, _) in self._rows[name].items() if kind in ("delete", "replace")]
        if keys:
            params = [{f"pk_{c}": v for c, v in zip(pk, k, strict=True)} for k in keys]
            session.connection().execute(delete(table).where(self._where_pk(name, table)), params)

    def _flush_updates(self, session: Session, name: str, table: Table) -> None:
        pk = self._pk[name]
        groups: dict[tuple[tuple[str, bool], ...], list[Row]] = {}
        for k, (kind, vals) in self._rows[name].items():
            if kind != "update" or not vals:
                continue
            sig = tuple(sorted((c, isinstance(v, Inc)) for c, v in vals.items()))
            p = {f"v_{c}": (v.by if isinstance(v, Inc) else v) for c, v in vals.items()}
            p.update({f"pk_{c}": v for c, v in zip(pk, k, strict=True)})
            groups.setdefault(sig, []).append(p)
        for sig, params in groups.items():
            sets = {c: (table.c[c] + bindparam(f"v_{c}") if inc else bindparam(f"v_{c}")) for c, inc in sig}
            stmt = update(table).where(self._where_pk(name, table)).values(sets)
            session.connection().execute(stmt, params)

    def _flush_inserts(self, session: Session, name: str, table: Table) -> None:
        by_cols: dict[tuple[str, ...], list[Row]] = {}
        for kind, vals in self._rows[name].values():
            if kind == "insert" or kind == "replace":
                assert vals is not None
                by_cols.setdefault(tuple(vals), []).append(vals)
        conn = session.connection()
        for cols, group in by_cols.items():
            fast = _prepared_insert(conn.dialect, table, cols)
            if fast is None:
                conn.execute(insert(table), [_plain(r) for r in group])
                continue
            sql, getter, processors = fast
            params = []
            for r in group:
                values = getter(r)
                if processors or Inc in map(type, values):
                    values = _processed(values, processors)
                params.append(values)
            conn.exec_driver_sql(sql, params)


def _plain(row: Row) -> Row:
    return {c: (v.by if type(v) is Inc else v) for c, v in row.items()}


def _processed(values: tuple[Any, ...], processors: list[tuple[int, Any]]) -> tuple[Any, ...]:
    out = [v.by if type(v) is Inc else v for v in values]
    for i, process in processors:
        out[i] = process(out[i])
    return tuple(out)


#: (dialect name, table, columns) -> (SQL, row -> tuple, [(index, bind processor)]) or None
_PREPARED: dict[tuple[str, Table, tuple[str, ...]], tuple[str, Any, list[tuple[int, Any]]] | None] = {}


def _prepared_insert(dialect: Any, table: Table, cols: tuple[str, ...]) -> tuple[str, Any, list[tuple[int, Any]]] | None:
    """SQLite: the INSERT of ``cols`` compiled once, with the columns' bind processors, so a
    flush hands the driver plain tuples (SQLAlchemy's per-row parameter processing was a
    fifth of a rebuild). ``None`` (use Core) on other dialects — PostgreSQL's driver gets
    SQLAlchemy's ``insertmanyvalues`` batching — or when the statement needs more than the
    given columns (Python-side defaults)."""
    key = (dialect.name, table, cols)
    try:
        return _PREPARED[key]
    except KeyError:
        pass
    found = None
    if dialect.name == "sqlite" and dialect.paramstyle == "qmark":
        compiled = insert(table).compile(dialect=dialect, column_keys=list(cols))
        order = tuple(compiled.positiontup or ())
        if sorted(order) == sorted(cols) and len(order) > 1:
            processors = [(i, p) for i, c in enumerate(order)
                          if (p := bind_processor(table.c[c].type, dialect)) is not None]
            found = (str(compiled), itemgetter(*order), processors)
    _PREPARED[key] = found
    return found


_SQLITE_DATETIME_TEXT = len("2000-01-01 00:00:00.000000")


def bind_processor(column_type: Any, dialect: Any) -> Any:
    """``column_type``'s bind processor on ``dialect``. On SQLite, for dates, datetimes and
    :class:`UtcDateTime` stored in SQLAlchemy's default text format, one that writes the
    same text in one C call for plain ``date``/``datetime`` values (a rebuild binds a
    million of them; SQLAlchemy's formats through a dict, and a ``UtcDateTime`` in two
    steps), and hands anything else to SQLAlchemy's."""
    slow = column_type._cached_bind_processor(dialect)
    if slow is None or dialect.name != "sqlite":
        return slow
    impl = column_type.dialect_impl(dialect)
    inner = impl.impl_instance if isinstance(column_type, TypeDecorator) else impl
    fmt = getattr(inner, "_storage_format", None)
    if isinstance(inner, sqlite.DATETIME) and fmt == sqlite.DATETIME._storage_format:
        if type(column_type) is UtcDateTime:
            def utc_text(value: Any) -> Any:
                if type(value) is datetime and value.tzinfo is not None:
                    return value.astimezone(UTC).isoformat(" ", "microseconds")[:_SQLITE_DATETIME_TEXT]
                return slow(value)
            return utc_text
        if not isinstance(column_type, TypeDecorator):
            def datetime_text(value: Any) -> Any:
                if type(value) is datetime:
                    return value.isoformat(" ", "microseconds")[:_SQLITE_DATETIME_TEXT]
                return slow(value)
            return datetime_text
    if (isinstance(inner, sqlite.DATE) and fmt == sqlite.DATE._storage_format
            and not isinstance(column_type, TypeDecorator)):
        def date_text(value: Any) -> Any:
            return value.isoformat() if type(value) is date else slow(value)
        return date_text
    return slow
