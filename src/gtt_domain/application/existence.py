"""Cheap existence checks for aggregates a command only refers to.

Loading an aggregate replays its events; checking that 40 participants exist needs only
each one's first stored event (one indexed read, nothing decoded but the topic). Aggregates
created earlier in the same unit of work are found there, since they are not stored yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from eventsourcing.utils import resolve_topic

from gtt_domain.application.unit_of_work import UnitOfWork
from gtt_domain.domain.base import GttAggregate
from gtt_domain.domain.errors import NotFoundError


def _created_as(topic: str, kind: type[GttAggregate]) -> bool:
    cls = resolve_topic(topic)
    return cls.__module__ == kind.__module__ and cls.__qualname__.startswith(kind.__qualname__ + ".")


def require_existing(uow: UnitOfWork, ids: Iterable[UUID], kind: type[GttAggregate]) -> None:
    """Raise :class:`NotFoundError` for the first id that is not an aggregate of ``kind``."""
    for aggregate_id in dict.fromkeys(ids):  # de-duplicated, order kept
        # loaded or created in this unit of work: no database read (and no scan of the
        # unit's aggregates, which made a batch of n placements cost n² steps)
        agg = uow.seen(aggregate_id)
        if agg is not None:
            if not isinstance(agg, kind):
                raise NotFoundError(kind.KIND, aggregate_id)
            continue
        first = uow.app.recorder.select_events(aggregate_id, lte=1, limit=1)
        if not first or not _created_as(first[0].topic, kind):
            raise NotFoundError(kind.KIND, aggregate_id)
