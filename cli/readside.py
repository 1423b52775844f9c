"""How every query command reaches the read side: :func:`read_model`.

A query on a current store is answered without building the application (issue 18): a
:class:`~gtt_projections.current.CurrentReadModel` reads the log's head, the projections'
positions and the store's marker in one SQL query and hands out Core connections. The
application — and with it the full read model, catching up with a progress bar — is
built only when something needs it: the read side is behind, personal data is shown
(decryption, ``GTT_POLICY``), the store is encrypted or read-only, or a command has
built the application already.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click
from gtt_cli.context import GttContext

if TYPE_CHECKING:
    from gtt_projections.readmodel import Progress, ReadModel

#: a read side further behind than this many events catches up with a progress bar first
VISIBLE_LAG = 5000
#: application options a read can depend on: with any of them the application is built
APP_FEATURES = ("env", "policy", "authorise")
#: the variables of ``gtt_domain.privacy.cipher`` and ``gtt_domain.application.policy``,
#: named here so that checking them loads neither (a test keeps the names equal)
ENV_CIPHER_KEY = "GTT_CIPHER_KEY"
ENV_POLICY = "GTT_POLICY"


@contextmanager
def progress_bar(label: str, length: int) -> Iterator[Progress | None]:
    """A ``(position, head)`` callback drawing a bar on a terminal's stderr (else None)."""
    if not sys.stderr.isatty() or length <= 0:
        yield None
        return
    with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
        def progress(position: int, top: int) -> None:
            bar.length = max(top, 1)
            bar.update(max(position - bar.pos, 0))

        yield progress


def read_model(gtt: GttContext) -> Any:
    """The read side of ``gtt``'s store (``--read-db`` or the event database), closed on exit:
    a :class:`CurrentReadModel` where the application is not needed (module doc), else the
    full :class:`ReadModel` (:func:`full_read_model`)."""
    lean = _current_read_model(gtt)
    return lean if lean is not None else full_read_model(gtt)


def _needs_app(gtt: GttContext) -> bool:
    from gtt_projections.current import lean_store

    from gtt_domain.application.config import is_read_only

    read_url = getattr(gtt, "_read_url", None) or gtt.db_url
    return (gtt._app is not None or any(k in gtt.app_kwargs for k in APP_FEATURES)
            or bool(os.environ.get(ENV_CIPHER_KEY, "").strip())
            or bool(os.environ.get(ENV_POLICY, "").strip())
            or not lean_store(gtt.db_url) or not lean_store(read_url)
            or is_read_only(gtt.db_url) or is_read_only(read_url))


def _current_read_model(gtt: GttContext) -> Any:
    """A CurrentReadModel when the store can be read without the application, else None."""
    if _needs_app(gtt):
        return None
    from gtt_cli.errors import InvalidInput
    from gtt_projections.current import CurrentReadModel

    from gtt_domain.application.config import db_timeout
    from gtt_domain.application.storage import check_store_file

    try:
        db_timeout()
    except ValueError as e:  # a bad GTT_DB_TIMEOUT is not a bad --db (as GttContext.app says)
        raise InvalidInput(str(e)) from None
    check_store_file(gtt.db_url)  # an empty or foreign file is named, as the application does
    rm = CurrentReadModel(gtt.db_url, getattr(gtt, "_read_url", None), full=lambda: full_read_model(gtt),
                          clock=gtt.app_kwargs.get("clock"))
    click.get_current_context().call_on_close(rm.close)
    if not rm.answered:
        return None
    lag = rm.lag()
    if lag is not None and lag > VISIBLE_LAG and sys.stderr.isatty():
        rm.full  # noqa: B018 — builds the application and catches up with a progress bar
    return rm


def full_read_model(gtt: GttContext) -> ReadModel:
    """The full read model over ``gtt.app``, closed on exit.

    On a terminal, a read side far behind the log (right after a large import or demo)
    catches up here with a progress bar, instead of inside the first query, silently."""
    from gtt_projections import ReadModel

    # the raw option: GttContext.read_url drops a PostgreSQL ?schema=, ReadModel keeps it
    rm = ReadModel(gtt.app, read_url=getattr(gtt, "_read_url", None))
    click.get_current_context().call_on_close(rm.close)
    if rm.read_only:  # nothing can be caught up: say how far behind the answers may be
        statuses = rm.status()
        lag = max((s.lag for s in statuses), default=0)
        built = any(s.stored_version is not None for s in statuses)  # else the query names that
        if lag and built:
            click.echo(f"Note: the store is read-only; the read tables are up to {lag} event(s) "
                       "behind the log and cannot be caught up here.", err=True)
    elif sys.stderr.isatty():
        lag = max((s.lag for s in rm.status()), default=0)
        if lag > VISIBLE_LAG:
            with progress_bar("catching up the read tables", rm.head()) as progress:
                rm.catch_up(progress=progress)
    return rm
