"""Issue 8 part 6: every event names its actor; a refused actor records nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gtt_domain import COMMANDS, GttApplication, NotAuthorisedError
from gtt_domain.commands.institution import OpenDepartment, RegisterInstitution
from gtt_domain.commands.person import ErasePersonalData, RegisterPerson

DOC = Path(__file__).resolve().parents[2] / "docs" / "privacy.md"


def _doc_hook() -> dict:
    """Run the role-table example from docs/privacy.md exactly as written."""
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    example = next(b for b in blocks if "def authorise" in b)
    namespace: dict = {}
    exec(compile(example, str(DOC), "exec"), namespace)  # noqa: S102
    return namespace


def _count(app: GttApplication) -> int:
    return len(app.recorder.select_notifications(start=1, limit=10_000))


def test_every_event_records_its_actor(db_url, clock):
    app = GttApplication(db_url, clock=clock, actor="importer")
    iid = app.handle(RegisterInstitution(kind="school", name="S", region="R"))
    app.handle(OpenDepartment(institution_id=iid, name="A"), actor="dean")
    app.handle_batch([OpenDepartment(institution_id=iid, name=n) for n in "BC"], actor="clerk")
    reader = GttApplication(db_url)
    assert [e.meta.actor for e in reader.events.get(iid)] == ["importer", "dean", "clerk", "clerk"]


def test_an_empty_actor_is_refused(sqlite_url):
    app = GttApplication(sqlite_url)
    with pytest.raises(ValueError, match="actor must not be empty"):
        app.handle(RegisterInstitution(kind="school", name="S", region="R"), actor="  ")
    assert _count(app) == 0


def test_refused_actor_names_actor_and_command_and_writes_nothing(db_url, clock):
    app = GttApplication(db_url, clock=clock, authorise=lambda actor, cmd: actor != "intern")
    iid = app.handle(RegisterInstitution(kind="school", name="S", region="R"), actor="registrar")
    with pytest.raises(NotAuthorisedError) as e:
        app.handle(OpenDepartment(institution_id=iid, name="A"), actor="intern")
    assert (e.value.actor, e.value.command) == ("intern", "institution.open-department")
    assert "'intern' may not institution.open-department" in str(e.value)
    assert _count(GttApplication(db_url)) == 1


def test_one_refused_command_refuses_the_whole_batch(db_url, clock):
    app = GttApplication(db_url, clock=clock,
                         authorise=lambda actor, cmd: cmd.verb != "count-teachers")
    iid = app.handle(RegisterInstitution(kind="school", name="S", region="R"))
    batch = [("institution.open-department", {"institution_id": str(iid), "name": "A"}),
             ("institution.count-teachers", {"institution_id": str(iid), "name": "A",
                                             "teacher_count": 3, "as_of": "2025-09-01"})]
    with pytest.raises(NotAuthorisedError, match="institution.count-teachers"):
        app.handle_batch(batch, actor="clerk")
    assert _count(GttApplication(db_url)) == 1


def test_role_table_example_from_the_docs(db_url, clock):
    ns = _doc_hook()
    for names in ns["PERMISSIONS"].values():  # the example names real commands
        for name in names:
            assert name.endswith(".*") or name in COMMANDS, name
    app = GttApplication(db_url, clock=clock, authorise=ns["authorise"])
    iid = app.handle(RegisterInstitution(kind="school", name="S", region="R"), actor="registrar@anxi")
    pid = app.handle(RegisterPerson(kind="student", home_institution_id=iid, name="Lin"),
                     actor="registrar@anxi")
    with pytest.raises(NotAuthorisedError, match=r"'teacher@anxi' may not person.erase-personal: "
                                                 r"roles \['teacher'\] do not allow it"):
        app.handle(ErasePersonalData(person_id=pid), actor="teacher@anxi")
    with pytest.raises(NotAuthorisedError, match=r"'stranger' may not institution.register"):
        app.handle(RegisterInstitution(kind="school", name="T", region="R"), actor="stranger")
    assert _count(app) == 2
    app.handle(ErasePersonalData(person_id=pid), actor="dpo@anxi")
    assert [e.meta.actor for e in app.events.get(pid)][-1] == "dpo@anxi"
