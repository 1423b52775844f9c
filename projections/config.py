"""Where read models live: the event database by default, or another database.

The read URL has the same forms as ``GTT_DATABASE_URL`` (``sqlite:///FILE``,
``postgresql+psycopg://…[?schema=NAME]``, ``sqlalchemy+<URL>``). It is the argument, else
``$GTT_READ_DATABASE_URL``, else the application's own URL. A PostgreSQL ``?schema=``
becomes the connections' ``search_path``, so read tables sit beside the events.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy import create_engine, event, text

from gtt_domain.application.config import engine_waits, postgres_schema, sqlalchemy_url

if TYPE_CHECKING:  # the ORM-based datastore loads only where a full read model is built
    from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore

ENV_READ_URL = "GTT_READ_DATABASE_URL"
#: WAL pages after which a read-side commit checkpoints (SQLite's default is 1,000)
READ_SIDE_WAL_PAGES = 20_000


def read_database_url(app_url: str, read_url: str | None = None) -> str:
    return read_url or os.environ.get(ENV_READ_URL) or app_url


def _without_schema(url: str) -> str:
    if "?" not in url or "schema" not in dict(parse_qsl(urlsplit(url).query)):
        return url
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "schema"]
    return urlunsplit(parts._replace(query=urlencode(query)))


def engine_arguments(read_url: str) -> tuple[str, dict[str, Any], str | None]:
    """The SQLAlchemy URL, ``create_engine`` keywords and PostgreSQL schema for ``read_url``."""
    schema = postgres_schema(read_url)
    url = _without_schema(sqlalchemy_url(read_url))
    if url.startswith("sqlite"):
        return url, engine_waits(url), None
    if schema:
        return url, engine_waits(url, {"options": f"-csearch_path={schema}"}), schema
    return url, engine_waits(url), None


def open_datastore(read_url: str) -> SQLAlchemyDatastore:
    """One datastore (engine + sessions) shared by every view of a read model."""
    from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore

    url, kwargs, schema = engine_arguments(read_url)
    if schema:
        engine = create_engine(url, **engine_waits(url))
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        engine.dispose()
    datastore = SQLAlchemyDatastore(url=url, **kwargs)
    if url.startswith("sqlite") and datastore.engine is not None:
        event.listen(datastore.engine, "connect", _read_side_sqlite)
    return datastore


def _read_side_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """Read-side commits do not wait for fsync (``synchronous=NORMAL``; SQLite's WAL stays
    consistent after a crash). A crash can lose only the newest read-side commits, each
    with its own tracking position, so they are processed again: rows and position still
    agree. The event writer's connections keep their own setting, and its next commit
    syncs the log anyway. A rebuild paid ~10 ms of fsync per page and projection. Only in
    WAL mode: with a rollback journal, NORMAL could corrupt the file on power loss."""
    mode = dbapi_connection.execute("PRAGMA journal_mode").fetchone()
    if mode and str(mode[0]).lower() == "wal":
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")
        # the read side checkpoints the WAL at ~80 MB instead of 4 MB: a rebuild rewrites
        # the same pages of its tables page after page, and each checkpoint copies them into
        # a file of gigabytes (a rebuild at scale 20: 1.25-1.6x faster in wall time). Writers
        # keep SQLite's default, so in normal use the log's commits still checkpoint often.
        dbapi_connection.execute(f"PRAGMA wal_autocheckpoint={READ_SIDE_WAL_PAGES}")
