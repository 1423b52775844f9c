"""An example policy: four roles (bureau, school, host, auditor) given to OS accounts.

Use it with ``GTT_POLICY=roles`` (or ``gtt_domain.application.role_policy:policy``) and
``GTT_ROLES_FILE=/etc/gtt/roles.toml``::

    # OS account -> its role and the actor names it may record as
    [users.lin]
    role = "school"
    actors = ["registrar@anxi-vocational"]

    [users.zhou]
    role = "bureau"
    actors = ["zhou@anxi-bureau"]

An OS account not in the file may do nothing; an account may record only as one of its
``actors`` (so ``--actor`` can no longer claim anyone). What each role may do is
:data:`PERMISSIONS`: command patterns (``group.verb``, ``group.*``) it may record, and
whether it may erase, seal and read personal fields. Copy this module to write your own.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from gtt_domain.application.policy import AccessRequest, PolicyError
from gtt_domain.domain.errors import NotAuthorisedError

ENV_ROLES_FILE = "GTT_ROLES_FILE"


@dataclass(frozen=True)
class Role:
    records: frozenset[str]  # "group.verb" or "group.*"
    erase: bool = False
    seal: bool = False
    read_personal: bool = False


PERMISSIONS: dict[str, Role] = {
    # an education bureau: plans and communities, which packs apply, exemptions it files
    "bureau": Role(frozenset({"institution.*", "community.*", "adoption.*", "exemption.*",
                              "agreement.*", "finding.*"}), seal=True),
    # a school: its people (and their erasure), internships, exchanges, calendars
    "school": Role(frozenset({"person.*", "internship.*", "exchange.*", "calendar.*",
                              "agreement.*", "institution.*"}), erase=True, read_personal=True),
    # a host enterprise: what happens at the workplace
    "host": Role(frozenset({"internship.start", "internship.record-attendance",
                            "internship.record-attendance-batch", "internship.correct-attendance",
                            "internship.record-absence", "internship.decide-leave", "internship.record-pay",
                            "internship.report-incident", "internship.evaluate", "internship.assign-mentor",
                            "internship.offer-job", "internship.hire"})),
    # an auditor: answers findings and seals what was audited; never sees personal data
    "auditor": Role(frozenset({"finding.*"}), seal=True),
}


@dataclass(frozen=True)
class User:
    role: str
    actors: frozenset[str]


def load_users(path: str | Path) -> dict[str, User]:
    """The ``[users.NAME]`` tables of a roles file."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    users: dict[str, User] = {}
    for name, entry in (data.get("users") or {}).items():
        role = entry.get("role")
        if role not in PERMISSIONS:
            raise ValueError(f"{path}: user {name!r} has unknown role {role!r}; known: {sorted(PERMISSIONS)}")
        users[name] = User(role, frozenset(entry.get("actors") or []))
    return users


def decide(users: dict[str, User], request: AccessRequest) -> bool:
    """The role table's answer; refusals raise with the reason."""
    user = users.get(request.os_user)
    what = request.what()
    if user is None:
        raise NotAuthorisedError(request.actor, what, f"OS account {request.os_user!r} has no role")
    if request.actor not in user.actors:
        raise NotAuthorisedError(request.actor, what,
                                 f"OS account {request.os_user!r} may not record as {request.actor!r}")
    role = PERMISSIONS[user.role]
    if request.action == "record":
        assert request.command is not None
        name = request.command.command_name()
        allowed = bool({name, f"{request.command.group}.*"} & role.records)
    else:
        allowed = bool({"erase": role.erase, "seal": role.seal,
                        "read-personal": role.read_personal}.get(request.action))
    if not allowed:
        raise NotAuthorisedError(request.actor, what, f"role {user.role!r} does not allow it")
    return True


@lru_cache(maxsize=4)
def _users(path: str, mtime_ns: int) -> dict[str, User]:
    return load_users(path)  # read again only when the file changes


def policy(request: AccessRequest) -> bool:
    """The policy ``GTT_POLICY=roles`` names: roles from ``$GTT_ROLES_FILE``."""
    path = os.environ.get(ENV_ROLES_FILE, "").strip()
    if not path:
        raise NotAuthorisedError(request.actor, request.what(), f"{ENV_ROLES_FILE} is not set")
    try:
        users = _users(path, Path(path).stat().st_mtime_ns)
    except (OSError, ValueError) as e:  # unreadable file, bad TOML, unknown role: exit 2
        raise PolicyError(f"{ENV_ROLES_FILE}={path}: {e}") from None
    return decide(users, request)
