"""Issue 16: an encrypted store says so, and no process reads or writes it without its key.

The attack on the old main: with ``GTT_CIPHER_KEY`` unset, a writer appended plaintext
events and stored new persons' data keys unwrapped; a reader exited 0 with empty lists,
having dead-lettered every event and moved its position past them, so the tables stayed
empty once the key was supplied. Now: exit 2 with one line, nothing written, nothing read,
and with the key every table is filled.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path
from uuid import uuid4

import pytest
from eventsourcing.persistence import StoredEvent

sys.path.insert(0, str(Path(__file__).parents[1] / "cli"))
sys.path.insert(0, str(Path(__file__).parents[1] / "reliability"))

from installed import gtt, user_env  # noqa: E402
from rawstore import _pg_conn, event_rows  # noqa: E402

from gtt_domain import GttApplication  # noqa: E402
from gtt_domain.application.config import postgres_schema, sqlite_path  # noqa: E402
from gtt_domain.commands.institution import RegisterInstitution  # noqa: E402
from gtt_domain.domain.errors import UnreadableEventError  # noqa: E402
from gtt_domain.privacy import create_key  # noqa: E402
from gtt_domain.privacy.marker import StoreKeyError  # noqa: E402

SECRET = "Lin-Xiaoyu-7781"


def key_rows(url: str) -> list[tuple[str, bool]]:
    """(person id, wrapped) of every row of the key table."""
    sql = "SELECT person_id, wrapped FROM {}gtt_person_keys ORDER BY person_id"
    if url.startswith("sqlite:///"):
        with sqlite3.connect(sqlite_path(url)) as conn:
            return [(p, bool(w)) for p, w in conn.execute(sql.format(""))]
    with _pg_conn(url) as conn:
        return [(p, bool(w)) for p, w in conn.execute(sql.format(f'"{postgres_schema(url)}".'))]


def encrypted_store(url: str, key: str) -> str:
    app = GttApplication(url, env={"GTT_CIPHER_KEY": key})
    school = app.handle(RegisterInstitution(kind="school", name="Anxi Vocational", region="Anxi"))
    app.handle({"kind": "student", "home_institution_id": str(school), "name": SECRET},
               name="person.register")
    app.close()
    return str(school)


def one_line_exit_2(run) -> None:  # type: ignore[no-untyped-def]
    assert run.returncode == 2, (run.returncode, run.stdout, run.stderr)
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr, run.stderr


def test_a_keyless_writer_is_refused_and_writes_nothing(db_url):
    key = create_key()
    encrypted_store(db_url, key)
    rows, keys = event_rows(db_url), key_rows(db_url)
    env = user_env(GTT_DATABASE_URL=db_url)
    run = gtt("person", "register", "--kind", "student", "--name", "Plain Text Pupil", env=env)
    one_line_exit_2(run)
    assert "GTT_CIPHER_KEY" in run.stderr
    assert event_rows(db_url) == rows and key_rows(db_url) == keys
    assert all(wrapped for _, wrapped in keys)
    assert not any(b"Plain Text Pupil" in r or SECRET.encode() in r for r in event_rows(db_url))
    wrong = gtt("person", "register", "--kind", "student", "--name", "Plain Text Pupil",
                env=user_env(GTT_DATABASE_URL=db_url, GTT_CIPHER_KEY=create_key()))
    one_line_exit_2(wrong)
    assert "not this store's key" in wrong.stderr
    assert event_rows(db_url) == rows and key_rows(db_url) == keys


def test_a_keyless_reader_is_refused_and_the_key_later_reads_everything(db_url):
    key = create_key()
    school = encrypted_store(db_url, key)
    env = user_env(GTT_DATABASE_URL=db_url)
    for args in (("institutions", "list"), ("persons", "list"), ("history", school),
                 ("audit", "run", "--format", "json")):
        one_line_exit_2(gtt(*args, env=env))
    listed = gtt("institutions", "list", "--format", "json", env=user_env(GTT_DATABASE_URL=db_url, GTT_CIPHER_KEY=key))
    assert listed.returncode == 0, listed.stderr
    assert [i["id"] for i in json.loads(listed.stdout)] == [school]
    persons = gtt("persons", "list", "--format", "json", env=user_env(GTT_DATABASE_URL=db_url, GTT_CIPHER_KEY=key))
    assert len(json.loads(persons.stdout)) == 1


def test_a_plaintext_store_refuses_a_key(db_url):
    app = GttApplication(db_url)
    app.handle(RegisterInstitution(kind="school", name="S", region="R"))
    app.close()
    with pytest.raises(StoreKeyError, match="not encrypted"):
        GttApplication(db_url, env={"GTT_CIPHER_KEY": create_key()})
    GttApplication(db_url).close()  # and opens as before without one


def test_a_store_written_before_markers_is_recognised(sqlite_url):
    key = create_key()
    encrypted_store(sqlite_url, key)
    with sqlite3.connect(sqlite_path(sqlite_url)) as conn:
        conn.execute("DROP TABLE gtt_store_marker")
    with pytest.raises(StoreKeyError, match="encrypted"):
        GttApplication(sqlite_url)
    with pytest.raises(StoreKeyError, match="not this store's key"):
        GttApplication(sqlite_url, env={"GTT_CIPHER_KEY": create_key()})
    GttApplication(sqlite_url, env={"GTT_CIPHER_KEY": key}).close()
    with pytest.raises(StoreKeyError, match="encrypted"):  # the marker is written now
        GttApplication(sqlite_url)


def test_an_undecryptable_record_stops_the_read_side_at_its_position(db_url):
    """A plaintext row in an encrypted store (what the old keyless writer left) is not
    dead-lettered: reading stops at it, naming its position, and stays stopped there."""
    key = create_key()
    encrypted_store(db_url, key)
    app = GttApplication(db_url, env={"GTT_CIPHER_KEY": key})
    app.recorder.insert_events([StoredEvent(
        originator_id=uuid4(), originator_version=1,
        topic="gtt_domain.domain.institution:Institution.Registered", state=b'{"name": "downgraded"}')])
    app.close()
    env = user_env(GTT_DATABASE_URL=db_url, GTT_CIPHER_KEY=key)
    for _ in range(2):
        run = gtt("institutions", "list", env=env)
        one_line_exit_2(run)
        assert "position 3" in run.stderr
    status = gtt("projections", "status", "--format", "json", env=env)
    assert status.returncode == 0, status.stderr
    found = {p["name"]: p for p in json.loads(status.stdout)}
    assert found["institutions"]["position"] <= 2 and found["institutions"]["dead_letters"] == 0, found
    from gtt_projections.readmodel import ReadModel

    app = GttApplication(db_url, env={"GTT_CIPHER_KEY": key})
    with ReadModel(app) as rm:
        with pytest.raises(UnreadableEventError) as raised:
            rm.catch_up()
        assert raised.value.position == 3
        topic = "gtt_domain.domain.institution:Institution.Registered"
        meeting = {n for n, p in rm.projections.items() if p.handles(topic)}
        assert "institutions" in meeting
        for s in rm.status():  # those that need the event stop before it; none parks it
            assert (s.position <= 2 if s.name in meeting else s.position == 3, s.dead_letters) == (True, 0), s
    app.close()
