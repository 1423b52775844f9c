"""The plugin convention other modules rely on, and generation from any command model."""

from __future__ import annotations

import importlib
import sys
import textwrap
from datetime import date
from typing import Literal
from uuid import UUID

import click
import pytest
from gtt_cli import commands as commands_pkg
from gtt_cli.commands import get_or_create_group, load_commands, section_of
from gtt_cli.commands.write import command_help, make_command, to_command
from gtt_cli.errors import InvalidInput
from pydantic import BaseModel, Field

from gtt_domain.commands import Command


@pytest.fixture
def plugin_package(tmp_path):
    """A throwaway package laid out like ``gtt_cli.commands``."""
    pkg = tmp_path / "gtt_test_plugins"
    pkg.mkdir()
    (pkg / "__init__.py").write_text('MODULES = ("a_admin", "b_queries", "c_helpers")\n')
    (pkg / "b_queries.py").write_text(textwrap.dedent("""
        import click
        section = "query"
        commands = [click.Command("beta", help="Beta.")]
    """))
    (pkg / "a_admin.py").write_text(textwrap.dedent("""
        import click
        commands = [click.Command("alpha", help="Alpha."), click.Command("gamma", help="Gamma.")]
    """))
    (pkg / "c_helpers.py").write_text("HELPER = 1\n")
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module("gtt_test_plugins")
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.startswith("gtt_test_plugins")]:
            del sys.modules[name]


def test_listed_modules_with_a_commands_list_are_loaded_in_listed_order(plugin_package):
    found = load_commands(plugin_package)
    assert [c.name for c in found] == ["alpha", "gamma", "beta"]
    assert [section_of(c) for c in found] == ["admin", "admin", "query"]


def test_commands_must_be_a_list_of_click_commands(plugin_package, tmp_path):
    (tmp_path / "gtt_test_plugins" / "d_bad.py").write_text("commands = ('not', 'a list')\n")
    plugin_package.MODULES = (*plugin_package.MODULES, "d_bad")
    with pytest.raises(TypeError, match="must be a list"):
        load_commands(plugin_package)


def test_a_module_on_disk_but_not_listed_is_not_loaded(plugin_package, tmp_path):
    (tmp_path / "gtt_test_plugins" / "e_unlisted.py").write_text(
        "import click\ncommands = [click.Command('epsilon')]\n")
    assert "epsilon" not in [c.name for c in load_commands(plugin_package)]


def test_the_plugin_list_names_every_module_of_the_package():
    import pkgutil

    on_disk = sorted(m.name for m in pkgutil.iter_modules(commands_pkg.__path__))
    assert sorted(commands_pkg.MODULES) == on_disk


def test_shared_groups_are_created_once():
    try:
        first = get_or_create_group("zz-test", "Test group.", section="query")
        again = get_or_create_group("zz-test", "Ignored help.")
        assert first is again and first.help == "Test group." and section_of(first) == "query"
    finally:
        commands_pkg.GROUPS.pop("zz-test", None)


def test_the_real_commands_package_registers_show_history_and_write_groups():
    names = {str(c.name): c for c in commands_pkg.all_commands()}
    assert section_of(names["show"]) == "query" and section_of(names["history"]) == "query"
    assert section_of(names["institution"]) == "write"


class Part(BaseModel):
    code: str
    hours: int


class CreateWidget(Command):
    """Create a widget (test model; not registered)."""

    group = "widget"
    verb = "create"

    tags: list[str] = Field(description="labels")
    kind: Literal["small", "large"]
    starts: date
    owner_id: UUID
    parts: list[Part] = Field(default_factory=list)
    urgent: bool = False
    count: int = Field(3, ge=1)
    note: str | None = None


def parse(cmd: click.Command, args: list[str]) -> CreateWidget:
    ctx = cmd.make_context("create", args)
    return to_command(CreateWidget, ctx.params)  # type: ignore[return-value]


OWNER = "00000000-0000-0000-0000-0000000000aa"


def test_options_are_derived_from_field_types():
    cmd = make_command(CreateWidget)
    model = parse(cmd, ["--tags", "a", "--tags", "b", "--kind", "large", "--starts", "2025-03-01",
                        "--owner-id", OWNER, "--parts", '[{"code": "P1", "hours": 8}]', "--urgent"])
    assert model == CreateWidget(tags=["a", "b"], kind="large", starts=date(2025, 3, 1),
                                 owner_id=UUID(OWNER), parts=[Part(code="P1", hours=8)], urgent=True)
    assert model.count == 3 and model.note is None


def test_unset_options_leave_json_fields_and_defaults_alone():
    cmd = make_command(CreateWidget)
    ctx = cmd.make_context("create", ["--no-urgent"])
    base = {"tags": ["x"], "kind": "small", "starts": "2025-01-02", "owner_id": OWNER, "urgent": True}
    model = to_command(CreateWidget, ctx.params, base)
    assert model.tags == ["x"] and model.urgent is False and model.count == 3


def test_generated_help_has_docstring_and_an_example_built_from_required_fields():
    text = command_help(CreateWidget)
    assert text.startswith("Create a widget (test model; not registered).")
    assert ("Example:\n  gtt widget create --tags TEXT --kind small --starts YYYY-MM-DD "
            "--owner-id ID") in text


def test_bad_json_option_names_the_field():
    cmd = make_command(CreateWidget)
    with pytest.raises(InvalidInput, match=r"parts \(--parts\): not valid JSON"):
        parse(cmd, ["--parts", "[{"])
    with pytest.raises(InvalidInput, match=r"count \(--count\): Input should be greater than or equal to 1"):
        parse(cmd, ["--tags", "a", "--kind", "small", "--starts", "2025-03-01", "--owner-id", OWNER,
                    "--count", "0"])
    with pytest.raises(click.BadParameter):
        parse(cmd, ["--kind", "medium"])


def test_field_names_reserved_by_the_cli_are_refused():
    class Bad(Command):
        """Bad."""

        group = "widget"
        verb = "bad"
        fmt: str

    with pytest.raises(RuntimeError, match="reserved"):
        make_command(Bad)
