"""The story: dated steps from every scenario, replayed in recording order.

Scenarios append steps as they think (institution by institution); :meth:`Story.play`
sorts them by the day they were recorded and carries them out through
``GttApplication.handle_batch``, merging neighbouring steps of one actor and day into one
transaction. The clock shows that day, so ``recorded_at`` never runs backwards while
``effective_at`` follows the facts (a late filing is a step recorded later than it took
effect).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from gtt_domain.domain.base import natural_id

CommandSpec = tuple[str, dict[str, Any]]
#: many steps are cheap to keep as a recipe (a day's attendance of a class)
Commands = list[CommandSpec] | Callable[[], list[CommandSpec]]
#: merge steps until a transaction holds about this many commands/rows
BATCH_ROWS = 2000


class DemoClock:
    """The demo's clock: 09:00 UTC of the day being recorded, a second later per batch."""

    def __init__(self, start: date) -> None:
        self.now = datetime.combine(start, time(9), UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance_to(self, day: date) -> None:
        later = datetime.combine(day, time(9), UTC)
        self.now = later if later > self.now else self.now + timedelta(seconds=1)


@dataclass(order=True)
class Step:
    day: date
    seq: int
    actor: str = field(compare=False)
    commands: Commands = field(compare=False)


@dataclass
class Story:
    """Deterministic ids, a seeded random source and the list of steps."""

    rng: random.Random
    scale: float
    steps: list[Step] = field(default_factory=list)
    created: Counter[str] = field(default_factory=Counter)
    #: the day the record starts; earlier facts are entered that day
    go_live: date = date(2024, 7, 1)
    #: the breaches the demo records on purpose: (rule id, subject id) -> what it is
    intended: dict[tuple[str, str], str] = field(default_factory=dict)

    def intend(self, rule_id: str, subject: UUID, why: str) -> None:
        """Declare a breach this story records on purpose (the audit must find exactly these)."""
        self.intended.setdefault((rule_id, str(subject)), why)

    def count(self, n: float, minimum: int = 1) -> int:
        """``n`` scaled, never below ``minimum``."""
        return max(minimum, round(n * self.scale))

    def new_id(self, kind: str, key: str) -> tuple[UUID, str]:
        """The id the create handler derives from ``external_id`` (``natural_id``)."""
        self.created[kind] += 1
        ext = f"demo:{key}"
        return natural_id(kind, ext), ext

    def at(self, day: date, actor: str, *commands: CommandSpec, late_days: int = 0) -> None:
        """Record ``commands`` on ``day`` (plus ``late_days`` for facts filed late)."""
        self._add(day + timedelta(days=late_days), actor, list(commands))

    def later(self, day: date, actor: str, recipe: Callable[[], list[CommandSpec]]) -> None:
        self._add(day, actor, recipe)

    def _add(self, day: date, actor: str, commands: Commands) -> None:
        # facts older than the go-live are back-filled on that day, in the order written
        self.steps.append(Step(max(day, self.go_live), len(self.steps), actor, commands))

    def batches(self) -> Iterator[tuple[date, str, list[CommandSpec]]]:
        """Steps in recording order, merged per (day, actor) up to :data:`BATCH_ROWS`."""
        current: list[CommandSpec] = []
        key: tuple[date, str] | None = None
        size = 0
        for step in sorted(self.steps):
            cmds = step.commands() if callable(step.commands) else step.commands
            weight = sum(len(f.get("rows", ())) or 1 for _, f in cmds)
            if key != (step.day, step.actor) or size + weight > BATCH_ROWS:
                if current and key is not None:
                    yield key[0], key[1], current
                current, key, size = [], (step.day, step.actor), 0
            current.extend(cmds)
            size += weight
        if current and key is not None:
            yield key[0], key[1], current


def months(first: date, last: date) -> list[date]:
    """First days of the months from ``first`` to ``last``."""
    out, d = [], first.replace(day=1)
    while d <= last:
        out.append(d)
        d = (d.replace(day=28) + timedelta(days=4)).replace(day=1)
    return out
