"""One database URL selects the store; this turns it into eventsourcing's environment.

* ``sqlite:///path/to/file.db`` (default ``sqlite:///gtt.sqlite3``): eventsourcing's SQLite
  recorders (WAL, zero set-up).
* ``postgresql://`` or ``postgresql+psycopg://user@host:port/db``: eventsourcing's
  PostgreSQL recorders (LISTEN/NOTIFY for followers).
* ``sqlalchemy+<any SQLAlchemy URL>``: the eventsourcing-sqlalchemy recorders, for services
  whose own SQLAlchemy session must join event writes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

DEFAULT_URL = "sqlite:///gtt.sqlite3"
ENV_URL = "GTT_DATABASE_URL"
#: how long a command waits for the database (connection, pool checkout, lock) before it
#: fails with one line instead of hanging (issue 17); whole seconds
ENV_DB_TIMEOUT = "GTT_DB_TIMEOUT"
DEFAULT_DB_TIMEOUT = 10


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else ``$GTT_DATABASE_URL``, else the default file."""
    return url or os.environ.get(ENV_URL) or DEFAULT_URL


def db_timeout() -> int:
    """``$GTT_DB_TIMEOUT`` (whole seconds, at least 1), else 10."""
    raw = os.environ.get(ENV_DB_TIMEOUT, "").strip()
    if not raw:
        return DEFAULT_DB_TIMEOUT
    try:
        seconds = int(raw)
    except ValueError:
        seconds = 0
    if seconds < 1:
        raise ValueError(f"{ENV_DB_TIMEOUT} must be a whole number of seconds (1 or more), got {raw!r}")
    return seconds


def engine_waits(sa_url: str, connect_args: dict[str, Any] | None = None) -> dict[str, Any]:
    """``create_engine`` keywords bounding every wait by :func:`db_timeout`: SQLite's busy
    wait; PostgreSQL's connect, pool checkout and lock waits, and a ping replacing dropped
    connections."""
    t = db_timeout()
    args = dict(connect_args or {})
    if sa_url.startswith("sqlite"):
        return {"connect_args": {"timeout": t, **args}}
    args["options"] = " ".join(filter(None, [args.get("options"), postgres_lock_option(t)]))
    return {"pool_timeout": t, "pool_pre_ping": True, "connect_args": {"connect_timeout": t, **args}}


def postgres_lock_option(seconds: int) -> str:
    """libpq ``options`` making every statement of a session wait at most ``seconds`` for a
    lock (DDL at start-up included), then fail with ``LockNotAvailable``."""
    return f"-c lock_timeout={seconds * 1000}"


def sqlite_path(url: str) -> str:
    if not url.startswith("sqlite:///"):
        raise ValueError(f"not an SQLite URL: {url}")
    path = url[len("sqlite:///"):]
    if not path:
        raise ValueError("an SQLite URL needs a file path, e.g. sqlite:///gtt.sqlite3")
    return path


def _writable(path: Path) -> bool:
    """Whether this process may write ``path`` (a read-only file system counts, even for root)."""
    if not os.access(path, os.W_OK):
        return False
    try:
        return not os.statvfs(path).f_flag & os.ST_RDONLY
    except OSError:
        return True


def sqlite_access(path: str) -> str:
    """How to open an SQLite store: ``"rw"`` (a writable or new file), ``"ro"`` (a file this
    process may not write: SQLite's read-only mode, which may still create the WAL index
    files beside it), or ``"immutable"`` (not even those can be created, and none exist, so
    no writer is using the file: it is read as it stands)."""
    if path == ":memory:" or path.startswith("file:"):
        return "rw"
    file = Path(path).expanduser()
    if not file.exists() or _writable(file):
        return "rw"
    if _writable(file.parent) or Path(f"{file}-shm").exists():
        return "ro"
    return "immutable"


def _sqlite_uri(path: str, access: str) -> str:
    """``file:`` URI opening ``path`` read-only (``access`` from :func:`sqlite_access`)."""
    from urllib.parse import quote

    flags = "mode=ro" if access == "ro" else "mode=ro&immutable=1"
    return f"file:{quote(str(Path(path).expanduser().resolve()))}?{flags}"


def is_read_only(url: str) -> bool:
    """Whether ``url`` names an SQLite store this process can only read."""
    return url.startswith("sqlite:///") and bool(url[len("sqlite:///"):]) and \
        sqlite_access(sqlite_path(url)) != "rw"


def eventsourcing_env(url: str) -> dict[str, str]:
    """Environment variables for eventsourcing's infrastructure factory.

    An SQLite file this process may not write is opened read-only (no tables created):
    queries work, writes fail with "database is read-only" (docs/guarantees.md)."""
    timeout = str(db_timeout())
    if url.startswith("sqlite:///"):
        path = sqlite_path(url)
        access = sqlite_access(path)
        if path != ":memory:" and access == "rw":
            Path(path).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": path,
            "SQLITE_LOCK_TIMEOUT": timeout,
        }
        if access != "rw":  # a file this process may not write: read it, create nothing
            env.update({"SQLITE_DBNAME": _sqlite_uri(path, access), "CREATE_TABLE": "n"})
        return env
    if url.startswith(("postgresql://", "postgresql+psycopg://", "postgres://")):
        parts = urlsplit(url)
        query = dict(parse_qsl(parts.query))
        env = {
            # eventsourcing's PostgreSQL factory whose waits end in DatabaseTimeout
            "PERSISTENCE_MODULE": "gtt_domain.application.postgres:GttPostgresFactory",
            "POSTGRES_DBNAME": parts.path.lstrip("/") or "postgres",
            "POSTGRES_HOST": parts.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(parts.port or 5432),
            "POSTGRES_USER": unquote(parts.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(parts.password or ""),
            "POSTGRES_LOCK_TIMEOUT": timeout,
            "POSTGRES_CONNECT_TIMEOUT": timeout,  # the pool's checkout wait
            "POSTGRES_PRE_PING": "y",  # a connection the server dropped is replaced, not used
        }
        if "schema" in query:
            env["POSTGRES_SCHEMA"] = query["schema"]
        return env
    if url.startswith("sqlalchemy+"):
        return {
            "PERSISTENCE_MODULE": "eventsourcing_sqlalchemy",
            "SQLALCHEMY_URL": url[len("sqlalchemy+"):],
        }
    raise ValueError(
        f"unsupported database URL {url!r}: use sqlite:///FILE, postgresql+psycopg://… "
        "or sqlalchemy+<SQLAlchemy URL>"
    )


def sqlalchemy_url(url: str) -> str:
    """The SQLAlchemy URL for the same database (read models live there by default)."""
    if url.startswith("sqlalchemy+"):
        return url[len("sqlalchemy+"):]
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    if url.startswith("sqlite:///") and is_read_only(url):  # see eventsourcing_env
        path = sqlite_path(url)
        return f"sqlite:///{_sqlite_uri(path, sqlite_access(path))}&uri=true"
    return url.split("?", 1)[0] if url.startswith("postgresql") else url


def postgres_schema(url: str) -> str | None:
    """The ``?schema=NAME`` of a PostgreSQL URL (tests isolate themselves this way)."""
    return dict(parse_qsl(urlsplit(url).query)).get("schema")
