"""Errors the application raises beyond the domain's own."""

from __future__ import annotations

from eventsourcing.persistence import PersistenceError

from gtt_domain.domain.errors import GttError


class BatchError(GttError):
    """A command in a batch failed; nothing of the batch was recorded."""

    def __init__(self, index: int, error: Exception):
        self.index = index
        self.error = error
        super().__init__(f"batch item {index + 1}: {error}")


class DatabaseTimeout(GttError, PersistenceError):
    """The database did not answer within ``GTT_DB_TIMEOUT`` seconds (no connection, or a
    lock not granted); nothing was recorded. Not one of the errors eventsourcing retries,
    so the wait stays bounded."""
