"""RowWriter merges changes to the same row in a batch and writes them with few statements."""

from __future__ import annotations

from datetime import datetime

import pytest
from gtt_projections.schema import UtcDateTime
from gtt_projections.writer import Inc, RowConflictError, RowWriter, bind_processor
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    event,
    select,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

md = MetaData()
things = Table("things", md, Column("id", String(10), primary_key=True),
               Column("name", String(20)), Column("n", Integer))


@pytest.fixture
def session(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'w.sqlite3'}")
    md.create_all(engine)
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2].split()[0]))
    with Session(engine) as s:
        s.info["statements"] = statements
        yield s


def rows(session):
    return [tuple(r) for r in session.execute(select(things).order_by(things.c.id))]


def test_changes_to_one_row_merge_before_writing(session):
    w = RowWriter([things])
    w.insert(things, {"id": "a", "name": "A", "n": 0})
    w.update(things, {"id": "a"}, name="A2", n=Inc(2))
    w.update(things, {"id": "a"}, n=Inc(-1))
    w.insert(things, {"id": "b", "name": "B", "n": 5})
    w.delete(things, {"id": "b"})
    w.flush(session)
    assert rows(session) == [("a", "A2", 1)]
    assert session.info["statements"].count("INSERT") == 1


def test_updates_of_stored_rows_are_grouped_and_increment(session):
    w = RowWriter([things])
    for i in range(5):
        w.insert(things, {"id": str(i), "name": "x", "n": i})
    w.flush(session)
    session.info["statements"].clear()
    for i in range(5):
        w.update(things, {"id": str(i)}, n=Inc(10))
        w.update(things, {"id": str(i)}, n=Inc(1))
    w.put(things, {"id": "9", "name": "nine", "n": 9})
    w.flush(session)
    assert session.info["statements"] == ["DELETE", "UPDATE", "INSERT"]
    assert rows(session) == [(str(i), "x", i + 11) for i in range(5)] + [("9", "nine", 9)]


def test_undo_event_forgets_only_that_events_changes(session):
    w = RowWriter([things])
    w.insert(things, {"id": "a", "name": "A", "n": 1})
    w.begin_event()
    w.update(things, {"id": "a"}, name="broken")
    w.insert(things, {"id": "c", "name": "C", "n": 3})
    w.undo_event()
    with pytest.raises(RowConflictError):
        w.insert(things, {"id": "a", "name": "again", "n": 0})
    w._session = session
    assert w.get(things, {"id": "a"}) == {"id": "a", "name": "A", "n": 1}
    w.flush(session)
    assert rows(session) == [("a", "A", 1)]


def _both(fast, slow, value):
    """What each processor makes of ``value``: its text, or the type of what it raised."""
    out = []
    for process in (fast, slow):
        try:
            out.append(process(value))
        except Exception as e:
            out.append(type(e))
    return out


@settings(max_examples=300)
@given(value=st.one_of(
    st.none(), st.dates(),
    st.datetimes(timezones=st.none() | st.timezones(), min_value=datetime(1, 1, 2),
                 max_value=datetime(9999, 12, 30)),
))
def test_sqlite_date_and_datetime_text_is_sqlalchemys(value):
    """Issue 18: the one-call processors write the same text as SQLAlchemy's (or fail alike)."""
    dialect = sqlite.dialect()
    for column_type in (UtcDateTime(), DateTime(), DateTime(timezone=True), Date()):
        fast = bind_processor(column_type, dialect)
        slow = column_type._cached_bind_processor(dialect)
        assert fast is not slow  # the fast one is in use for each of these types
        first, second = _both(fast, slow, value)
        assert first == second, (column_type, value)
