"""Issue 16: identity and permission.

On the old main ``gtt --actor anyone`` recorded as anyone, erased anyone without asking
and ``gtt history`` showed personal data to every user. Now every event records the OS
account beside the claimed actor, and under a policy (``GTT_POLICY``; the shipped example
role policy here) the OS account decides which actors it may claim, which commands it may
record, whether it may erase or seal, and whether it sees personal fields.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from uuid import UUID

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "cli"))
from installed import gtt, user_env  # noqa: E402

from gtt_domain import GttApplication  # noqa: E402
from gtt_domain.application.policy import MASKED, AccessRequest, PolicyError, load_policy, os_user  # noqa: E402
from gtt_domain.application.role_policy import PERMISSIONS, User, decide  # noqa: E402
from gtt_domain.commands import REGISTRY  # noqa: E402
from gtt_domain.commands.institution import RegisterInstitution  # noqa: E402
from gtt_domain.domain.errors import NotAuthorisedError  # noqa: E402

ME = os_user()
NAME = "Lin Xiaoyu"


def roles_file(tmp_path: Path, role: str, actors: list[str], user: str = ME) -> Path:
    path = tmp_path / f"roles-{role}-{user}.toml"
    path.write_text(f'[users."{user}"]\nrole = "{role}"\nactors = {json.dumps(actors)}\n', encoding="utf-8")
    return path


def env_for(url: str, roles: Path | None, **extra: str) -> dict[str, str]:
    policy = {"GTT_POLICY": "roles", "GTT_ROLES_FILE": str(roles)} if roles else {}
    return user_env(GTT_DATABASE_URL=url, **policy, **extra)


def register_school(url: str, env: dict[str, str], actor: str):  # type: ignore[no-untyped-def]
    return gtt("--actor", actor, "institution", "register", "--kind", "school", "--name", "S",
               "--region", "Anxi", env=env)


def test_without_a_policy_the_actor_is_self_asserted_but_the_os_user_is_recorded(sqlite_url):
    run = register_school(sqlite_url, env_for(sqlite_url, None), "anyone")
    assert run.returncode == 0, run.stderr
    history = gtt("history", run.stdout.strip(), "--format", "json", env=env_for(sqlite_url, None))
    [event] = json.loads(history.stdout)
    assert (event["actor"], event["os_user"]) == ("anyone", ME)


def test_actor_under_a_policy(db_url, tmp_path):
    roles = roles_file(tmp_path, "school", ["registrar@anxi"])
    env = env_for(db_url, roles)
    ok = register_school(db_url, env, "registrar@anxi")
    assert ok.returncode == 0, ok.stderr
    school = ok.stdout.strip()
    history = json.loads(gtt("history", school, "--format", "json", env=env).stdout)
    assert [(e["actor"], e["os_user"]) for e in history] == [("registrar@anxi", ME)]

    claimed = register_school(db_url, env, "anyone")  # claiming someone else's name
    assert claimed.returncode == 1 and claimed.stderr.count("\n") == 1
    assert "may not record as 'anyone'" in claimed.stderr
    outside = gtt("--actor", "registrar@anxi", "community", "establish", "--kind", "education_group",
                  "--name", "G", "--region", "Anxi", "--core-institution-id", school,
                  "--established-on", "2025-01-01", env=env)
    assert outside.returncode == 1 and "role 'school' does not allow it" in outside.stderr
    stranger = register_school(db_url, env_for(db_url, roles_file(tmp_path, "school", ["x"], user="someone-else")),
                               "x")
    assert stranger.returncode == 1 and f"OS account {ME!r} has no role" in stranger.stderr
    app = GttApplication(db_url)  # nothing was recorded by the refused commands
    assert app.recorder.max_notification_id() == 1
    app.close()


def test_erasure_needs_the_erase_permission_and_personal_fields_are_masked(sqlite_url, tmp_path):
    school_roles = roles_file(tmp_path, "school", ["registrar@anxi"])
    env = env_for(sqlite_url, school_roles)
    school = register_school(sqlite_url, env, "registrar@anxi").stdout.strip()
    pid = gtt("--actor", "registrar@anxi", "person", "register", "--kind", "student", "--name", NAME,
              "--home-institution-id", school, "--birth-date", "2009-06-10", env=env).stdout.strip()
    UUID(pid)
    shown = json.loads(gtt("--actor", "registrar@anxi", "show", pid, env=env).stdout)
    assert shown["state"]["personal"]["name"] == NAME  # the school may read them

    for role in ("host", "auditor", "bureau"):
        other = env_for(sqlite_url, roles_file(tmp_path, role, [f"{role}@x"]))
        masked = json.loads(gtt("--actor", f"{role}@x", "show", pid, env=other).stdout)
        assert masked["state"]["personal"] == MASKED
        history = gtt("--actor", f"{role}@x", "history", pid, "--format", "json", env=other)
        assert NAME not in history.stdout and json.loads(history.stdout)[0]["fields"]["personal"] == MASKED
        detail = json.loads(gtt("--actor", f"{role}@x", "persons", "show", pid, env=other).stdout)
        assert detail["display_name"] == MASKED
        refused = gtt("--actor", f"{role}@x", "persons", "forget", pid, "--requester", "data subject",
                      "--legal-basis", "PIPL art. 47", "--yes", env=other)
        assert refused.returncode == 1 and "may not" in refused.stderr, refused.stderr
    assert json.loads(gtt("--actor", "registrar@anxi", "show", pid, env=env).stdout)["state"]["personal"]["name"] == NAME
    done = gtt("--actor", "registrar@anxi", "persons", "forget", pid, "--requester", "data subject",
               "--legal-basis", "PIPL art. 47", "--yes", env=env)
    assert done.returncode == 0, done.stderr


def request(action: str, command: str | None = None, actor: str = "a") -> AccessRequest:
    cmd = None
    if command is not None:
        cls = REGISTRY[command]
        cmd = cls.model_construct()
    return AccessRequest(actor=actor, os_user="u", action=action, command=cmd)


@pytest.mark.parametrize(("role", "allowed", "refused"), [
    ("bureau", {"seal", "record adoption.adopt", "record community.establish", "record exemption.file"},
     {"erase", "read-personal", "record person.register", "record internship.record-pay"}),
    ("school", {"erase", "read-personal", "record person.register", "record internship.place"},
     {"seal", "record community.establish", "record adoption.adopt"}),
    ("host", {"record internship.record-attendance", "record internship.record-pay"},
     {"erase", "seal", "read-personal", "record internship.place", "record person.register"}),
    ("auditor", {"seal", "record finding.ack", "record finding.dispute"},
     {"erase", "read-personal", "record internship.record-pay", "record person.erase-personal"}),
])
def test_the_example_roles(role, allowed, refused):
    users = {"u": User(role, frozenset({"a"}))}
    for what in allowed | refused:
        action, _, command = what.partition(" ")
        req = request(action, command or None)
        if what in allowed:
            assert decide(users, req), what
        else:
            with pytest.raises(NotAuthorisedError, match=f"role '{role}' does not allow it"):
                decide(users, req)
    assert set(PERMISSIONS) == {"bureau", "school", "host", "auditor"}


def test_the_policy_is_asked_before_anything_is_recorded(sqlite_url):
    asked: list[str] = []

    def only_institutions(req: AccessRequest) -> bool:
        asked.append(req.what())
        return req.command is not None and req.command.group == "institution"

    app = GttApplication(sqlite_url, policy=only_institutions, actor="clerk")
    app.handle(RegisterInstitution(kind="school", name="S", region="R"))
    with pytest.raises(NotAuthorisedError, match="record person.register"):
        app.handle({"kind": "student", "name": NAME}, name="person.register")
    assert not app.allows("seal") and not app.allows("read-personal")
    assert asked[0] == "record institution.register"
    assert app.recorder.max_notification_id() == 1
    app.close()


def test_gtt_policy_names_a_callable_or_an_entry_point(monkeypatch, tmp_path):
    assert load_policy({"GTT_POLICY": "gtt_domain.application.role_policy:policy"}) is not None
    assert load_policy({"GTT_POLICY": "roles"}) is not None
    for bad in ("no_such_module:policy", "nothing-registered", "gtt_domain.application.role_policy:PERMISSIONS"):
        with pytest.raises(PolicyError):
            load_policy({"GTT_POLICY": bad})
    run = gtt("institutions", "list", env=user_env(GTT_DATABASE_URL=f"sqlite:///{tmp_path / 's.db'}",
                                                   GTT_POLICY="nothing-registered"))
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "GTT_POLICY" in run.stderr
    bad = tmp_path / "roles.toml"
    bad.write_text('[users.x]\nrole = "king"\n', encoding="utf-8")
    for roles in (bad, tmp_path / "missing.toml"):
        run = gtt("institution", "register", "--kind", "school", "--name", "S", "--region", "R",
                  env=user_env(GTT_DATABASE_URL=f"sqlite:///{tmp_path / 's.db'}", GTT_POLICY="roles",
                               GTT_ROLES_FILE=str(roles)))
        assert run.returncode == 2 and run.stderr.count("\n") == 1 and "GTT_ROLES_FILE" in run.stderr, run.stderr


def test_sealing_asks_the_policy(sqlite_url, tmp_path):
    """``gtt audit seal`` under the example roles: a host account may not seal (nothing is
    sealed), an auditor's may."""
    writer = env_for(sqlite_url, roles_file(tmp_path, "school", ["registrar@anxi"]))
    assert register_school(sqlite_url, writer, "registrar@anxi").returncode == 0
    host = env_for(sqlite_url, roles_file(tmp_path, "host", ["hr@host"]))
    refused = gtt("--actor", "hr@host", "audit", "seal", env=host)
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1, refused.stderr
    assert "seal" in refused.stderr and "Traceback" not in refused.stderr
    auditor = env_for(sqlite_url, roles_file(tmp_path, "auditor", ["audit@bureau"]))
    sealed = gtt("--actor", "audit@bureau", "audit", "seal", "--format", "json", env=auditor)
    assert sealed.returncode == 0, sealed.stderr
    assert json.loads(sealed.stdout)[0]["number"] == 1  # the refused attempt left no seal
