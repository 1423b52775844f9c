"""Plugin convention for ``gtt`` commands (other modules rely on it; keep it stable).

* Every module in this package that defines a module-level list ``commands`` (of
  ``click.Command``/``click.Group``) gets them registered on the root ``gtt`` group.
  Modules are imported with :mod:`pkgutil` in sorted name order.
* A module may set ``section = "write" | "query" | "admin"`` (default ``"admin"``): the
  heading its commands appear under in ``gtt --help``.
* A module that adds subcommands to a shared group (``gtt audit …``, or an extra command
  under ``gtt internship``) calls :func:`get_or_create_group` instead; every group made
  that way is registered on the root too.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

import click

#: section key -> heading in ``gtt --help`` (in this order)
SECTIONS: dict[str, str] = {
    "write": "Write commands",
    "query": "Queries",
    "admin": "Audit and admin",
}
DEFAULT_SECTION = "admin"

#: groups shared between modules, by name
GROUPS: dict[str, click.Group] = {}


def set_section(cmd: click.Command, section: str) -> click.Command:
    """Say under which heading of ``gtt --help`` a top-level command is listed."""
    if section not in SECTIONS:
        raise ValueError(f"unknown section {section!r}; use one of {sorted(SECTIONS)}")
    cmd.gtt_section = section  # type: ignore[attr-defined]
    return cmd


def section_of(cmd: click.Command) -> str:
    return getattr(cmd, "gtt_section", DEFAULT_SECTION)


def get_or_create_group(name: str, help: str, *, section: str | None = None) -> click.Group:  # noqa: A002
    """The shared group ``name``, created on first use (later ``help`` is ignored)."""
    group = GROUPS.get(name)
    if group is None:
        group = click.Group(name, help=help)
        set_section(group, section or DEFAULT_SECTION)
        GROUPS[name] = group
    elif section is not None and not hasattr(group, "gtt_section"):
        set_section(group, section)
    return group


def load_commands(package: ModuleType) -> list[click.Command]:
    """Import every module of ``package`` and collect the commands they contribute."""
    found: list[click.Command] = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        contributed = getattr(module, "commands", None)
        if contributed is None:
            continue
        if not isinstance(contributed, list):
            raise TypeError(f"{module.__name__}.commands must be a list of click commands")
        section = getattr(module, "section", DEFAULT_SECTION)
        for cmd in contributed:
            if not isinstance(cmd, click.Command):
                raise TypeError(f"{module.__name__}.commands holds {cmd!r}, not a click command")
            if not hasattr(cmd, "gtt_section"):
                set_section(cmd, section)
            found.append(cmd)
    return found


def all_commands() -> list[click.Command]:
    """Commands from every module of this package plus the shared groups."""
    import sys

    found = load_commands(sys.modules[__name__])
    found.extend(GROUPS.values())
    seen: dict[str, click.Command] = {}
    for cmd in found:
        other = seen.get(str(cmd.name))
        if other is not None and other is not cmd:
            raise RuntimeError(f"two gtt commands are named {cmd.name!r}")
        seen[str(cmd.name)] = cmd
    return list(seen.values())
