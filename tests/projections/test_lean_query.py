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


def test_the_fact_projections_names_match_the_projections():
    from gtt_projections.facts import FACT_NAMES, FACT_PROJECTIONS
    from gtt_projections.facts.names import VERSIONS as FACT_VERSIONS

    assert [(p.name, p.version) for p in FACT_PROJECTIONS] == list(FACT_VERSIONS.items())
    assert FACT_NAMES == tuple(FACT_VERSIONS)


def audit_query(url: str, *args: str, read_db: str | None = None) -> tuple[str, set[str]]:
    """``gtt --db URL [--read-db R] audit run ARGS --format json`` in a fresh interpreter: its
    output and the modules it had loaded."""
    read = ["--read-db", read_db] if read_db else []
    out = subprocess.run([sys.executable, "-c", RUN, "--db", url, *read, "audit", "run", *args, "--format", "json"],
                         capture_output=True, text=True, timeout=300,
                         env={"PATH": "/usr/bin:/bin", "GTT_ACTOR": "tester"})
    assert out.returncode == 0, out.stderr
    body, _, modules = out.stdout.rstrip("\n").rpartition("\n")
    return body, set(json.loads(modules))


def test_an_audit_of_a_current_store_runs_without_the_application(db_url, app):
    """Ages come from the persons' sealed events, read and unsealed without the application;
    the findings are the full read model's, byte for byte."""
    from gtt_cli.output import to_json
    from gtt_projections.facts.audit import run_audit

    from gtt_domain.commands.internship import StartInternship
    from gtt_domain.commands.person import RegisterPerson

    w = world(app)
    young = app.handle(RegisterPerson(kind="student", name="Li Ming", home_institution_id=w.school,
                                      birth_date=date(2011, 2, 3)))
    place(w, student=0, host=0)
    place(w, student=1, host=1, planned_start=date(2025, 9, 1), planned_end=date(2025, 12, 1))
    w.students.append(young)
    iid = place(w, student=2, host=0)
    app.handle(StartInternship(internship_id=iid, on=date(2025, 3, 10)))
    with ReadModel(app) as rm:
        rm.catch_up()
        found = run_audit(rm, as_of=date(2025, 6, 30))
    expected = to_json([{**f.model_dump(mode="json"), "explanation": f.explanation("en")} for f in found])
    # the age was read from the student's sealed events
    assert ("NINT21-4-age", "14 < 16") in {(f.rule_id, f.comparison) for f in found if f.subject_id == str(iid)}
    body, modules = audit_query(db_url, "--as-of", "2025-06-30")
    assert body == expected + "\n"  # click.echo ends the output with a newline
    assert not {"gtt_domain.application.app", "gtt_projections.readmodel", "sqlalchemy.orm",
                "eventsourcing_sqlalchemy", "gtt_cli.commands.audit_integrity"} & modules


def test_the_lean_reader_decodes_the_persons_events_as_the_application(db_url, app):
    from gtt_projections.current import CurrentReadModel

    from gtt_domain.application.batch_read import stored_events_of
    from gtt_domain.commands.person import CorrectPersonalData, ErasePersonalData, RegisterPerson

    w = world(app)
    pid = app.handle(RegisterPerson(kind="student", name="Li Ming", home_institution_id=w.school,
                                    birth_date=date(2011, 2, 3), guardian_phone="13800138000"))
    app.handle(CorrectPersonalData(person_id=pid, birth_date=date(2010, 2, 3)))
    erased = app.handle(RegisterPerson(kind="student", name="Zhao Lei", home_institution_id=w.school,
                                       birth_date=date(2009, 5, 6)))
    app.handle(ErasePersonalData(person_id=erased, requester="data subject", legal_basis="PIPL art. 47"))
    with ReadModel(app) as rm:
        rm.catch_up()
    ids = [pid, erased, *w.students, w.teacher]
    theirs = {k: [vars(app.mapper.to_domain_event(e)) for e in v]
              for k, v in stored_events_of(app.recorder, ids).items()}
    lean = CurrentReadModel(db_url, None, full=lambda: ReadModel(app))
    try:
        events = lean.events()
        assert events is not None
        ours = {k: [vars(events.mapper.to_domain_event(e)) for e in v]
                for k, v in events.stored_events_of(ids).items()}
    finally:
        lean.close()
    assert ours == theirs and len(theirs[pid]) == 2
    assert str(theirs[pid][1]["personal"]["birth_date"]) == "2010-02-03"  # unsealed, both ways
    assert theirs[erased][0]["personal"] is None  # its key destroyed, both ways


def test_an_audit_with_a_separate_read_database_reads_ages_from_the_event_database(tmp_path, clock):
    from gtt_cli.output import to_json
    from gtt_projections.facts.audit import run_audit

    from gtt_domain.commands.internship import StartInternship
    from gtt_domain.commands.person import RegisterPerson

    url, read_url = f"sqlite:///{tmp_path / 'events.sqlite3'}", f"sqlite:///{tmp_path / 'read.sqlite3'}"
    app = GttApplication(url, clock=clock)
    try:
        w = world(app)
        w.students.append(app.handle(RegisterPerson(kind="student", name="Li Ming", home_institution_id=w.school,
                                                    birth_date=date(2011, 2, 3))))
        app.handle(StartInternship(internship_id=place(w, student=2, host=0), on=date(2025, 3, 10)))
        with ReadModel(app, read_url=read_url) as rm:
            rm.catch_up()
            found = run_audit(rm, as_of=date(2025, 6, 30))
    finally:
        app.close()
    assert "NINT21-4-age" in {f.rule_id for f in found}
    expected = to_json([{**f.model_dump(mode="json"), "explanation": f.explanation("en")} for f in found])
    body, modules = audit_query(url, "--as-of", "2025-06-30", read_db=read_url)
    assert body == expected + "\n" and "gtt_domain.application.app" not in modules
