"""A query on a current store runs without the application (issue 18).

The guard runs ``gtt internships list`` in a fresh interpreter and then names the modules
it loaded: on a current store, neither the ORM, the eventsourcing application, the
domain's event classes nor the projections' handlers; once the log has moved on, the
same query builds the application, catches up and answers with the new event.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest
from gtt_projections import ReadModel, registered
from internships_world import place, world

from gtt_domain.application import GttApplication

#: loaded only where the application or the full read model is built (eventsourcing: not at all)
HEAVY = ("sqlalchemy.orm", "eventsourcing_sqlalchemy", "eventsourcing",
         "gtt_domain.application.app", "gtt_domain.domain.internship", "gtt_domain.domain.person",
         "gtt_domain.commands", "gtt_projections.models", "gtt_projections.readmodel")

RUN = """
import json, sys
from gtt_cli.main import gtt
try:
    gtt.main(sys.argv[1:], prog_name="gtt")
finally:
    sys.stdout.write("\\n" + json.dumps(sorted(sys.modules)) + "\\n")
"""


def query(url: str, *args: str) -> tuple[list[dict[str, object]], set[str]]:
    """``gtt --db URL internships list ARGS --format json`` in a fresh interpreter: its rows
    and the modules it had loaded when it finished."""
    out = subprocess.run([sys.executable, "-c", RUN, "--db", url, "internships", "list", *args,
                          "--format", "json"], capture_output=True, text=True, timeout=120,
                         env={"PATH": "/usr/bin:/bin", "GTT_ACTOR": "tester"})
    assert out.returncode == 0, out.stderr
    body, _, modules = out.stdout.rstrip("\n").rpartition("\n")
    return json.loads(body), set(json.loads(modules))


def loaded_heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def test_a_current_store_is_queried_without_the_application(db_url, app):
    w = world(app)
    first = place(w, student=0, host=0)
    with ReadModel(app) as rm:
        rm.catch_up()
    rows, modules = query(db_url, "--host", str(w.hosts[0]))
    assert [r["id"] for r in rows] == [str(first)]
    assert loaded_heavy(modules) == []
    assert "sqlalchemy" in modules  # Core answers it

    second = place(w, student=1, host=0, planned_start=date(2025, 9, 1), planned_end=date(2025, 12, 1))
    rows, modules = query(db_url, "--host", str(w.hosts[0]))  # behind: catches up first
    assert [r["id"] for r in rows] == [str(first), str(second)]
    assert "gtt_domain.application.app" in loaded_heavy(modules)
    with ReadModel(app) as rm:
        assert {s.name: s.lag for s in rm.status(["internships"])} == {"internships": 0}

    rows, modules = query(db_url, "--host", str(w.hosts[0]))  # current again
    assert len(rows) == 2 and loaded_heavy(modules) == []


def test_without_catching_up_the_tables_are_read_as_they_stand(db_url, app):
    w = world(app)
    first = place(w, student=0, host=0)
    with ReadModel(app) as rm:
        rm.catch_up()
    place(w, student=1, host=0)
    rows, modules = query(db_url, "--host", str(w.hosts[0]), "--no-catch-up")
    assert [r["id"] for r in rows] == [str(first)] and loaded_heavy(modules) == []


def test_a_store_never_projected_is_built_by_the_application(db_url, app):
    w = world(app)
    iid = place(w, student=0, host=1)
    rows, modules = query(db_url, "--host", str(w.hosts[1]))
    assert [r["id"] for r in rows] == [str(iid)]
    assert "gtt_domain.application.app" in modules


def test_an_encrypted_store_is_checked_by_the_application(tmp_path):
    from gtt_domain.privacy.cipher import create_key

    url = f"sqlite:///{tmp_path / 'secret.sqlite3'}"
    enc = GttApplication(url, env={"GTT_CIPHER_KEY": create_key()})
    try:
        w = world(enc)
        place(w)
        with ReadModel(enc) as rm:
            rm.catch_up()
    finally:
        enc.close()
    out = subprocess.run([sys.executable, "-c", RUN, "--db", url, "internships", "list"],
                         capture_output=True, text=True, timeout=120,
                         env={"PATH": "/usr/bin:/bin", "GTT_ACTOR": "tester"})
    assert out.returncode == 2 and "GTT_CIPHER_KEY" in out.stderr  # no key: refused, as before


def test_what_the_lean_path_assumes_matches_the_application():
    from gtt_cli import readside
    from gtt_projections.current import APP_NAME
    from gtt_projections.tables import VERSIONS

    from gtt_domain.application.policy import ENV_POLICY
    from gtt_domain.privacy.cipher import ENV_CIPHER_KEY

    assert GttApplication.name == APP_NAME
    assert (readside.ENV_CIPHER_KEY, readside.ENV_POLICY) == (ENV_CIPHER_KEY, ENV_POLICY)
    versions = {p.name: p.version for p in registered()}
    assert {n: versions[n] for n in VERSIONS} == VERSIONS


@pytest.mark.parametrize("url", ["sqlalchemy+sqlite:///x.db", "sqlite:///:memory:"])
def test_stores_it_cannot_read_go_to_the_application(url):
    from gtt_projections.current import lean_store

    assert not lean_store(url)


def test_a_missing_store_file_is_left_to_the_application(tmp_path):
    """Connecting would create the file empty, which the application then refuses."""
    from gtt_projections.current import lean_store

    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    assert not lean_store(url)
    rows, _modules = query(url)
    assert rows == [] and (tmp_path / "new.sqlite3").stat().st_size > 0
