"""The ``gtt`` command line: global options, grouped help, one-line errors.

Commands come from the modules of :mod:`gtt_cli.commands` (see its docstring for the
plugin convention); write commands are generated from the command models.

Shell completion (bash; use ``zsh_source``/``fish_source`` for zsh/fish)::

    eval "$(_GTT_COMPLETE=bash_source gtt)"
"""

from __future__ import annotations

import gc
from typing import Any

import click
from gtt_cli import commands as commands_pkg
from gtt_cli.argv import language, normalise
from gtt_cli.context import GttContext
from gtt_cli.errors import user_errors
from gtt_cli.helpfmt import GttClickContext, adopt
from gtt_cli.i18n import LANGS, set_language

EPILOG = """\b
Exit codes: 0 ok, 1 refused or failed, 2 invalid input or usage,
3 audit findings at or above --fail-on. GTT_DEBUG=1 shows tracebacks.
Shell completion (bash): eval "$(_GTT_COMPLETE=bash_source gtt)"
(zsh_source or fish_source for zsh or fish)."""


class GttGroup(click.Group):
    """Root group: lists commands under section headings and reports errors in one line.

    Commands are imported when named (``commands_pkg.INDEX``), so ``gtt internships list``
    does not load the write side, audits or evaluations."""

    context_class = GttClickContext

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(commands_pkg.INDEX) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            cmd = commands_pkg.command_named(cmd_name)
            if cmd is None:
                return None
            self.add_command(adopt(cmd))
        return self.commands.get(cmd_name)

    def main(self, args: Any = None, *a: Any, **kw: Any) -> Any:
        """``--lang`` and ``--format`` anywhere (:mod:`gtt_cli.argv`); the language of help
        and errors is known before click parses a thing."""
        import sys

        given = list(sys.argv[1:] if args is None else args)
        args, lang = normalise(given)
        set_language(language(lang))
        return super().main(args, *a, **kw)

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        with user_errors():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        # what is loaded by now (modules, click's tree) lives as long as the process: keep it
        # out of the cyclic collector's scans of the objects a command creates
        gc.freeze()
        with user_errors():
            return super().invoke(ctx)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        listed = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                listed.append((name, cmd))
        if not listed:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in listed)
        for key, heading in commands_pkg.SECTIONS.items():
            rows = [(n, c.get_short_help_str(limit)) for n, c in listed if commands_pkg.section_of(c) == key]
            if rows:
                with formatter.section(heading):
                    formatter.write_dl(rows)


@click.group(cls=GttGroup, invoke_without_command=True, epilog=EPILOG)
@click.option("--db", "db_url", metavar="URL",
              help="Event store: sqlite:///FILE, postgresql+psycopg://USER@HOST/DB or "
                   "sqlalchemy+URL [default: $GTT_DATABASE_URL, else sqlite:///gtt.sqlite3].")
@click.option("--read-db", "read_url", metavar="URL", envvar="GTT_READ_DATABASE_URL",
              help="Read-model database [default: $GTT_READ_DATABASE_URL, else the --db database].")
@click.option("--actor", metavar="NAME", envvar="GTT_ACTOR",
              help="Who records the events [default: $GTT_ACTOR, else the OS user].")
@click.option("--lang", type=click.Choice(LANGS), default="en", envvar="GTT_LANG", show_default=True,
              help="Language of tables, summaries, errors and help ($GTT_LANG); may follow the command.")
@click.option("--no-color", is_flag=True, help="No colour (also when NO_COLOR is set or not on a terminal).")
@click.version_option(package_name="gtt-domain", prog_name="gtt")
@click.pass_context
def gtt(ctx: click.Context, db_url: str | None, read_url: str | None, actor: str | None,
        lang: str, no_color: bool) -> None:
    """The replayable record of school–enterprise cooperation, staff exchanges and internships.

    Write commands record one event each on an aggregate and print its id; queries read
    the record back; audit and admin commands check and manage it.

    \b
    Example:
      ID=$(gtt institution register --kind school --name 'County No.1 Primary' --region Anxi)
      gtt institution rename --institution-id "$ID" --name 'Anxi No.1 Primary'
      gtt history "$ID" --format table
    """
    if actor is not None and not actor.strip():
        raise click.BadParameter("must not be empty", param_hint="'--actor'")
    overrides = ctx.obj if isinstance(ctx.obj, dict) else {}
    ctx.obj = GttContext(db_url=db_url, read_url=read_url, actor=actor, lang=lang,
                         no_color=no_color, app_kwargs=overrides)
    ctx.call_on_close(ctx.obj.close)
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


def main() -> None:
    """Console-script entry point."""
    gtt.main(prog_name="gtt")
