"""Plugin convention for ``gtt`` commands (other modules rely on it; keep it stable).

* The modules are listed in :data:`MODULES` (an explicit list; a test checks it against
  the package's files). Each that defines a module-level list ``commands`` (of
  ``click.Command``/``click.Group``) gets them registered on the root ``gtt`` group.
* A module may set ``section = "write" | "query" | "admin"`` (default ``"admin"``): the
  heading its commands appear under in ``gtt --help``.
* A module that adds subcommands to a shared group (``gtt audit …``, or an extra command
  under ``gtt internship``) calls :func:`get_or_create_group` instead; every group made
  that way is registered on the root too.
* ``INDEX`` says which modules define each top-level name, so ``gtt NAME …`` imports only
  those (start-up of a query: the write side and audits stay unloaded). A test checks it
  against :func:`discover_index`; a name missing from it still works (every module is
  loaded then), so a new plugin only needs its line here to start fast.
* ``SUBINDEX`` does the same one level down for the shared groups whose modules are heavy
  (``gtt audit run`` does not import the seals' and verification's module); a test checks
  it against :func:`discover_subindex`; a subcommand missing from it loads every module
  of its group.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

import click

#: every plugin module of this package, in the order they are loaded
MODULES: tuple[str, ...] = (
    "agreements", "audit_integrity", "audit_run", "audit_upcoming", "communities", "demo", "evaluate",
    "exchanges", "export_events", "export_models", "findings", "import_", "inspect", "institutions",
    "internships", "persons", "projections", "readside_common", "report", "rules_adopt", "write",
)

#: section key -> heading in ``gtt --help`` (in this order)
SECTIONS: dict[str, str] = {
    "write": "Write commands",
    "query": "Queries",
    "admin": "Audit and admin",
}
DEFAULT_SECTION = "admin"

#: groups shared between modules, by name
GROUPS: dict[str, click.Group] = {}

#: top-level command name -> the modules of this package that define or extend it
INDEX: dict[str, tuple[str, ...]] = {
    "agreement": ("write",),
    "agreements": ("agreements",),
    "audit": ("audit_integrity", "audit_run", "audit_upcoming"),
    "calendar": ("write",),
    "communities": ("communities",),
    "community": ("write",),
    "demo": ("demo",),
    "evaluate": ("evaluate",),
    "exchange": ("write",),
    "exchanges": ("exchanges",),
    "exemption": ("write",),
    "export": ("export_events", "export_models"),
    "findings": ("findings",),
    "history": ("inspect",),
    "import": ("import_",),
    "institution": ("write",),
    "institutions": ("institutions",),
    "internship": ("write",),
    "internships": ("internships",),
    "person": ("write",),
    "persons": ("persons",),
    "projections": ("projections",),
    "report": ("report",),
    "rules": ("audit_run", "rules_adopt"),
    "show": ("inspect",),
}

#: shared group -> subcommand name -> the modules of this package that define it
SUBINDEX: dict[str, dict[str, tuple[str, ...]]] = {
    "audit": {
        "keygen": ("audit_integrity",),
        "run": ("audit_run",),
        "seal": ("audit_integrity",),
        "upcoming": ("audit_upcoming",),
        "verify": ("audit_integrity",),
    },
}

#: the module being imported by :func:`load_module`, and what each module contributed
_loading: list[str] = []
CONTRIBUTIONS: dict[str, set[str]] = {}
#: shared group -> subcommand -> the modules that added it (for :func:`discover_subindex`)
SUB_CONTRIBUTIONS: dict[str, dict[str, list[str]]] = {}


def set_section(cmd: click.Command, section: str) -> click.Command:
    """Say under which heading of ``gtt --help`` a top-level command is listed."""
    if section not in SECTIONS:
        raise ValueError(f"unknown section {section!r}; use one of {sorted(SECTIONS)}")
    cmd.gtt_section = section  # type: ignore[attr-defined]
    return cmd


def section_of(cmd: click.Command) -> str:
    return getattr(cmd, "gtt_section", DEFAULT_SECTION)


#: the help of each group that several modules add commands to, kept here so that it is the
#: same whichever module happens to create the group first
SHARED_GROUP_HELP: dict[str, str] = {
    "audit": """Audit the record: rule findings and tamper evidence.

\b
Example:
  gtt audit run --as-of 2025-06-30 --format table
  gtt audit upcoming --within 30d
  gtt audit seal --key seal.pem
  gtt audit verify --public-key seal.pem.pub""",
    "export": """Export the record: read models as CSV/JSON/xlsx, the event log as JSONL.

\b
Example:
  gtt export events --format jsonl --output events.jsonl
  gtt export internships --format xlsx --output internships.xlsx""",
    "rules": """The rule packs (shipped ones and your own files) and where they apply.

National packs apply by law to the scope they name; plans and local packs apply where an
institution, agreement or community adopted them (`gtt rules adopt`).

