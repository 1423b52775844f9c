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

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from types import MethodType
from typing import Any, ClassVar, NoReturn, TypeVar, dataclass_transform
from uuid import UUID, uuid5

from eventsourcing.domain import (
    Aggregate,
    BoundCommandMethodDecorator,
    CanMutateAggregate,
    CommandMethodDecorator,
    DecoratedFuncCaller,
    OriginatorIDError,
    OriginatorVersionError,
    decorated_func_callers,
)

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


class EventMethod:
    """An ``@event`` mutator that triggers its event as eventsourcing's decorator does —
    the same event class, the same field values, the same state change — without the
    decorator's per-call work (a bound decorator object, binding the arguments to the
    method's signature, filtering them by the event's twice). Profiled at ~half of the
    domain command in a bulk attendance import (issue 18).

    The fast path takes the usual call: every parameter of the method by keyword. Any
    other call (positional arguments, defaults left out, a wrong name) goes through
    eventsourcing's decorator unchanged, with its errors.
    """

    __slots__ = ("decorator", "event_cls", "params", "drop")

    def __init__(self, decorator: CommandMethodDecorator, event_cls: type[Any]):
        self.decorator = decorator
        self.event_cls = event_cls
        names = list(inspect.signature(decorator.decorated_func).parameters)[1:]
        self.params = frozenset(names)
        fields = set(inspect.signature(event_cls).parameters)
        #: method parameters that are not event fields (eventsourcing leaves them out)
        self.drop = tuple(n for n in names if n not in fields)

    def __get__(self, instance: Any, owner: type[Any]) -> Any:
        if instance is None:
            return self.decorator.__get__(None, owner)
        return MethodType(self._trigger, instance)

    def _trigger(self, aggregate: GttAggregate, *args: Any, **kwargs: Any) -> None:
        if args or kwargs.keys() != self.params:
            BoundCommandMethodDecorator(self.decorator, aggregate)(*args, **kwargs)
            return
        for name in self.drop:
            del kwargs[name]
        aggregate._trigger(self.event_cls, kwargs)


def _applying(func: Callable[..., Any], names: frozenset[str]) -> Callable[[Any, Any], Any]:
    """``mutate`` for an ``@event`` event class: eventsourcing's checks and its
    ``DecoratedFuncCaller.apply`` (the decorated method called with the event's attributes
    it names), without looking the method and its signature up per event. Replay
    (loading an aggregate) runs it too."""

    def mutate(self: Any, aggregate: Any) -> Any:
        if self.originator_id is not aggregate.id and self.originator_id != aggregate.id:
            raise OriginatorIDError(self.originator_id, aggregate.id)
        next_version = aggregate.version + 1
        if self.originator_version != next_version:
            raise OriginatorVersionError(self.originator_version, next_version)
        d = self.__dict__
        func(aggregate, **{k: d[k] for k in names if k in d})
        aggregate.version = self.originator_version
        aggregate.modified_on = self.timestamp
        return aggregate

    return mutate


def _speed_up_event_methods(cls: type[GttAggregate]) -> None:
    """Replace ``cls``'s ``@event`` mutators by :class:`EventMethod` and give their event
    classes the direct ``mutate``, where eventsourcing's classes are as this expects (an
    event class that overrides ``apply``, ``mutate`` or ``_as_dict`` keeps the library's)."""
    for name, value in tuple(cls.__dict__.items()):
        if (not isinstance(value, CommandMethodDecorator) or value.is_property_setter
                or value.decorated_func.__name__ == "__init__" or value not in decorated_func_callers):
            continue
        event_cls = decorated_func_callers[value]
        mro = event_cls.__mro__
        if mro[1] is not DecoratedFuncCaller:
            continue
        if any(k in c.__dict__ for c in mro[2:mro.index(CanMutateAggregate)]
               for k in ("apply", "mutate", "_as_dict")):
            continue
        func = value.decorated_func
        event_cls.mutate = _applying(func, frozenset(list(inspect.signature(func).parameters)[1:]))  # type: ignore[attr-defined]
        setattr(cls, name, EventMethod(value, event_cls))


class GttAggregate(Aggregate):
    """Base aggregate: metadata on every event, guards separate from mutation."""

    KIND: ClassVar[str] = "aggregate"

    class Event(Aggregate.Event):
        """Base event. Subclasses set ``class_version`` when their schema changes."""

    class Created(Event, Aggregate.Created):
        pass

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _speed_up_event_methods(cls)

    @classmethod
    def _create(cls, event_class: Any, *, id: Any = None, **kwargs: Any) -> Any:  # noqa: A002
        meta = kwargs.get("meta")
        if meta is not None and kwargs.get("timestamp") is None:
            kwargs["timestamp"] = meta.recorded_at
        return super()._create(event_class, id=id, **kwargs)

    def trigger_event(self, event_class: Any, **kwargs: Any) -> None:
        if getattr(type(self), "TOPIC", None):  # eventsourcing's explicit-topic checks
            meta = kwargs.get("meta")
            if meta is not None and kwargs.get("timestamp") is None:
                kwargs["timestamp"] = meta.recorded_at
            super().trigger_event(event_class, **kwargs)
            return
        self._trigger(event_class, kwargs)

    def _trigger(self, event_class: Any, kwargs: dict[str, Any]) -> None:
        """eventsourcing's ``Aggregate.trigger_event`` (the next event in the sequence,
        applied, then pending) on a dict of the caller's own, which this changes; the
        timestamp is ``meta.recorded_at``."""
        if kwargs.get("timestamp") is None:
            meta = kwargs.get("meta")
            kwargs["timestamp"] = meta.recorded_at if meta is not None else event_class.create_timestamp()
        kwargs["originator_id"] = self.id
        kwargs["originator_version"] = self.version + 1
        try:
            new_event = event_class(**kwargs)
        except TypeError as e:
            raise TypeError(f"Can't construct event {event_class}: {e}") from None
        new_event.mutate(self)
        self._pending_events.append(new_event)

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
