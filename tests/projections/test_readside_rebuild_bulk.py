"""Issue 18: a rebuild builds secondary indexes at its end, decodes only what a projection
wants, and writes the same rows as processing one event at a time."""

from __future__ import annotations

from gtt_projections.facts.states import InstitutionStates
from gtt_projections.models.institutions import Institutions, institutions
from gtt_projections.models.timeline import Timeline, event_timeline
from readside_helpers import dump, populate
from sqlalchemy import inspect

from gtt_domain.commands.person import RegisterPerson


def index_names(rm, *tables) -> set[str]:
    with rm.connect() as conn:
        found = inspect(conn)
        return {i["name"] for t in tables for i in found.get_indexes(t.name)}


def declared(*tables) -> set[str]:
    return {i.name for t in tables for i in t.indexes}


def test_a_rebuild_creates_the_indexes_at_its_end(app, read_model):
    populate(app, 3)
    rm = read_model(projections=[Timeline, Institutions])
    rm.catch_up()
    assert index_names(rm, event_timeline, institutions) == declared(event_timeline, institutions)
    rm.rebuild()
    assert index_names(rm, event_timeline, institutions) == declared(event_timeline, institutions)


def test_indexes_left_out_by_a_killed_rebuild_are_built_by_the_next_catch_up(app, read_model):
    populate(app, 2)
    rm = read_model(projections=[Timeline, Institutions])
    rm.catch_up()
    for p in rm.projections.values():
        p.reset()  # a rebuild killed right after its reset: bare tables
    assert index_names(rm, event_timeline, institutions) == set()
    later = read_model(projections=[Timeline, Institutions])  # another process
    later.catch_up()
    assert index_names(later, event_timeline, institutions) == declared(event_timeline, institutions)
    assert dump(later) == dump(rm)


def test_a_record_no_selected_projection_wants_is_never_decoded(app, read_model):
    populate(app, 2)
    app.handle(RegisterPerson(kind="student", name="Lin Xiaoyu"))
    decoded: list[str] = []
    positions: list[int] = []
    decode = app.mapper.to_domain_event

    def counting(n):
        decoded.append(n.topic)
        positions.append(n.id)
        return decode(n)

    app.mapper.to_domain_event = counting
    rm = read_model(projections=[Institutions, InstitutionStates])  # both read them: decoded once
    rm.catch_up()
    assert decoded and not any("person" in t for t in decoded)
    assert all(any(p.handles(t) for p in rm.projections.values()) for t in decoded)
    assert len(positions) == len(set(positions))  # once each


def test_rebuild_in_big_pages_equals_one_event_per_page(app, read_model):
    populate(app, 4)
    app.handle(RegisterPerson(kind="student", name="Lin Xiaoyu"))
    whole = read_model()
    whole.rebuild()
    one_by_one = read_model()
    one_by_one.rebuild(batch_size=1)
    assert dump(one_by_one) == dump(whole)


def test_readers_see_the_complete_old_tables_until_the_swap(app, read_model):
    populate(app, 3)
    rm = read_model(projections=[Timeline, Institutions])
    rm.catch_up()
    before = dump(rm)
    reader = read_model(projections=[Timeline, Institutions])  # its own connections
    seen = []

    def look(position, head):
        seen.append(dump(reader))

    rm.rebuild(batch_size=1, progress=look)
    assert len(seen) >= 9 and all(s == before for s in seen)  # never a half-built table
    assert dump(reader) == before  # after the swap: the rebuilt tables, equal
    assert index_names(reader, event_timeline, institutions) == declared(event_timeline, institutions)
    assert {s.name: s.position for s in reader.status()} == {"timeline": 9, "institutions": 9}


class Stop(Exception):
    pass


def test_a_rebuild_that_fails_midway_leaves_the_live_tables_and_the_next_one_works(app, read_model):
    populate(app, 3)
    rm = read_model(projections=[Timeline, Institutions])
    rm.catch_up()
    before = dump(rm)

    def fail(position, head):
        if position >= 4:
            raise Stop

    try:
        rm.rebuild(batch_size=2, progress=fail)
    except Stop:
        pass
    else:
        raise AssertionError("the rebuild should have stopped")
    assert dump(rm) == before
    populate(app, 1)
    rm.catch_up()  # the live tables carry on incrementally
    incremental = dump(rm)
    again = read_model(projections=[Timeline, Institutions])
    again.rebuild()  # starts its new tables afresh over the leftovers
    assert dump(again) == incremental and len(incremental["event_timeline"]) == 12
    assert {s.position for s in again.status()} == {12}


def test_read_side_sqlite_connections_skip_fsync_and_checkpoint_late(sqlite_url, clock):
    """The read side's SQLite connections commit without fsync and checkpoint the WAL at
    READ_SIDE_WAL_PAGES; the event writer keeps SQLite's defaults (its commits are durable
    and checkpoint as usual). SQLite only: PostgreSQL has neither setting."""
    from gtt_projections import ReadModel
    from gtt_projections.config import READ_SIDE_WAL_PAGES
    from sqlalchemy import text

    from gtt_domain import GttApplication

    app = GttApplication(sqlite_url, clock=clock, actor="registrar")
    rm = ReadModel(app, projections=[Institutions])
    try:
        with rm.connect() as conn:
            assert conn.execute(text("PRAGMA wal_autocheckpoint")).scalar() == READ_SIDE_WAL_PAGES
            assert conn.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
        with app.recorder.datastore.transaction(commit=False) as c:
            c.execute("PRAGMA wal_autocheckpoint")
            assert c.fetchone()[0] == 1000
            c.execute("PRAGMA synchronous")
            assert c.fetchone()[0] == 2  # FULL: the log's commits wait for the disk
    finally:
        rm.close()
        app.close()
