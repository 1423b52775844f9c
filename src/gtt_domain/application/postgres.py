"""eventsourcing's PostgreSQL factory with bounded waits (issue 17, ``GTT_DB_TIMEOUT``).

The pool waits ``POSTGRES_CONNECT_TIMEOUT`` seconds for a connection and statements wait
``POSTGRES_LOCK_TIMEOUT`` seconds for a lock, but eventsourcing retries both as
``OperationalError`` up to ten times, so a writer hung for minutes while the server was
away. Here those two waits end in :class:`DatabaseTimeout`, which nothing retries. A
connection the server dropped (a restart, ``pg_terminate_backend``) is still an
``OperationalError`` and is retried on a fresh connection, as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from eventsourcing.persistence import OperationalError
from eventsourcing.postgres import PostgresDatastore, PostgresFactory
from psycopg_pool import PoolTimeout

from gtt_domain.application.config import postgres_lock_option
from gtt_domain.application.errors import DatabaseTimeout


def timeout_error(error: BaseException, seconds: float) -> DatabaseTimeout | None:
    """The :class:`DatabaseTimeout` ``error`` stands for, if it is a bounded wait that ended."""
    cause = error.__cause__ or error
    if isinstance(cause, PoolTimeout):
        return DatabaseTimeout(f"database unavailable: no connection within {seconds:g} s "
                               f"(GTT_DB_TIMEOUT); is the server running?")
    if isinstance(cause, psycopg.errors.LockNotAvailable):
        return DatabaseTimeout(f"database busy: a lock was not granted within {seconds:g} s "
                               f"(GTT_DB_TIMEOUT); another writer holds it, try again")
    return None


class BoundedPostgresDatastore(PostgresDatastore):
    @contextmanager
    def get_connection(self) -> Iterator[Any]:
        try:
            with super().get_connection() as conn:
                yield conn
        except OperationalError as e:
            bounded = timeout_error(e, self.pool.timeout)
            if bounded is None:
                raise
            raise bounded from e


class GttPostgresFactory(PostgresFactory):
    def __init__(self, env: Any) -> None:
        super().__init__(env)
        self.datastore.__class__ = BoundedPostgresDatastore
        # every statement, not only eventsourcing's inserts, waits at most the bound for a
        # lock (CREATE … IF NOT EXISTS at start-up waits behind a writer's table lock)
        seconds = int(self.datastore.pool.timeout)
        kwargs = self.datastore.pool.kwargs or {}
        assert isinstance(kwargs, dict), "eventsourcing gives the pool a dict of connection arguments"
        self.datastore.pool.kwargs = {**kwargs, "options": postgres_lock_option(seconds)}
