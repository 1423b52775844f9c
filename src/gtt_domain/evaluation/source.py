"""Where a scorecard's inputs come from: a replay of the whole log (the reference, here)
or the fact tables (``gtt_projections.facts.evaluate.FactSource``). Families only see the
:class:`Snapshot`; they cannot tell which."""

from __future__ import annotations

from typing import Any, Protocol

from gtt_domain.application.timetravel import Moment
from gtt_domain.evaluation.snapshot import Snapshot, take_snapshot


class Source(Protocol):
    def snapshot(self, as_of: Moment | None, known_at: Moment | None) -> Snapshot:
        """Every aggregate folded on ``as_of`` from what was recorded by ``known_at``."""

    def findings(self, as_of: Moment, known_at: Moment | None) -> list[Any] | None:
        """Every audit finding on ``as_of`` (None when audits are not available)."""


class ReplaySource:
    """Fold the whole log in memory (slow; the independent reference path)."""

    def __init__(self, app: Any):
        self.app = app

    def snapshot(self, as_of: Moment | None, known_at: Moment | None) -> Snapshot:
        return take_snapshot(self.app, as_of=as_of, known_at=known_at)

    def findings(self, as_of: Moment, known_at: Moment | None) -> list[Any] | None:
        try:
            from gtt_domain.audit import run_audit
        except ImportError:
            return None
        return list(run_audit(self.app, None, as_of=as_of, known_at=known_at))
