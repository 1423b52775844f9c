"""Who may do what: the OS account beside the claimed actor, and a pluggable policy.

Without a policy the actor is **self-asserted**: whatever ``--actor``/``GTT_ACTOR`` or the
embedding service says is recorded, and anyone who can open the store may record any
command, erase anyone and read personal fields. Each event also records the operating
system account that ran the process (``meta.os_user``), which the caller cannot choose
through the CLI.

A policy is a callable ``policy(request: AccessRequest) -> bool | None``; returning False
(or raising :class:`~gtt_domain.domain.errors.NotAuthorisedError` with a reason) refuses.
It is asked before anything is recorded or shown, for these actions:

* ``record`` — record ``request.command`` (every command, including erasure);
* ``erase`` — erase a person's personal data (asked as well as ``record``);
* ``seal`` — seal the store's hash chain;
* ``read-personal`` — see personal fields (names, ID numbers, birth dates, guardians).

Configure it with ``GTT_POLICY``: ``module:callable`` (a dotted module path and the name of
the callable in it), or the name of an entry point in group ``gtt.policies`` (the shipped
example: ``GTT_POLICY=roles``, see :mod:`gtt_domain.application.role_policy`).
"""

from __future__ import annotations

import getpass
import importlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib.metadata import entry_points

from gtt_domain.commands.base import Command
from gtt_domain.domain.errors import UnusableStoreError

#: what is shown instead of a personal field to an actor the policy does not allow to read it
MASKED = "***"
ENV_POLICY = "GTT_POLICY"
ENTRY_POINT_GROUP = "gtt.policies"
ACTIONS = ("record", "erase", "seal", "read-personal")


@dataclass(frozen=True)
class AccessRequest:
    """One question put to the policy."""

    actor: str  # the claimed actor (``--actor``, ``GTT_ACTOR``, the embedder's)
    os_user: str  # the operating-system account running the process
    action: str  # one of ACTIONS
    command: Command | None = None  # for ``record`` and ``erase``

    def what(self) -> str:
        """The refused thing as the error names it (``record person.register``, ``seal``)."""
        if self.command is not None:
            return f"{self.action} {self.command.command_name()}"
        return self.action


Policy = Callable[[AccessRequest], "bool | None"]


class PolicyError(UnusableStoreError):
    """``GTT_POLICY`` names nothing usable (exit 2 in the CLI)."""


def os_user() -> str:
    """The operating-system account of this process."""
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry (containers): the uid is still the truth
        return f"uid:{os.getuid()}" if hasattr(os, "getuid") else "unknown"


def load_policy(env: Mapping[str, str] | None = None) -> Policy | None:
    """The policy ``GTT_POLICY`` names (in ``env``, else the process), or None."""
    spec = ((env or {}).get(ENV_POLICY) or os.environ.get(ENV_POLICY) or "").strip()
    if not spec:
        return None
    if ":" in spec:
        module_name, _, attr = spec.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ImportError as e:
            raise PolicyError(f"{ENV_POLICY}={spec}: cannot import {module_name}: {e}") from None
        found = getattr(module, attr, None)
    else:
        matches = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == spec]
        if not matches:
            raise PolicyError(f"{ENV_POLICY}={spec}: no entry point {spec!r} in group {ENTRY_POINT_GROUP}")
        found = matches[0].load()
    if not callable(found):
        raise PolicyError(f"{ENV_POLICY}={spec}: not a callable")
    return found


def may_read_personal(app: object) -> bool:
    """Whether ``app``'s actor may see personal fields (True without a policy)."""
    allows = getattr(app, "allows", None)
    return True if allows is None else bool(allows("read-personal"))
