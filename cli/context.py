"""The object every ``gtt`` command receives: settings now, the application on first use.

Building :class:`GttApplication` opens the store, so it waits until a command asks for
``.app``; ``gtt --help`` and usage errors never touch the database.
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import click

from gtt_domain.application.config import database_url, sqlalchemy_url

if TYPE_CHECKING:
    from gtt_domain.application import GttApplication


def default_actor() -> str:
    """``$GTT_ACTOR``, else the OS user (events must always name who recorded them)."""
    actor = os.environ.get("GTT_ACTOR", "").strip()
    if actor:
        return actor
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry (containers): still record something honest
        return "cli"


def use_color(no_color: bool = False) -> bool:
    """Colour only on a terminal, never with ``--no-color`` or ``NO_COLOR`` (no-color.org)."""
    if no_color or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


class GttContext:
    """Global options and the lazily built application.

    ``app_kwargs`` go to :class:`GttApplication` (tests and embedders pass ``clock``):
    ``CliRunner().invoke(gtt, args, obj={"clock": clock})``.
    """

    def __init__(
        self,
        db_url: str | None = None,
        read_url: str | None = None,
        actor: str | None = None,
        lang: str = "en",
        no_color: bool = False,
        app_kwargs: Mapping[str, Any] | None = None,
    ) -> None:
        self.db_url = database_url(db_url)
        self._read_url = read_url
        self.actor = actor or default_actor()
        self.lang = lang
        self.color = use_color(no_color)
        self.app_kwargs = dict(app_kwargs or {})
        self._app: GttApplication | None = None

    @property
    def read_url(self) -> str:
        """Where read models live: ``--read-db``, else the same database as the events."""
        return self._read_url or sqlalchemy_url(self.db_url)

    @property
    def app(self) -> GttApplication:
        if self._app is None:
            from gtt_cli.errors import InvalidInput

            from gtt_domain.application import GttApplication  # the write side, on first use
            from gtt_domain.application.config import db_timeout

            try:
                db_timeout()
            except ValueError as e:  # a bad GTT_DB_TIMEOUT is not a bad --db
                raise InvalidInput(str(e)) from None
            try:
                self._app = GttApplication(self.db_url, actor=self.actor, **self.app_kwargs)
            except ValueError as e:  # an unusable URL is a bad option value
                ctx = click.get_current_context(silent=True)
                root = ctx.find_root() if ctx is not None else None
                raise click.BadParameter(str(e), ctx=root, param_hint="'--db'") from None
        return self._app

    def close(self) -> None:
        if self._app is not None:
            self._app.close()
            self._app = None


pass_gtt = click.make_pass_decorator(GttContext)
