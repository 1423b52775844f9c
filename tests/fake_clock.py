"""A clock tests inject into the application (a module of its own, so that a test can import
it whichever ``conftest`` module pytest loaded first)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class FakeClock:
    """An injectable clock that advances one second per reading."""

    def __init__(self, start: datetime | None = None, step: timedelta = timedelta(seconds=1)):
        self.now = start or datetime(2025, 1, 1, 8, 0, tzinfo=UTC)
        self.step = step

    def __call__(self) -> datetime:
        current = self.now
        self.now = self.now + self.step
        return current

    def set(self, when: datetime) -> None:
        self.now = when
