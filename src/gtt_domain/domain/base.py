"""The aggregate base every gtt aggregate extends.

Two choices made once for all aggregates:

* Every event has a ``meta: EventMeta`` field; the event's library ``timestamp`` is set
  from ``meta.recorded_at`` so no aggregate ever reads the wall clock.
* Public command methods check their guards and then call a private ``@event`` mutator
  that only changes state. Replaying stored events therefore never re-judges history:
  tightening a guard in a later release cannot make old evidence unloadable, and
  time-travel replays that leave out later events cannot trip a guard.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, NoReturn, TypeVar, dataclass_transform
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from gtt_domain.domain.errors import DomainError

#: Namespace for ids derived from natural keys (student numbers, import external ids).
GTT_NAMESPACE = UUID("6b3c3f0e-2f51-4c55-9a7e-4d1f0c2f7a10")


#: dataclasses held in aggregate state; the application registers a transcoding for each
#: so snapshots can store them.
STATE_TYPES: list[type[Any]] = []

T = TypeVar("T")


@dataclass_transform()
def state_type(cls: type[T]) -> type[T]:
    """Class decorator for a dataclass held in aggregate state (must be snapshot-able)."""
    dc = dataclass(cls)
    STATE_TYPES.append(dc)
    return dc


def natural_id(kind: str, key: str) -> UUID:
    """A deterministic id for ``kind`` identified by ``key``, so repeated imports are idempotent."""
    return uuid5(GTT_NAMESPACE, f"{kind}:{key.strip()}")


class GttAggregate(Aggregate):
    """Base aggregate: metadata on every event, guards separate from mutation."""

    KIND: ClassVar[str] = "aggregate"

    class Event(Aggregate.Event):
        """Base event. Subclasses set ``class_version`` when their schema changes."""

    class Created(Event, Aggregate.Created):
        pass

    @classmethod
    def _create(cls, event_class: Any, *, id: Any = None, **kwargs: Any) -> Any:  # noqa: A002
        meta = kwargs.get("meta")
        if meta is not None and kwargs.get("timestamp") is None:
            kwargs["timestamp"] = meta.recorded_at
        return super()._create(event_class, id=id, **kwargs)

    def trigger_event(self, event_class: Any, **kwargs: Any) -> None:
        meta = kwargs.get("meta")
        if meta is not None and kwargs.get("timestamp") is None:
            kwargs["timestamp"] = meta.recorded_at
        super().trigger_event(event_class, **kwargs)

    def keep_details(self) -> None:
        """Keep details the command side leaves to the events (an internship's days): a
        reading fold (audit replay, time travel) calls this right after creation."""

    def refuse(self, command: str, reason: str) -> NoReturn:
        """Raise the domain error for a command that cannot be true."""
        raise DomainError(self.KIND, command, reason, self.id)


def check_period(kind: str, command: str, start: date, end: date | None) -> None:
    """A period that ends before it starts cannot be true."""
    if end is not None and end < start:
        raise DomainError(kind, command, f"period ends ({end}) before it starts ({start})")


def by_version(items: list[Any], version: int) -> int:
    """The place in ``items`` of the one recorded by event ``version`` (a correction names
    the fact it corrects so; KeyError when it is not there, as a bounded replay skips it)."""
    for i, x in enumerate(items):
        if getattr(x, "version", 0) == version:
            return i
    raise KeyError(version)