\b
Example:
  gtt rules list --pack N-INT-2021
  gtt rules show NINT21-7-pay
  gtt rules adopt P10 --agreement AID --from 2024-11-01""",
}


class SharedGroup(click.Group):
    """A group several modules add commands to: a subcommand is looked up after importing
    the modules :data:`SUBINDEX` names for it (all of the group's modules when it names
    none); listing the subcommands imports them all."""

    def _load(self, modules: tuple[str, ...]) -> None:
        from gtt_cli.helpfmt import adopt

        package = sys.modules[__name__]
        for m in modules:
            load_module(package, m)
        for sub in self.commands.values():
            adopt(sub)

    def _every_module(self) -> tuple[str, ...]:
        name = str(self.name)
        return INDEX.get(name) or tuple(module_names(sys.modules[__name__]))

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        super().add_command(cmd, name)
        if _loading:
            added = SUB_CONTRIBUTIONS.setdefault(str(self.name), {}).setdefault(name or str(cmd.name), [])
            added.append(_loading[-1])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            self._load(SUBINDEX.get(str(self.name), {}).get(cmd_name) or self._every_module())
        return self.commands.get(cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load(self._every_module())
        return sorted(self.commands)


def get_or_create_group(name: str, help: str, *, section: str | None = None) -> click.Group:  # noqa: A002
    """The shared group ``name``, created on first use; a shared group's help is
    :data:`SHARED_GROUP_HELP`'s, not the creating module's."""
    if _loading:
        CONTRIBUTIONS.setdefault(_loading[-1], set()).add(name)
    group = GROUPS.get(name)
    if group is None:
        group = SharedGroup(name, help=SHARED_GROUP_HELP.get(name, help))
        set_section(group, section or DEFAULT_SECTION)
        GROUPS[name] = group
    elif section is not None and not hasattr(group, "gtt_section"):
        set_section(group, section)
    return group


def load_module(package: ModuleType, name: str) -> list[click.Command]:
    """Import one module of ``package``; the commands of its ``commands`` list."""
    _loading.append(name)
    try:
        module = importlib.import_module(f"{package.__name__}.{name}")
    finally:
        _loading.pop()
    contributed = getattr(module, "commands", None)
    if contributed is None:
        return []
    if not isinstance(contributed, list):
        raise TypeError(f"{module.__name__}.commands must be a list of click commands")
    section = getattr(module, "section", DEFAULT_SECTION)
    for cmd in contributed:
        if not isinstance(cmd, click.Command):
            raise TypeError(f"{module.__name__}.commands holds {cmd!r}, not a click command")
        if not hasattr(cmd, "gtt_section"):
            set_section(cmd, section)
        CONTRIBUTIONS.setdefault(name, set()).add(str(cmd.name))
    return list(contributed)


def module_names(package: ModuleType) -> list[str]:
    """The package's explicit ``MODULES`` list (never what happens to be on disk)."""
    names = getattr(package, "MODULES", None)
    if not isinstance(names, tuple | list):
        raise TypeError(f"{package.__name__}.MODULES must list its plugin modules")
    return list(names)


def load_commands(package: ModuleType) -> list[click.Command]:
    """Import every module of ``package`` and collect the commands they contribute."""
    found: list[click.Command] = []
    for name in module_names(package):
        found.extend(load_module(package, name))
    return found


def all_commands() -> list[click.Command]:
    """Commands from every module of this package plus the shared groups."""
    found = load_commands(sys.modules[__name__])
    found.extend(GROUPS.values())
    seen: dict[str, click.Command] = {}
    for cmd in found:
        other = seen.get(str(cmd.name))
        if other is not None and other is not cmd:
            raise RuntimeError(f"two gtt commands are named {cmd.name!r}")
        seen[str(cmd.name)] = cmd
    return list(seen.values())


def command_named(name: str) -> click.Command | None:
    """The top-level command ``name``, importing only the modules ``INDEX`` names for it."""
    modules = INDEX.get(name)
    if modules is None:
        return {str(c.name): c for c in all_commands()}.get(name)
    if name in SUBINDEX:  # its subcommands' modules are imported when one is named
        return get_or_create_group(name, SHARED_GROUP_HELP.get(name, ""))
    package = sys.modules[__name__]
    found = [c for m in modules for c in load_module(package, m) if c.name == name]
    return found[0] if found else GROUPS.get(name)


def discover_index() -> dict[str, tuple[str, ...]]:
    """What ``INDEX`` should say, found by importing every module (in a fresh process:
    a module imported before contributes nothing new)."""
    all_commands()
    index: dict[str, list[str]] = {}
    for module in module_names(sys.modules[__name__]):
        for name in sorted(CONTRIBUTIONS.get(module, ())):
            index.setdefault(name, []).append(module)
    return {name: tuple(mods) for name, mods in sorted(index.items())}


def discover_subindex() -> dict[str, dict[str, tuple[str, ...]]]:
    """What ``SUBINDEX`` should say for its groups (in a fresh process, as
    :func:`discover_index`)."""
    all_commands()
    return {group: {sub: tuple(mods) for sub, mods in sorted(SUB_CONTRIBUTIONS.get(group, {}).items())}
            for group in SUBINDEX}
