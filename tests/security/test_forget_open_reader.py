"""Issue 16: ``gtt persons forget`` while another connection holds a read transaction.

On SQLite the reader pins the old page, with the data key, in the database file. The
erasure must not report success while the key is still there: it retries a TRUNCATE
checkpoint, fails loudly (one line, exit 1) when the reader does not let go, and a second
run after the reader closed finishes it. When the reader lets go during the retries, the
first run succeeds. Either way, once ``forget`` exits 0 the key's bytes are nowhere in the
database file or its log.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from uuid import UUID

from gtt_domain import GttApplication
from gtt_domain.commands.institution import RegisterInstitution
from gtt_domain.privacy.erasure import is_forgotten

sys.path.insert(0, str(Path(__file__).parents[1] / "cli"))
from installed import gtt, user_env  # noqa: E402

FORGET = ("--requester", "data subject", "--legal-basis", "PIPL art. 47", "--yes")


def store_with_student(path: Path) -> tuple[str, str, bytes]:
    url = f"sqlite:///{path}"
    app = GttApplication(url)
    school = app.handle(RegisterInstitution(kind="school", name="S", region="R"))
    pid = app.handle({"kind": "student", "home_institution_id": str(school), "name": "Zhang Wei",
                      "national_id": "350524200905061234", "birth_date": "2009-05-06"},
                     name="person.register")
    app.close()
    with sqlite3.connect(path) as conn:
        [(key,)] = conn.execute("SELECT data_key FROM gtt_person_keys WHERE person_id = ?", (str(pid),))
    assert len(key) == 32
    return url, str(pid), bytes(key)


def key_on_disk(path: Path, key: bytes) -> bool:
    """Whether the key's bytes are in the database file or its WAL, read by another process:
    opening and closing the file here would drop the POSIX locks of this process's SQLite
    connections (the reader's among them), and the test would no longer hold what it says."""
    code = ("import sys; from pathlib import Path; key = bytes.fromhex(sys.argv[1]); "
            "files = [Path(p) for p in sys.argv[2:]]; "
            "print(any(f.exists() and key in f.read_bytes() for f in files))")
    out = subprocess.run([sys.executable, "-c", code, key.hex(), str(path), f"{path}-wal"],
                         capture_output=True, text=True, check=True).stdout.strip()
    return out == "True"


def open_reader(path: Path) -> sqlite3.Connection:
    reader = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM gtt_person_keys").fetchall()  # holds a read snapshot
    return reader


def test_forget_fails_loudly_while_a_reader_pins_the_key_and_a_rerun_finishes(tmp_path):
    path = tmp_path / "s.sqlite3"
    url, pid, key = store_with_student(path)
    assert key_on_disk(path, key)
    reader = open_reader(path)
    env = user_env(GTT_DATABASE_URL=url, GTT_ERASE_TIMEOUT="1")
    run = gtt("persons", "forget", pid, *FORGET, env=env)
    assert run.returncode == 1, run.stdout + run.stderr
    assert run.stderr.count("\n") == 1 and "read transaction" in run.stderr, run.stderr
    reader.close()
    again = gtt("persons", "forget", pid, *FORGET, env=env)
    assert again.returncode == 0, again.stderr
    assert not key_on_disk(path, key)
    app = GttApplication(url)
    assert is_forgotten(app, pid) and app.get(UUID(pid)).personal is None
    app.close()


def test_forget_waits_for_a_reader_that_lets_go(tmp_path):
    path = tmp_path / "s.sqlite3"
    url, pid, key = store_with_student(path)
    reader = open_reader(path)

    def let_go() -> None:
        time.sleep(1.0)
        reader.execute("COMMIT")

    thread = threading.Thread(target=let_go)
    thread.start()
    run = gtt("persons", "forget", pid, *FORGET, env=user_env(GTT_DATABASE_URL=url, GTT_ERASE_TIMEOUT="20"))
    thread.join()
    reader.close()
    assert run.returncode == 0, run.stderr
    assert not key_on_disk(path, key)


def test_forget_without_yes_asks_and_records_nothing_when_refused(tmp_path):
    path = tmp_path / "s.sqlite3"
    url, pid, key = store_with_student(path)
    run = gtt("persons", "forget", pid, "--requester", "data subject", "--legal-basis", "PIPL art. 47",
              env=user_env(GTT_DATABASE_URL=url), input="n\n")
    assert run.returncode == 1 and "not confirmed" in run.stderr
    assert key_on_disk(path, key)
    yes = gtt("persons", "forget", pid, "--requester", "data subject", "--legal-basis", "PIPL art. 47",
              env=user_env(GTT_DATABASE_URL=url), input="y\n")
    assert yes.returncode == 0, yes.stderr
    assert not key_on_disk(path, key)


def test_forget_on_postgres_fails_loudly_while_a_transaction_pins_the_old_row(pg_url):
    """PostgreSQL: VACUUM FULL rewrites the key table, but must keep the old row version
    (with the key) while an older snapshot is open: then the erasure fails loudly, and a
    rerun after the transaction ended leaves no key in the table's file."""
    import psycopg

    from gtt_domain.application.config import postgres_schema

    app = GttApplication(pg_url)
    school = app.handle(RegisterInstitution(kind="school", name="S", region="R"))
    pid = str(app.handle({"kind": "student", "home_institution_id": str(school), "name": "Zhang Wei"},
                         name="person.register"))
    app.close()
    table = f'"{postgres_schema(pg_url)}".gtt_person_keys'
    plain = pg_url.split("?", 1)[0].replace("postgresql+psycopg://", "postgresql://")

    def table_file() -> bytes:  # the key table's current data file, as the server stores it
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute("CHECKPOINT")  # shared buffers written to the file
            [(data,)] = conn.execute(
                f"SELECT pg_read_binary_file(pg_relation_filepath('{table}'))").fetchall()
            return bytes(data)

    with psycopg.connect(plain, autocommit=True) as conn:
        [(key,)] = conn.execute(f"SELECT data_key FROM {table} WHERE person_id = %s", (pid,)).fetchall()
    key = bytes(key)
    assert key in table_file()
    reader = psycopg.connect(plain)
    reader.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
    reader.execute("SELECT 1 FROM pg_class LIMIT 1").fetchall()  # an open snapshot
    env = user_env(GTT_DATABASE_URL=pg_url, GTT_ERASE_TIMEOUT="1")
    run = gtt("persons", "forget", pid, *FORGET, env=env)
    assert run.returncode == 1, run.stdout + run.stderr
    assert run.stderr.count("\n") == 1 and "another transaction" in run.stderr, run.stderr
    reader.rollback()
    reader.close()
    again = gtt("persons", "forget", pid, *FORGET, env=env)
    assert again.returncode == 0, again.stderr
    assert key not in table_file()
