"""Errors the application raises beyond the domain's own."""

from __future__ import annotations

from gtt_domain.domain.errors import GttError


class BatchError(GttError):
    """A command in a batch failed; nothing of the batch was recorded."""

    def __init__(self, index: int, error: Exception):
        self.index = index
        self.error = error
        super().__init__(f"batch item {index + 1}: {error}")
