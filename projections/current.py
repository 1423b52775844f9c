"""A read side that answers queries without loading the application while it is current.

:class:`CurrentReadModel` asks the database one question when it is made: how far the
log goes (its last notification id), where each projection of
:mod:`gtt_projections.tables` stands (its tracking position and stored definition
version) and whether the store is marked plaintext. While the projections a query names
are current, ``catch_up`` does nothing and ``connect`` hands out a SQLAlchemy Core
connection: the query imports Core, its tables and nothing of the write side (no ORM, no
domain event classes, no eventsourcing application — about 1 s of start-up, issue 18).
Anything else — a projection behind the log or rebuilt at a new version, a name it does
not know, ``app``, ``status``, ``follow``… — builds the full :class:`ReadModel` through
the ``full`` factory the caller gives and is answered there.

Only what this module can check as the application would is answered lean: an SQLite
file or PostgreSQL store, marked plaintext, opened without a cipher key; everything else
is the caller's to route to the full read model (:func:`lean_store`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gtt_projections.config import engine_arguments, read_database_url
from gtt_projections.facts.names import VERSIONS as FACT_VERSIONS
from gtt_projections.tables import VERSIONS
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from gtt_domain.application.config import postgres_schema, sqlalchemy_url

if TYPE_CHECKING:
    from datetime import datetime

    from gtt_projections.facts.log import StoreEvents
    from gtt_projections.readmodel import ReadModel
    from sqlalchemy import Connection, Engine

#: eventsourcing names an application's PostgreSQL tables and its tracking rows after the
#: application's ``name`` (``GttApplication.name``; a test keeps the two equal)
APP_NAME = "gtt"
#: the store marker of :mod:`gtt_domain.privacy.marker` (one row, ``id = 1``)
MARKER_TABLE = "gtt_store_marker"


def lean_store(url: str) -> bool:
    """Whether ``url`` is a store whose log head this module can read: eventsourcing's
    PostgreSQL recorders, or its SQLite recorder on a file that exists (connecting would
    create a missing one, empty: making a store is the application's); not ``sqlalchemy+``
    or an in-memory database."""
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///"):]
        return path not in ("", ":memory:") and not path.startswith("file:") and \
            Path(path).expanduser().is_file()
    return url.startswith(("postgresql://", "postgresql+psycopg://", "postgres://"))


def _events_table(url: str) -> str:
    if url.startswith("sqlite"):
        return "SELECT MAX(rowid) FROM stored_events"
    schema = postgres_schema(url) or "public"
    return f'SELECT MAX(notification_id) FROM "{schema}"."{APP_NAME}_events"'


def _marker(url: str) -> str:
    schema = postgres_schema(url)
    table = f'"{schema}".{MARKER_TABLE}' if schema else MARKER_TABLE
    return f"SELECT encrypted FROM {table} WHERE id = 1"


def _same_database(event_url: str, read_url: str) -> bool:
    return sqlalchemy_url(event_url) == sqlalchemy_url(read_url) and \
        postgres_schema(event_url) == postgres_schema(read_url)


class CurrentReadModel:
    """See the module doc. ``full`` builds the full read model (and the application) the
    first time something needs it; ``close`` closes both."""

    def __init__(self, event_url: str, read_url: str | None, *, full: Callable[[], ReadModel],
                 clock: Callable[[], datetime] | None = None) -> None:
        self.event_url = event_url
        #: the application's clock (``None``: the system's), for what :meth:`events` serves
        self.clock = clock
        self.read_url = read_database_url(event_url, read_url)
        self._full_factory = full
        self._full: ReadModel | None = None
        self._events: StoreEvents | None = None
        url, kwargs, _schema = engine_arguments(self.read_url)
        self.engine: Engine = create_engine(url, **kwargs)
        #: name -> (position, stored version) of the projections of gtt_projections.tables,
        #: and the log's head; None when they could not be read (then everything is full)
        self.positions: dict[str, tuple[int, int | None]] | None = None
        self.head_position = 0
        self._read_state()

    # --- the one question ----------------------------------------------------------------

    def _read_state(self) -> None:
        names = list(VERSIONS)
        parts = [f"(SELECT MAX(notification_id) FROM {n}_tracking WHERE application_name = :app), "
                 f"(SELECT version FROM projection_versions WHERE projection = :p_{n})" for n in names]
        params: dict[str, Any] = {"app": APP_NAME, **{f"p_{n}": n for n in names}}
        same = _same_database(self.event_url, self.read_url)
        log = f"({_events_table(self.event_url)}), ({_marker(self.event_url)})"
        try:
            with self.engine.connect() as conn:
                row = conn.execute(text(f"SELECT {', '.join(parts)}" + (f", {log}" if same else "")),
                                   params).one()
            if not same:
                url, kwargs, _schema = engine_arguments(self.event_url)
                other = create_engine(url, **kwargs)
                try:
                    with other.connect() as conn:
                        row = (*row, *conn.execute(text(f"SELECT {log}")).one())
                finally:
                    other.dispose()
        except SQLAlchemyError:  # tables not made yet, a foreign or damaged file: the full path says
            return
        head, encrypted = row[-2], row[-1]
        if encrypted is None or bool(encrypted):  # no marker yet, or a key is needed: the app checks
            return
        self.head_position = int(head or 0)
        self.positions = {n: (int(row[2 * i] or 0), row[2 * i + 1]) for i, n in enumerate(names)}

    def _read_facts(self, names: Sequence[str]) -> None:
        """The positions and versions of the fact projections ``names`` (of
        :mod:`gtt_projections.facts.names`), asked when a query first names them; left
        unknown (so the query is answered by the full read model) when they cannot be read."""
        assert self.positions is not None
        parts = [f"(SELECT MAX(notification_id) FROM {n}_tracking WHERE application_name = :app), "
                 f"(SELECT version FROM projection_versions WHERE projection = :p_{n})" for n in names]
        params: dict[str, Any] = {"app": APP_NAME, **{f"p_{n}": n for n in names}}
        try:
            with self.engine.connect() as conn:
                row = conn.execute(text(f"SELECT {', '.join(parts)}"), params).one()
        except SQLAlchemyError:  # not built yet: the full read model builds them
            return
        self.positions.update({n: (int(row[2 * i] or 0), row[2 * i + 1]) for i, n in enumerate(names)})

    @property
    def answered(self) -> bool:
        """Whether the state could be read without the application (else everything is full)."""
        return self.positions is not None

    def lag(self, names: Sequence[str] | None = None) -> int | None:
        """Events the named projections (default: all of :mod:`gtt_projections.tables`) are
        behind, or None when one is unknown here or needs a rebuild (a new version)."""
        if self.positions is None:
            return None
        asked = list(names or VERSIONS)
        facts = [n for n in asked if n in FACT_VERSIONS and n not in self.positions]
        if facts:
            self._read_facts(facts)
        lag = 0
        for name in asked:
            if name not in self.positions or self.positions[name][1] != (VERSIONS.get(name)
                                                                        or FACT_VERSIONS.get(name)):
                return None
            lag = max(lag, self.head_position - self.positions[name][0])
        return lag

    # --- what queries use ---------------------------------------------------------------

    def catch_up(self, names: Sequence[str] | None = None, **kwargs: Any) -> Any:
        """Nothing when the named projections are current (returns None); else the full read
        model's ``catch_up`` (its report)."""
        given = {k: v for k, v in kwargs.items() if v is not None}  # progress=None: as if not given
        if self._full is None and not given and names and self.lag(names) == 0:
            return None
        return self.full.catch_up(names, **kwargs)

    def connect(self) -> Connection:
        """A SQLAlchemy Core connection to the read database (``with rm.connect() as c:``)."""
        if self._full is not None:
            return self._full.connect()
        return self.engine.connect()

    def events(self) -> StoreEvents | None:
        """The persons' events read and decoded without the application
        (:class:`gtt_projections.facts.log.StoreEvents`, closed with this read model), or
        None when the application is needed (it is built already, or the environment gives
        its mapper a cipher or compressor)."""
        from gtt_projections.facts.log import StoreEvents, usable

        if self._full is not None or not usable():
            return None
        if self._events is None:
            if _same_database(self.event_url, self.read_url):
                self._events = StoreEvents(self.event_url, self.engine, clock=self.clock)
            else:
                url, kwargs, _schema = engine_arguments(self.event_url)
                self._events = StoreEvents(self.event_url, create_engine(url, **kwargs), clock=self.clock,
                                           own_engine=True)
        return self._events

    # --- everything else: the full read model -------------------------------------------

    @property
    def full(self) -> ReadModel:
        if self._full is None:
            self._full = self._full_factory()
        return self._full

    @property
    def app(self) -> Any:
        return self.full.app

    def __getattr__(self, name: str) -> Any:
        """``status``, ``head``, ``follow``, ``wait_for``… are the full read model's."""
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.full, name)

    def close(self) -> None:
        if self._events is not None:
            self._events.close()
            self._events = None
        self.engine.dispose()
        if self._full is not None:
            self._full.close()

    def __enter__(self) -> CurrentReadModel:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
