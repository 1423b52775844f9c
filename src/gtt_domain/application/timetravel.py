"""Replay on two time axes: what was true on a date, as the record stood at a moment.

* ``known_at`` (recorded time): only events whose ``meta.recorded_at`` is at or before it
  — what the records said then. Within one aggregate recorded times only grow, so this is
  a prefix of its history.
* ``as_of`` (effective time): only events whose ``meta.effective`` is on or before it — a
  date means the whole day (UTC). A fact recorded late but dated early is included.

Mutators never check guards (CONTRIBUTING.md), so leaving events out cannot trip one.
eventsourcing still checks that versions follow one another, so the fold sets the
aggregate's version before each event. The creation event is kept whenever any later
event of the aggregate is: an internship placed in May for a March start existed in April.
An event whose mutator needs a fact that was left out (a correction of a day not yet
recorded) is skipped and listed in :attr:`Fold.skipped`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from eventsourcing.domain import CanInitAggregate

from gtt_domain.domain.base import GttAggregate
from gtt_domain.domain.errors import UnreadableEventError

Moment = date | datetime


def as_moment(value: Moment | None, *, end_of_day: bool) -> datetime | None:
    """A timezone-aware bound: a date is its end (``as_of``) or its start (``known_at``)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    start = datetime.combine(value, time(0), tzinfo=UTC)
    return start + timedelta(days=1) - timedelta(microseconds=1) if end_of_day else start


def recorded_at(event: Any) -> datetime:
    meta = getattr(event, "meta", None)
    return meta.recorded_at if meta is not None else event.timestamp


def effective_at(event: Any) -> datetime:
    meta = getattr(event, "meta", None)
    return meta.effective if meta is not None else event.timestamp


@dataclass
class Fold:
    """One aggregate's events folded under the two bounds."""

    aggregate: GttAggregate | None = None
    #: (originator_version, notification position or None, event) of every event applied
    applied: list[tuple[int, int | None, Any]] = field(default_factory=list)
    #: events left out because their mutator needed a fact the bounds excluded
    skipped: list[Any] = field(default_factory=list)
    #: events that restate facts known before they were recorded (``RETAINED_FOR_AUDIT``,
    #: e.g. a person's ages kept before an erasure), whatever the bounds
    retained: list[Any] = field(default_factory=list)
    _pending_creation: tuple[Any, int | None] | None = None

    def add(self, event: Any, position: int | None, keep: bool) -> None:
        """Apply ``event`` when ``keep``; a creation event waits until something is kept."""
        if getattr(event, "RETAINED_FOR_AUDIT", False):
            self.retained.append(event)
        if isinstance(event, CanInitAggregate):
            self.aggregate = None
            self.applied.clear()
            self._pending_creation = (event, position)
            if keep:
                self._create()
            return
        if not keep:
            return
        if self.aggregate is None:
            if self._pending_creation is None:
                return
            self._create()
        self._mutate(event, position)

    def _create(self) -> None:
        assert self._pending_creation is not None
        event, position = self._pending_creation
        self.aggregate = event.mutate(None)
        self.aggregate.keep_details()
        self.applied.append((event.originator_version, position, event))

    def _mutate(self, event: Any, position: int | None) -> None:
        agg = self.aggregate
        assert agg is not None
        agg.version = event.originator_version - 1
        try:
            event.mutate(agg)
        except (KeyError, IndexError, AttributeError, TypeError):
            self.skipped.append(event)
            agg.version = event.originator_version
            return
        self.applied.append((event.originator_version, position, event))


def keeper(as_of: Moment | None, known_at: Moment | None) -> Callable[[Any], bool]:
    """The predicate "this event is inside both bounds"."""
    eff = as_moment(as_of, end_of_day=True)
    rec = as_moment(known_at, end_of_day=False)

    def keep(event: Any) -> bool:
        if rec is not None and recorded_at(event) > rec:
            return False
        return eff is None or effective_at(event) <= eff

    return keep


def history(app: Any, aggregate_id: UUID, known_at: Moment | None = None) -> list[Any]:
    """The aggregate's stored events (with their ``meta``) recorded at or before ``known_at``."""
    keep = keeper(None, known_at)
    return [e for e in app.events.get(aggregate_id) if keep(e)]


def fold(events: Iterable[Any], as_of: Moment | None = None,
         known_at: Moment | None = None) -> Fold:
    """Fold one aggregate's events (in version order) under the bounds."""
    keep = keeper(as_of, known_at)
    out = Fold()
    for event in events:
        out.add(event, None, keep(event))
    return out


def state_at(app: Any, aggregate_id: UUID, as_of: Moment | None = None,
             known_at: Moment | None = None) -> GttAggregate | None:
    """The aggregate as it was on ``as_of``, as recorded by ``known_at``; ``None`` if it
    did not exist then (or the id is unknown)."""
    return fold(app.events.get(aggregate_id), as_of, known_at).aggregate


def decode(app: Any, n: Any) -> Any:
    """The domain event of notification ``n``; one that cannot be decrypted or decoded
    raises :class:`UnreadableEventError` naming its position (never skipped)."""
    try:
        return app.mapper.to_domain_event(n)
    except Exception as e:
        raise UnreadableEventError(n.id, n.topic, e) from e


def notifications(app: Any, batch_size: int = 1000) -> Iterator[tuple[int, Any]]:
    """Every stored event with its position, one pass over the log in pages."""
    start = 0
    while True:
        page = app.recorder.select_notifications(start=start, limit=batch_size,
                                                 inclusive_of_start=False)
        for n in page:
            yield n.id, decode(app, n)
        if len(page) < batch_size:
            return
        start = page[-1].id


def load_folds(app: Any, known_at: Moment | None = None, as_of: Moment | None = None,
               batch_size: int = 1000) -> dict[UUID, Fold]:
    """Every aggregate folded from one pass over the notification log (for audits)."""
    keep = keeper(as_of, known_at)
    folds: dict[UUID, Fold] = {}
    for position, event in notifications(app, batch_size):
        f = folds.get(event.originator_id)
        if f is None:
            f = folds[event.originator_id] = Fold()
        f.add(event, position, keep(event))
    return {k: f for k, f in folds.items() if f.aggregate is not None}


def load_all(app: Any, known_at: Moment | None = None, as_of: Moment | None = None,
             batch_size: int = 1000) -> dict[UUID, GttAggregate]:
    """Every aggregate that existed under the bounds, by id."""
    return {k: f.aggregate for k, f in load_folds(app, known_at, as_of, batch_size).items()
            if f.aggregate is not None}
