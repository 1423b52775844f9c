"""Scorecard inputs from the fact tables: :class:`FactSource` gives the evaluation families
the same :class:`~gtt_domain.evaluation.snapshot.Snapshot` a replay would, read from the
folded states under the two bounds, and findings from :func:`gtt_projections.facts.audit`."""

from __future__ import annotations

from typing import Any

from gtt_projections.facts import FACT_NAMES, load_internships, load_states
from gtt_projections.facts.audit import run_audit
from gtt_projections.readmodel import ReadModel

from gtt_domain.application.timetravel import Moment
from gtt_domain.domain.calendar import SchoolCalendar
from gtt_domain.domain.internship import Internship
from gtt_domain.evaluation.snapshot import SLOTS, Snapshot
from gtt_domain.heap import collector_paused


class FactSource:
    """Evaluation inputs read from the fact tables of ``rm`` (caught up once, on first use)."""

    def __init__(self, rm: ReadModel, *, catch_up: bool = True):
        self.rm = rm
        self._pending_catch_up = catch_up

    def _ready(self) -> None:
        if self._pending_catch_up:
            self.rm.catch_up(FACT_NAMES)
            self._pending_catch_up = False

    def snapshot(self, as_of: Moment | None, known_at: Moment | None) -> Snapshot:
        self._ready()
        snap = Snapshot()
        with collector_paused(), self.rm.connect() as conn:
            for cls, slot in SLOTS.items():
                target = getattr(snap, slot)
                if cls is Internship:  # scorecards read a few attributes: from the itemised tables
                    for view in load_internships.internship_views(conn, as_of, known_at):
                        target[str(view.id)] = view
                    continue
                for aggregate, _ in load_states.states(conn, cls, as_of, known_at):
                    target[str(aggregate.id)] = aggregate
            for calendar, _ in load_states.states(conn, SchoolCalendar, as_of, known_at):
                snap.calendars[calendar.institution_id] = calendar  # the latest recorded wins, as in a replay
        return snap

    def findings(self, as_of: Moment, known_at: Moment | None) -> list[Any] | None:
        self._ready()
        return run_audit(self.rm, None, as_of=as_of, known_at=known_at, catch_up=False)
