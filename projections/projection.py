"""The base class of every read-side projection.

A projection is an eventsourcing ``Projection[ReadView]`` plus three things its class
declares: ``tables`` (the read tables it owns and may drop), ``version`` (bump it when
the tables or the handlers change; the stored tables are then rebuilt) and ``apply``, a
``singledispatchmethod`` with one handler per event class::

    class Things(GttProjection):
        name = "things"
        version = 1
        tables = (things,)

        @singledispatchmethod
        def apply(self, event: object, rows: RowWriter) -> None:
            \"\"\"Events this projection does not need.\"\"\"

        @apply.register
        def _(self, e: Thing.Made, rows: RowWriter) -> None:
            rows.insert(things, {"id": str(e.originator_id), "name": e.name})

Handlers never write tracking and never open transactions: the framework batches many
events into one transaction (``gtt_projections.batch``). ``process_event`` is kept for
eventsourcing's ``ProjectionRunner``: it processes one event in its own transaction.
"""

from __future__ import annotations

import inspect
from functools import cache
from typing import Any, ClassVar

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection
from eventsourcing.utils import resolve_topic
from gtt_projections.view import ReadView
from gtt_projections.writer import RowWriter
from sqlalchemy import Table


class GttProjection(Projection[ReadView]):
    """Base projection: declare ``name``, ``version``, ``tables`` and ``apply`` handlers."""

    name: str = ""
    version: ClassVar[int] = 1
    tables: ClassVar[tuple[Table, ...]] = ()
    #: build the secondary indexes after a rebuild instead of during it; only for
    #: projections whose handlers never read their tables except by primary key
    defer_indexes: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Unlike eventsourcing's default (the class name), a subclass keeps its parent's
        name: a subclass is a new version of the same projection, with the same tables."""
        inherited = cls.name if "name" not in cls.__dict__ else ""
        super().__init_subclass__(**kwargs)
        if inherited:
            cls.name = inherited

    def __init__(self, view: ReadView, *, prepare: bool = True):
        super().__init__(view)
        self._relevant: dict[str, bool] = {}
        self._handlers: dict[type, Any] = {}
        self._indexed = False
        if prepare:
            self.prepare()

    def needs_rebuild(self) -> bool:
        """The stored tables were built by another version of this projection (or never)."""
        return self.view.stored_version(self.name) != self.version

    def prepare(self) -> bool:
        """Create missing tables; reset them if the version changed. True if it reset."""
        self.view.create_table()
        if not self.needs_rebuild():
            return False
        self.reset()
        return True

    @singledispatchmethod
    def apply(self, event: Any, rows: RowWriter) -> None:
        """Default: an event this projection does not read."""

    def writer(self, expected: int | None = None) -> RowWriter:
        """The buffer one batch's handlers write into; ``expected`` is the position the
        batch continues from (fact projections keep more, see ``gtt_projections.facts``)."""
        return RowWriter(self.tables)

    def batch_committed(self, rows: RowWriter, position: int) -> None:
        """The batch written by ``rows`` is committed up to ``position``."""

    def batch_failed(self) -> None:
        """The batch was rolled back (or its commit failed)."""

    def reset(self) -> None:
        """Drop and recreate the tables, forget the position (a rebuild starts here)."""
        self.view.reset(self.name, self.version, self.tables, indexes=not self.defer_indexes)
        self._indexed = False

    def indexes_built(self) -> None:
        """The tables got their indexes another way (a blue/green swap)."""
        self._indexed = True

    def create_indexes(self) -> None:
        """The indexes a reset left for after the rebuild (nothing when they exist); checked
        once per process after a reset, so one killed mid-rebuild is repaired by the next."""
        if self.defer_indexes and not self._indexed:
            self.view.create_indexes(self.tables)
            self._indexed = True

    def handler(self, event_cls: type) -> Any:
        """``apply`` resolved for ``event_cls`` once, bound: calling it is ``apply(event, rows)``
        without the per-call wrapper ``singledispatchmethod`` builds (a tenth of a rebuild)."""
        found = self._handlers.get(event_cls)
        if found is None:
            found = self._handlers[event_cls] = _resolve(type(self), event_cls).__get__(self)
        return found

    def handles(self, topic: str) -> bool:
        """Whether events of ``topic`` reach a handler (an unresolvable topic does: it is parked)."""
        found = self._relevant.get(topic)
        if found is None:
            found = self._handles_class(topic)
            self._relevant[topic] = found
        return found

    def _handles_class(self, topic: str) -> bool:
        try:
            cls = resolve_topic(topic)
        except Exception:
            return True
        return _handles(type(self), cls)

    # --- eventsourcing ProjectionRunner compatibility ----------------------------------

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:  # type: ignore[override]
        """Process one event and record ``tracking`` in the same transaction."""
        rows = self.writer()
        self.batch_failed()  # one event on its own: no cache survives it
        with self.view.transaction(commit=True) as session:
            self.view._insert_tracking(session, tracking)
            rows._session = session
            rows.position = tracking.notification_id
            self.apply(domain_event, rows)
            rows.flush(session)


def _resolve(projection_cls: type[GttProjection], event_cls: type) -> Any:
    """The function ``projection.apply(event)`` runs for an event of ``event_cls``."""
    method = inspect.getattr_static(projection_cls, "apply")
    dispatcher = getattr(method, "dispatcher", None)
    if dispatcher is None:
        return method  # a plain method (it may delegate to a parent's dispatching apply)
    projection_cls.apply  # noqa: B018  (attribute access completes deferred registrations)
    return dispatcher.dispatch(event_cls)


@cache
def _handles(projection_cls: type[GttProjection], event_cls: type) -> bool:
    """True if some ``apply`` in the class hierarchy has a handler for ``event_cls``.

    Walking the MRO lets a subclass define its own ``apply`` whose default delegates to
    ``super().apply`` and still receive the events only its parent handles.
    """
    projection_cls.apply  # noqa: B018  (attribute access completes deferred registrations)
    for owner in projection_cls.__mro__:
        method = owner.__dict__.get("apply")
        dispatcher = getattr(method, "dispatcher", None)
        if dispatcher is None:
            continue
        if dispatcher.dispatch(event_cls) is not dispatcher.dispatch(object):
            return True
    return False
