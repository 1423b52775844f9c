"""Read-your-writes: wait until the read side has processed a given log position.

A service that answers right after a command (``rid = app.handle(...)``) and reads tables a
follower keeps current (``catch_up=False``) calls ``rm.wait_for(rid.position)`` first: it
returns as soon as every projection asked for has processed that position, and raises
:class:`ReadSideTimeout` naming the projections still behind when ``timeout`` seconds pass.
It only waits; it never processes events itself (``rm.catch_up()`` does that).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from gtt_domain.domain.errors import GttError

if TYPE_CHECKING:
    from gtt_projections.readmodel import ReadModel


class ReadSideTimeout(GttError, TimeoutError):
    """The read side did not reach a position in time."""

    def __init__(self, position: int, timeout: float, behind: dict[str, int]) -> None:
        self.position, self.timeout, self.behind = position, timeout, behind
        where = ", ".join(f"{name} at {at}" for name, at in sorted(behind.items()))
        super().__init__(f"the read side did not reach position {position} within {timeout:g} s ({where}); "
                         "is a follower running (gtt projections run)?")


def positions(rm: ReadModel, names: Sequence[str] | None = None) -> dict[str, int]:
    """How far each projection has processed the log (0 before its first event)."""
    return {p.name: p.view.max_tracking_id(rm.app.name) or 0 for p in rm.select(names)}


def wait_for(rm: ReadModel, position: int | None, names: Sequence[str] | None = None, *,
             timeout: float = 10.0, poll_interval: float = 0.05) -> None:
    """Return once each projection in ``names`` (default: all) is at ``position`` or later.

    ``position`` ``None`` (a command that recorded nothing) returns at once. Polls the
    tracking tables every ``poll_interval`` seconds, doubling up to 0.5 s."""
    if position is None:
        return
    deadline = time.monotonic() + timeout
    interval = poll_interval
    while True:
        behind = {name: at for name, at in positions(rm, names).items() if at < position}
        if not behind:
            return
        left = deadline - time.monotonic()
        if left <= 0:
            raise ReadSideTimeout(position, timeout, behind)
        time.sleep(min(interval, left))
        interval = min(interval * 2, 0.5)
