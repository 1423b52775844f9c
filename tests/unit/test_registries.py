"""Registries are explicit lists: the same in every process, whatever was imported first.

The write CLI once vanished because command models reached the registry only as a side
effect of importing the application. Each check below runs in a fresh interpreter that
imports one module and nothing else, and compares with the full set.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys

import pytest

from gtt_domain.audit import rule_types
from gtt_domain.commands import MODULES as COMMAND_MODULES
from gtt_domain.commands import REGISTRY
from gtt_domain.commands.base import Command


def fresh(code: str) -> object:
    """Run ``code`` (which prints JSON) in a new interpreter and return what it printed."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.mark.parametrize("module", COMMAND_MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[1])
def test_each_command_module_lists_every_command_it_defines(module):
    defined = {c for _, c in inspect.getmembers(module, inspect.isclass)
               if issubclass(c, Command) and c.__module__ == module.__name__ and c.verb}
    assert defined == set(module.COMMANDS)


def test_the_command_registry_is_the_same_in_a_fresh_process_that_imports_only_it():
    names = fresh("import json; from gtt_domain.commands import REGISTRY; print(json.dumps(sorted(REGISTRY)))")
    assert names == sorted(REGISTRY) and len(names) > 80


def test_every_command_has_exactly_one_handler_without_importing_the_application():
    code = ("import json, sys; from gtt_domain.application.use_cases import HANDLERS;"
            "from gtt_domain.commands import REGISTRY;"
            "print(json.dumps([sorted(REGISTRY), sorted(c.command_name() for c in HANDLERS),"
            " 'gtt_domain.application.app' in sys.modules]))")
    commands, handled, _ = fresh(code)
    assert commands == handled


@pytest.mark.parametrize("module", rule_types.MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[1])
def test_each_rule_type_module_lists_every_rule_type_it_defines(module):
    defined = {fn for _, fn in inspect.getmembers(module, inspect.isfunction)
               if hasattr(fn, "rule_type") and fn.__module__ == module.__name__}
    assert defined == set(module.RULE_TYPES)


def test_the_rule_catalogue_is_complete_in_a_fresh_process():
    names = fresh("import json; from gtt_domain.audit.packs import CATALOGUE; print(json.dumps(sorted(CATALOGUE)))")
    assert names == sorted(rule_types.CATALOGUE) and len(names) >= 32


def test_the_default_projections_are_the_same_in_a_fresh_process():
    from gtt_projections import registered

    names = fresh("import json; from gtt_projections import registered;"
                  "print(json.dumps([p.name for p in registered()]))")
    assert names == [p.name for p in registered()] and names[0] == "timeline"


def test_every_projection_module_is_in_the_list():
    import pkgutil

    import gtt_projections.models as models
    from gtt_projections.facts import FACT_PROJECTIONS

    listed = {cls.__module__.rsplit(".", 1)[1] for cls in models.PROJECTIONS
              if cls.__module__.startswith("gtt_projections.models.")}
    assert listed == {m.name for m in pkgutil.iter_modules(models.__path__)}
    assert set(FACT_PROJECTIONS) <= set(models.PROJECTIONS)


def test_a_group_that_several_modules_extend_has_one_help_whichever_loads_first():
    from gtt_cli.commands import INDEX, SHARED_GROUP_HELP

    shared = {name for name, modules in INDEX.items() if len(modules) > 1}
    assert shared <= set(SHARED_GROUP_HELP), sorted(shared - set(SHARED_GROUP_HELP))
    for modules in (("audit_run", "audit_upcoming", "audit_integrity"), ("audit_integrity", "audit_run")):
        code = ("import importlib, gtt_cli.commands as c\n"
                f"for m in {modules!r}: importlib.import_module('gtt_cli.commands.' + m)\n"
                "print(c.GROUPS['audit'].help)")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        assert out.strip() == SHARED_GROUP_HELP["audit"].strip()
