"""Start-up of a query: ``gtt NAME`` imports only the plugins ``INDEX`` names for it."""

from __future__ import annotations

import json
import subprocess
import sys

import gtt_cli.commands as commands_pkg


def run_python(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1]


def test_index_names_exactly_the_modules_that_define_each_command():
    found = json.loads(run_python(
        "import json; from gtt_cli.commands import discover_index; print(json.dumps(discover_index()))"))
    assert {k: tuple(v) for k, v in found.items()} == commands_pkg.INDEX


def test_subindex_names_exactly_the_modules_that_define_each_subcommand():
    found = json.loads(run_python(
        "import json; from gtt_cli.commands import discover_subindex; print(json.dumps(discover_subindex()))"))
    assert {g: {k: tuple(v) for k, v in subs.items()} for g, subs in found.items()} == commands_pkg.SUBINDEX


def test_audit_run_does_not_load_the_seals():
    loaded = json.loads(run_python(
        "import json, sys\n"
        "from gtt_cli.main import gtt\n"
        "import click\n"
        "ctx = click.Context(gtt)\n"
        "audit = gtt.get_command(ctx, 'audit')\n"
        "assert audit.get_command(ctx, 'run') is not None\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('gtt_'))))"))
    assert "gtt_cli.commands.audit_run" in loaded
    assert "gtt_cli.commands.audit_integrity" not in loaded and "gtt_cli.commands.audit_upcoming" not in loaded


def test_a_query_command_loads_neither_the_write_side_nor_audits():
    loaded = json.loads(run_python(
        "import json, sys\n"
        "from gtt_cli.main import gtt\n"
        "import click\n"
        "ctx = click.Context(gtt)\n"
        "assert gtt.get_command(ctx, 'internships') is not None\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('gtt_', 'gtt_domain')))))"))
    assert "gtt_cli.commands.internships" in loaded
    for heavy in ("gtt_cli.commands.write", "gtt_domain.application.use_cases", "gtt_domain.audit",
                  "gtt_domain.evaluation", "gtt_cli.commands.audit_run"):
        assert heavy not in loaded, heavy


def test_a_name_missing_from_the_index_still_resolves(monkeypatch):
    monkeypatch.delitem(commands_pkg.INDEX, "show")  # a new plugin nobody indexed yet
    cmd = commands_pkg.command_named("show")
    assert cmd is not None and cmd.name == "show"


def test_the_package_names_resolve_lazily():
    import gtt_domain

    for name in gtt_domain.__all__:
        assert getattr(gtt_domain, name) is not None, name
    assert len(gtt_domain.COMMANDS) > 50
