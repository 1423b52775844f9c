"""Help: grouped at the root, an example on every command, options derived from the models."""

from __future__ import annotations

import re

import click
from click.testing import CliRunner
from gtt_cli.fields import field_options
from gtt_cli.main import gtt

from gtt_domain.commands import REGISTRY


def load_every_command() -> click.Context:
    """The root group imports its commands when named: name them all (any test order)."""
    ctx = click.Context(gtt)
    for name in gtt.list_commands(ctx):
        gtt.get_command(ctx, name)
    return ctx


def walk(cmd: click.Command, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    found = [(path, cmd)]
    if isinstance(cmd, click.Group):
        for name, sub in sorted(cmd.commands.items()):
            found += walk(sub, (*path, name))
    return found


def test_gtt_alone_prints_help_grouped_by_section():
    result = CliRunner().invoke(gtt, [], prog_name="gtt")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Usage: gtt [OPTIONS] [COMMAND] [ARGS]...")
    write, queries = out.index("\nWrite commands:\n"), out.index("\nQueries:\n")
    assert write < out.index("\n  institution ") < queries < out.index("\n  history ")
    assert queries < out.index("\n  show ")
    assert "_GTT_COMPLETE=bash_source gtt" in out


def test_every_command_in_the_tree_has_help_with_an_example():
    runner = CliRunner()
    load_every_command()
    paths = walk(gtt)
    assert len(paths) > len(REGISTRY)  # groups + generated commands + queries
    for path, cmd in paths:
        result = runner.invoke(gtt, [*path, "--help"], prog_name="gtt")
        assert result.exit_code == 0, (path, result.output)
        assert cmd.help and cmd.help.strip(), path
        assert "Example:" in result.stdout, f"gtt {' '.join(path)} has no example in its help"
        example = result.stdout.split("Example:", 1)[1]
        assert re.search(r"^\s+(\S+=\$\()?gtt \S", example, re.MULTILINE), path  # a command line


def test_every_registered_command_model_is_a_cli_command_with_an_option_per_field():
    ctx = load_every_command()
    for name, model in REGISTRY.items():
        if not model.write_cli:  # offered by a hand-written command (gtt rules adopt, gtt findings ack)
            group_name, verb = model.cli_path or ("", "")
            hand = gtt.get_command(ctx, group_name)
            assert isinstance(hand, click.Group) and verb in hand.commands, (name, model.cli_path)
            continue
        group = gtt.commands[model.group]
        assert isinstance(group, click.Group), name
        cmd = group.commands[model.verb]
        flags = {opt for p in cmd.params for opt in p.opts}
        for option in field_options(model):
            assert option.flag in flags, (name, option.flag)
        assert {"--json", "--format"} <= flags, name


def test_register_help_shows_choices_required_and_metadata_options():
    result = CliRunner().invoke(gtt, ["institution", "register", "--help"], prog_name="gtt")
    out = result.stdout
    assert "--kind [school|enterprise|hospital|health_centre|bureau|association]" in out
    assert "--name TEXT" in out and "Official name. [required]" in out
    assert "--locality [urban|rural]" in out
    for flag in ("--effective-at DATE|TIME", "--reason TEXT", "--correlation-id TEXT",
                 "--json TEXT|@FILE|-", "--format [id|json]"):
        assert flag in out
    assert "gtt institution register --kind school --name 'County No.1 Primary'" in out


def test_a_group_alone_prints_its_commands():
    result = CliRunner().invoke(gtt, ["institution"], prog_name="gtt")
    assert result.exit_code == 0
    assert "Record facts about an institution (机构)." in result.stdout
    assert "\n  register " in result.stdout and "\n  rename " in result.stdout


def test_bash_completion_script_is_generated():
    result = CliRunner().invoke(gtt, [], prog_name="gtt", env={"_GTT_COMPLETE": "bash_source"})
    assert result.exit_code == 0
    assert "_gtt_completion()" in result.stdout
    assert "complete -o nosort -F _gtt_completion gtt" in result.stdout


def test_help_and_usage_errors_never_open_the_database(tmp_path):
    db = tmp_path / "never.sqlite3"
    runner = CliRunner()
    runner.invoke(gtt, ["--db", f"sqlite:///{db}", "history", "--help"])
    runner.invoke(gtt, ["--db", f"sqlite:///{db}", "institution", "register", "--kind", "nope"])
    assert not db.exists()


def test_context_defaults_come_from_the_environment(monkeypatch):
    from gtt_cli.context import GttContext

    monkeypatch.setenv("GTT_DATABASE_URL", "postgresql+psycopg://u@h:5432/gtt")
    monkeypatch.setenv("GTT_ACTOR", "carol")
    ctx = GttContext()
    assert ctx.db_url == "postgresql+psycopg://u@h:5432/gtt" and ctx.actor == "carol"
    assert ctx.read_url == "postgresql+psycopg://u@h:5432/gtt"
    assert GttContext(read_url="sqlite:///views.db").read_url == "sqlite:///views.db"
