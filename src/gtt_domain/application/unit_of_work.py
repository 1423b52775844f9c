"""A unit of work: the aggregates one command (or a batch of commands) loads and changes.

Everything a batch touches is saved in one ``Application.save`` call, i.e. one database
transaction: a day's attendance for a whole class is all recorded or none of it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from gtt_domain.domain.base import GttAggregate
from gtt_domain.domain.errors import DomainError, NotFoundError

if TYPE_CHECKING:
    from gtt_domain.application.app import GttApplication

A = TypeVar("A", bound=GttAggregate)


class UnitOfWork:
    def __init__(self, app: GttApplication):
        self.app = app
        self._seen: dict[UUID, GttAggregate] = {}

    def get(self, aggregate_id: UUID, kind: type[A]) -> A:
        """Load an aggregate (once per unit of work) and check its kind."""
        agg = self._seen.get(aggregate_id)
        if agg is None:
            try:
                agg = self.app.repository.get(aggregate_id)
            except AggregateNotFoundError:
                raise NotFoundError(kind.KIND, aggregate_id) from None
            self._seen[aggregate_id] = agg
        if type(agg) is not kind and not isinstance(agg, kind):  # ABCMeta's check is slow
            raise NotFoundError(kind.KIND, aggregate_id)
        return agg

    def find(self, aggregate_id: UUID, kind: type[A]) -> A | None:
        """Like :meth:`get` but ``None`` when absent (for idempotent creation)."""
        try:
            return self.get(aggregate_id, kind)
        except NotFoundError:
            return None

    def add(self, agg: A) -> A:
        """Register a newly created aggregate; creating an existing id is refused."""
        existing = self._seen.get(agg.id)
        if existing is not None and existing is not agg:
            raise DomainError(agg.KIND, "create", f"{agg.KIND} {agg.id} already exists", agg.id)
        self._seen[agg.id] = agg
        return agg

    def seen(self, aggregate_id: UUID) -> GttAggregate | None:
        """The aggregate this unit of work loaded or created, without loading it."""
        return self._seen.get(aggregate_id)

    def changed(self) -> list[GttAggregate]:
        return [a for a in self._seen.values() if a.pending_events]
