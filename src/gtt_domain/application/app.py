"""The one eventsourcing Application: one store, one total order of events."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.application import (
    AggregateNotFoundError,
    Application,
    ProcessingEvent,
    Repository,
)
from eventsourcing.persistence import (
    IntegrityError,
    InternalError,
    JSONTranscoder,
    Mapper,
    PersistenceError,
)
from pydantic import ValidationError as PydanticValidationError

from gtt_domain.application import transcodings
from gtt_domain.application.config import database_url, eventsourcing_env
from gtt_domain.application.errors import BatchError
from gtt_domain.application.policy import AccessRequest, Policy, load_policy, os_user
from gtt_domain.application.results import Recorded, RecordedBatch, positions_by_aggregate
from gtt_domain.application.snapshots import latest_only, prune
from gtt_domain.application.storage import check_store_file
from gtt_domain.application.unit_of_work import UnitOfWork
from gtt_domain.application.use_cases import HANDLERS
from gtt_domain.commands import REGISTRY
from gtt_domain.commands.base import Command
from gtt_domain.commands.person import ErasePersonalData
from gtt_domain.domain.base import GttAggregate
from gtt_domain.domain.errors import ConflictError, GttError, NotAuthorisedError, NotFoundError
from gtt_domain.domain.internship import Internship
from gtt_domain.domain.meta import EventMeta
from gtt_domain.domain.person import Person
from gtt_domain.privacy import PersonalDataMapper, PersonKeyStore
from gtt_domain.privacy.cipher import cipher_env, configured_key, master_key
from gtt_domain.privacy.marker import StoreMarker, check_store_key

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
#: ``authorise(actor, command)`` raises :class:`NotAuthorisedError` or returns False to refuse.
AuthorisationHook = Callable[[str, Command], "bool | None"]


def system_clock() -> datetime:
    return datetime.now(UTC)


def fold_events(aggregate: Any, domain_events: Iterable[Any]) -> Any:
    """eventsourcing's ``project_aggregate`` without its per-event ``isinstance`` check
    against a runtime-checkable Protocol, which profiled at ~20% of loading an internship
    (snapshot + up to 49 events). Every stored event and snapshot here has ``mutate``."""
    for domain_event in domain_events:
        aggregate = domain_event.mutate(aggregate)
    return aggregate


class GttRepository(Repository[UUID]):
    """The repository, folding events with :func:`fold_events` unless told otherwise."""

    def get(self, aggregate_id: UUID, *, version: int | None = None,  # type: ignore[override]
            projector_func: Any = fold_events, **kwargs: Any) -> Any:
        return super().get(aggregate_id, version=version, projector_func=projector_func, **kwargs)


class GttApplication(Application):
    """Records cooperation facts; see README "Embedding" for use from a service."""

    name = "gtt"
    is_snapshotting_enabled = True
    #: snapshot long-lived aggregates (an internship with 180 days of attendance). Every 10
    #: events: a command then decodes at most 9 events after the snapshot (at 50, ~25 on
    #: average: 60 % of a command's CPU); an internship's snapshot is its compact day books
    #: and only the latest is kept, so more snapshots cost little (issue 18: 1.6x commands/s)
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {Internship: 10}

    def __init__(
        self,
        url: str | None = None,
        *,
        env: Mapping[str, str] | None = None,
        clock: Clock = system_clock,
        actor: str = "system",
        authorise: AuthorisationHook | None = None,
        policy: Policy | None = None,
    ) -> None:
        self.url = database_url(url)
        check_store_file(self.url)  # an empty or foreign file is named, not turned into a store
        merged = dict(eventsourcing_env(self.url))
        cipher_key = configured_key(env)
        merged.update(cipher_env(cipher_key))  # GTT_CIPHER_KEY: encryption at rest
        if env:
            merged.update(env)
        self._master_key = master_key(cipher_key) if cipher_key else None
        self.clock = clock
        self.default_actor = actor
        self.authorise = authorise
        self.os_user = os_user()
        self.policy = policy if policy is not None else load_policy(env)
        self._construct(merged)
        try:
            self.encrypted = self._check_store_key()
        except BaseException:
            self.close()
            raise

    def _construct(self, env: dict[str, str], attempts: int = 6) -> None:
        """Build the recorders, retrying PostgreSQL's concurrent-DDL error.

        eventsourcing's PostgreSQL recorder runs ``CREATE OR REPLACE FUNCTION`` on start;
        two processes starting at once can fail with "tuple concurrently updated". The
        statements are idempotent, so trying again is safe.
        """
        for attempt in range(attempts):
            try:
                super().__init__(env=env)
                return
            except InternalError as e:
                if "concurrently" not in str(e) or attempt == attempts - 1:
                    raise
                if hasattr(self, "person_keys"):
                    self.person_keys.close()
                time.sleep(0.05 * (attempt + 1))

    def _check_store_key(self) -> bool:
        """Refuse to go on unless the configured key is the store's (docs/privacy.md §1)."""
        marker = StoreMarker(self.person_keys.engine, self.person_keys.table.schema)
        first = self.recorder.select_notifications(start=1, limit=1)
        cipher = self.mapper.cipher
        return check_store_key(marker, self._master_key, first[0].state if first else None,
                               log_empty=not first, decrypt=cipher.decrypt if cipher else None)

    def construct_snapshot_store(self) -> Any:
        """eventsourcing's snapshot store, keeping only each aggregate's latest snapshot."""
        store = super().construct_snapshot_store()
        store.recorder = latest_only(store.recorder)
        return store

    def prune_snapshots(self) -> int:
        """Delete every snapshot but each aggregate's latest: a store written before issue 17
        kept them all (new snapshots replace their aggregate's older ones by themselves).
        Returns how many were deleted."""
        return prune(self.snapshots.recorder) if self.snapshots else 0

    def construct_repository(self) -> Repository[UUID]:
        repository = super().construct_repository()
        repository.__class__ = GttRepository  # same settings (cache, snapshots); its get()
        return repository

    def construct_mapper(self) -> Mapper[UUID]:
        """eventsourcing's mapper plus per-person sealing of ``personal`` (docs/privacy.md)."""
        self.person_keys = PersonKeyStore.for_url(self.url, self._master_key)
        return PersonalDataMapper(
            transcoder=self.construct_transcoder(),
            compressor=self.factory.compressor(),
            cipher=self.factory.cipher(),
            keys=self.person_keys,
        )

    def close(self) -> None:
        super().close()
        if hasattr(self, "person_keys"):
            self.person_keys.close()

    def _take_snapshots(self, processing_event: Any) -> None:
        """Snapshot from the aggregate in memory, once per save, in the saved version.

        eventsourcing's default re-reads and replays each aggregate from the store in a
        separate transaction when a saved event's version is a multiple of the interval
        (68% of a bulk attendance import, measured in BENCHMARKS.md). The aggregate we
        just saved already holds that state: replay equals in-memory state is a tested
        property of every aggregate.
        """
        if not self.snapshots or not self.snapshotting_intervals:
            return
        due: dict[Any, Any] = {}
        for event in processing_event.events:
            aggregate = processing_event.aggregates.get(event.originator_id)
            if aggregate is None:
                continue
            interval = self.snapshotting_intervals.get(type(aggregate))
            if interval and event.originator_version % interval == 0:
                due[aggregate.id] = aggregate
        if due:
            snapshots = []
            for aggregate in due.values():
                snapshot_class = getattr(type(aggregate), "Snapshot", type(self).snapshot_class)
                assert snapshot_class is not None  # GttAggregate has a Snapshot class
                snapshots.append(snapshot_class.take(aggregate))
            try:
                self.snapshots.put(snapshots)
            except PersistenceError as e:  # the events are committed: the command succeeded
                log.warning("snapshot not stored (%s: %s); the next one will be", type(e).__name__, e)

    def construct_transcoder(self) -> JSONTranscoder:
        """Stored format v2 for new records; v1 records stay readable (docs/integrity.md)."""
        transcoder = transcodings.GttTranscoder()
        self.register_transcodings(transcoder)
        return transcoder

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcodings.register(transcoder)

    # --- commands --------------------------------------------------------------------

    def meta(
        self,
        *,
        actor: str | None = None,
        effective_at: datetime | None = None,
        reason: str | None = None,
        correlation_id: str | None = None,
    ) -> EventMeta:
        """Metadata for events recorded now by ``actor``."""
        return EventMeta(
            actor=actor or self.default_actor,
            os_user=self.os_user,
            recorded_at=self.clock(),
            effective_at=effective_at,
            reason=reason,
            correlation_id=correlation_id,
        )

    def handle(self, command: Command | Mapping[str, Any], *, name: str | None = None, **meta: Any) -> Recorded:
        """Validate and carry out one command; return the id of the aggregate it acted on
        (a :class:`Recorded`: the UUID, with ``.position`` in the log of its last event).

        ``meta`` keywords: ``actor``, ``effective_at``, ``reason``, ``correlation_id``.
        """
        if name is None:
            if not isinstance(command, Command):
                raise TypeError("pass a Command model, or fields with name='group.verb'")
            return self.handle_batch([command], **meta)[0]
        if isinstance(command, Command):
            command = command.model_dump()
        return self.handle_batch([(name, command)], **meta)[0]

    def handle_batch(self, commands: Iterable[Command | tuple[str, Mapping[str, Any]]], *,
                     journal: Callable[[UnitOfWork, EventMeta], None] | None = None,
                     **meta: Any) -> RecordedBatch:
        """Carry out many commands and save every changed aggregate in one transaction; the
        ids in command order (a :class:`RecordedBatch`, with ``.position``: the last one written).

        ``journal(uow, meta)``, if given, is called after every command was carried out and
        may change more aggregates in ``uow`` (an import's :class:`RecordingRun`): they are
        saved in the same transaction, so the journal never runs ahead of the facts."""
        uow = UnitOfWork(self)
        ids: list[UUID] = []
        cmds = [self.validate(c) for c in commands]
        event_meta = self.meta(**meta)
        for i, cmd in enumerate(cmds):
            self._authorise(event_meta.actor, cmd)
            handler = HANDLERS.get(type(cmd))
            if handler is None:
                raise GttError(f"no handler for {type(cmd).__name__}")
            try:
                ids.append(handler(uow, cmd, event_meta))
            except GttError as e:
                if len(cmds) == 1:
                    raise
                raise BatchError(i, e) from e
        if journal is not None:
            journal(uow, event_meta)
        written = positions_by_aggregate(self.save_changes(uow))
        return RecordedBatch((Recorded(i, written.get(i)) for i in ids), max(written.values(), default=None))

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        """eventsourcing's ``Application.save``; our aggregates' events are collected without
        its two ``isinstance`` checks per object against runtime-checkable Protocols
        (~40 us an aggregate on this machine, more than the domain command of an
        attendance day). Anything else goes through eventsourcing's own."""
        if not objs or not all(isinstance(o, GttAggregate) for o in objs):
            return super().save(*objs, **kwargs)
        processing_event: ProcessingEvent[UUID] = ProcessingEvent()
        for aggregate in objs:
            processing_event.events.extend(aggregate.collect_events())
            processing_event.aggregates[aggregate.id] = aggregate
        processing_event.saved_kwargs.update(kwargs)
        recordings = self._record(processing_event)
        self._take_snapshots(processing_event)
        self._notify(recordings)
        self.notify(processing_event.events)  # as eventsourcing's save (deprecated hook)
        return recordings

    def save_changes(self, uow: UnitOfWork) -> list[Any]:
        """Save what the unit of work changed; eventsourcing's recordings (with positions)."""
        changed = uow.changed()
        if not changed:
            return []
        try:
            recordings = list(self.save(*changed))
        except IntegrityError as e:
            ids = ", ".join(str(a.id) for a in changed[:3])
            raise ConflictError(
                f"conflict: another writer changed {ids} first; reload and retry"
            ) from e
        if any(isinstance(r.domain_event, Person.PersonalDataErased) for r in recordings):
            self.person_keys.purge()  # the key gone from the file too, or a loud error
        return recordings

    @staticmethod
    def validate(command: Command | tuple[str, Mapping[str, Any]] | Mapping[str, Any]) -> Command:
        """Turn ``(name, fields)`` into its command model; pydantic errors name the field."""
        if isinstance(command, Command):
            return command
        if isinstance(command, tuple):
            name, fields = command
            cls = REGISTRY.get(name)
            if cls is None:
                raise GttError(f"unknown command {name!r}")
            return cls.model_validate(dict(fields))
        raise TypeError(f"not a command: {command!r}")

    def _authorise(self, actor: str, command: Command) -> None:
        if self.policy is not None:
            self.require("record", actor, command)
            if isinstance(command, ErasePersonalData):
                self.require("erase", actor, command)
        if self.authorise is None:
            return
        if self.authorise(actor, command) is False:
            raise NotAuthorisedError(actor, command.command_name())

    def allows(self, action: str, actor: str | None = None, command: Command | None = None) -> bool:
        """Whether the policy lets ``actor`` (default: the application's) do ``action``
        (``record``, ``erase``, ``seal``, ``read-personal``); True without a policy."""
        try:
            self.require(action, actor, command)
        except NotAuthorisedError:
            return False
        return True

    def require(self, action: str, actor: str | None = None, command: Command | None = None) -> None:
        """Raise :class:`NotAuthorisedError` unless the policy allows ``action``."""
        if self.policy is None:
            return
        who = actor or self.default_actor
        request = AccessRequest(actor=who, os_user=self.os_user, action=action, command=command)
        if self.policy(request) is False:
            raise NotAuthorisedError(who, request.what())

    # --- reads -----------------------------------------------------------------------

    def get(self, aggregate_id: UUID, kind: type[GttAggregate] | None = None, version: int | None = None) -> GttAggregate:
        try:
            agg: GttAggregate = self.repository.get(aggregate_id, version=version)
        except AggregateNotFoundError:
            raise NotFoundError(kind.KIND if kind else "aggregate", aggregate_id) from None
        if kind is not None and not isinstance(agg, kind):
            raise NotFoundError(kind.KIND, aggregate_id)
        return agg


__all__ = ["GttApplication", "BatchError", "PydanticValidationError", "system_clock"]

