"""Timing helpers: medians of paired runs, so noise on a shared machine hits both sides."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Figure:
    """One row of the table: our side, its baseline, the ratio and the goal."""

    name: str
    unit: str
    ours: float | None
    baseline: float | None = None
    goal: str = ""
    higher_is_better: bool = True
    runs: int = 0
    detail: dict[str, Any] = field(default_factory=dict)
    available: bool = True
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.ours is None or not self.baseline:
            return None
        return self.ours / self.baseline

    def met(self) -> bool | None:
        """Whether the goal holds (goals read "ratio >= x", "ratio <= x" or "ours <= x")."""
        if not self.goal or self.ours is None:
            return None
        subject, op, limit = self.goal.split()
        value = self.ratio if subject == "ratio" else self.ours
        if value is None:
            return None
        return value >= float(limit) if op == ">=" else value <= float(limit)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["ratio"] = self.ratio
        out["goal_met"] = self.met()
        return out


def unavailable(name: str, unit: str, goal: str, why: str) -> Figure:
    return Figure(name, unit, None, goal=goal, available=False, note=why)


def timed(fn: Callable[[], Any]) -> float:
    """Seconds one call takes."""
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def median(values: list[float]) -> float:
    return statistics.median(values)


def paired_rates(runs: int, count: int, ours: Callable[[int], Any],
                 base: Callable[[int], Any]) -> tuple[float, float, list[float], list[float]]:
    """Median items/s of ``ours(i)`` and ``base(i)`` run alternately ``runs`` times."""
    a: list[float] = []
    b: list[float] = []
    for i in range(runs):
        a.append(count / timed(lambda i=i: ours(i)))
        b.append(count / timed(lambda i=i: base(i)))
    return median(a), median(b), a, b
