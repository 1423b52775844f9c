"""Retry a command when another writer changed the same aggregate first.

Writes are optimistic: ``save`` fails with :class:`ConflictError` when an aggregate's next
version was already stored by someone else, and nothing of the failed call is recorded.
Re-running the call reloads the aggregate (every ``app.handle`` starts a fresh unit of
work) and re-judges the command against the newer state, so a retry either records the
command once or raises the domain error the newer state calls for.

SQLite: a writer waits up to ``SQLITE_LOCK_TIMEOUT`` (30 s) for the file's write lock; if
it still cannot get it, eventsourcing raises ``OperationalError("database is locked")``
and the transaction is rolled back. :func:`retry_on_conflict` retries that too, since
nothing was written; any other ``OperationalError`` is raised at once.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from eventsourcing.persistence import OperationalError
from sqlalchemy.exc import OperationalError as SQLAlchemyOperationalError

from gtt_domain.domain.errors import ConflictError

T = TypeVar("T")

#: errors after which nothing was recorded and a re-run is safe
RETRYABLE = (ConflictError, OperationalError, SQLAlchemyOperationalError)


def is_retryable(error: BaseException) -> bool:
    """A conflict, or SQLite's lock timeout (both roll the whole transaction back).

    The SQLAlchemy variant comes from the person key table (``gtt_domain.privacy``).
    """
    if isinstance(error, ConflictError):
        return True
    locked = isinstance(error, OperationalError | SQLAlchemyOperationalError)
    return locked and "database is locked" in str(error)


def retry_on_conflict(
    fn: Callable[[], T],
    *,
    attempts: int = 5,
    backoff: float = 0.02,
    max_backoff: float = 1.0,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Call ``fn()``; on a conflict wait and call it again, at most ``attempts`` times.

    ``fn`` must reload what it changes, e.g. ``lambda: app.handle(cmd)``. The wait before
    retry *n* is a random fraction of ``min(max_backoff, backoff * 2**n)`` ("full jitter"),
    so competing writers spread out. The last error is raised when attempts run out;
    domain, validation and other errors are raised at once.
    """
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    for n in range(attempts):
        try:
            return fn()
        except RETRYABLE as e:
            if not is_retryable(e) or n == attempts - 1:
                raise
            sleep(random.uniform(0, min(max_backoff, backoff * 2**n)))
    raise AssertionError("unreachable")  # pragma: no cover
