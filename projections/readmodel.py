"""The read side's entry point: catch up, rebuild, follow and report status.

    rm = ReadModel(app)                 # read tables in the event database
    rm.catch_up()                       # everything pending, in batches
    rm.rebuild(["institutions"], progress=lambda pos, head: ...)
    rm.follow(stop=threading.Event())   # LISTEN/NOTIFY on PostgreSQL, polling on SQLite
    rm.status()                         # position, head, lag, versions, dead letters

Notifications are read once per page and decoded once per event, then every projection
that is behind takes its slice, all in one transaction on the read database
(``gtt_projections.batch.run_page``; one transaction each when a slice must be isolated).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from threading import Event
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import Notification
from gtt_projections.aside import Aside
from gtt_projections.batch import (
    BatchResult,
    Job,
    PageDecoder,
    SharedPageFailed,
    run_batch,
    run_page,
    shares_transaction,
)
from gtt_projections.config import open_datastore, read_database_url
from gtt_projections.projection import GttProjection
from gtt_projections.registry import registered
from gtt_projections.view import ReadView, TrackingConflictError
from pydantic import BaseModel

from gtt_domain.application.config import is_read_only
from gtt_domain.domain.errors import UnreadableEventError
from gtt_domain.heap import collector_paused

DEFAULT_BATCH_SIZE = 1000
#: a rebuild reads bigger pages: fewer transactions and statements
REBUILD_BATCH_SIZE = 5000
Progress = Callable[[int, int], None]


class ProjectionStatus(BaseModel):
    """One projection's state; JSON field names are stable (see README)."""

    name: str
    version: int
    stored_version: int | None
    needs_rebuild: bool
    position: int
    head: int
    lag: int
    dead_letters: int


@dataclass
class CatchUpReport:
    """What a catch-up did, per projection."""

    applied: dict[str, int] = field(default_factory=dict)
    parked: dict[str, int] = field(default_factory=dict)
    rebuilt: list[str] = field(default_factory=list)

    @property
    def total_applied(self) -> int:
        return sum(self.applied.values())


class ReadModel:
    """The projections of one application, materialised in one read database."""

    def __init__(
        self,
        app: Application[Any],
        read_url: str | None = None,
        *,
        projections: Iterable[type[GttProjection]] | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ):
        self.app = app
        self.read_url = read_database_url(getattr(app, "url", ""), read_url)
        self.batch_size = batch_size
        self.datastore = open_datastore(self.read_url)
        #: a read-only SQLite file: the tables are read as they stand, never created or caught up
        self.read_only = is_read_only(self.read_url)
        classes = list(projections) if projections is not None else registered()
        self.projections: dict[str, GttProjection] = {}
        for cls in classes:
            view = ReadView(self.datastore, tracking_table_name=f"{cls.name}_tracking")
            if not self.read_only:
                view.create_table()
                view.create_tables(cls.tables)  # so queries work before the first catch-up
            self.projections[cls.name] = cls(view, prepare=False)

    # --- lifecycle -------------------------------------------------------------------

    def close(self) -> None:
        if self.datastore.engine is not None:
            self.datastore.engine.dispose()  # type: ignore[union-attr]

    def __enter__(self) -> ReadModel:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def connect(self) -> Any:
        """A SQLAlchemy connection to the read database (``with rm.connect() as c:``)."""
        assert self.datastore.engine is not None
        return self.datastore.engine.connect()

    def select(self, names: Sequence[str] | None = None) -> list[GttProjection]:
        if not names:
            return list(self.projections.values())
        unknown = [n for n in names if n not in self.projections]
        if unknown:
            raise KeyError(f"unknown projection(s): {', '.join(unknown)}; known: {', '.join(self.projections)}")
        return [self.projections[n] for n in names]

    # --- modes -----------------------------------------------------------------------

    def catch_up(
        self, names: Sequence[str] | None = None, *, batch_size: int | None = None,
        progress: Progress | None = None,
    ) -> CatchUpReport:
        """Process everything pending; first rebuild projections whose version changed.
        On a read-only store nothing is processed (the tables are read as they stand)."""
        selected = self.select(names)
        report = CatchUpReport()
        if self.read_only:
            return report
        for p in selected:
            if p.needs_rebuild():
                p.reset()
                report.rebuilt.append(p.name)
        try:
            self._pages(selected, batch_size or self.batch_size, progress, report)
        finally:  # indexes a reset (here, or in a run killed before this point) left out
            for p in selected:
                p.create_indexes()
        return report

    def _pages(self, selected: Sequence[GttProjection], limit: int, progress: Progress | None,
               report: CatchUpReport) -> None:
        """Process every page after the lowest position among ``selected``."""
        positions = self._positions(selected)
        while True:
            start = min((v or 0 for v in positions.values()), default=0)
            page = self.app.recorder.select_notifications(start=start, limit=limit, inclusive_of_start=False)
            if not page:
                break
            with collector_paused():
                self.process_page(selected, positions, page, report)
            if progress is not None:
                progress(page[-1].id, max(page[-1].id, self.head()))
            if len(page) < limit:
                break

    def rebuild(
        self, names: Sequence[str] | None = None, *, batch_size: int | None = None,
        progress: Progress | None = None,
    ) -> CatchUpReport:
        """Replay every event from the start, in batches. Projections that read their tables
        by primary key only are rebuilt aside and swapped in when done (readers never see a
        half-built table, ``gtt_projections.aside``); the others are rebuilt in place."""
        selected = self.select(names)
        report = CatchUpReport()
        if self.read_only:
            return report
        aside = [Aside(self.datastore, p) for p in selected if p.defer_indexes]
        in_place = [p for p in selected if not p.defer_indexes]
        for p in in_place:
            p.reset()
        limit = batch_size or max(self.batch_size, REBUILD_BATCH_SIZE)
        try:
            self._pages([*in_place, *(a.projection for a in aside)], limit, progress, report)
        finally:
            for p in in_place:
                p.create_indexes()
        for a in aside:
            a.swap(self.app.name)
        for counts in (report.applied, report.parked):
            for a in aside:
                if a.projection.name in counts:
                    counts[a.live.name] = counts.pop(a.projection.name)
        report.rebuilt = [p.name for p in selected]
        return report

    def follow(
        self, names: Sequence[str] | None = None, *, stop: Event | None = None,
        timeout: float | None = None, poll_interval: float = 0.5,
        batch_size: int | None = None, on_batch: Callable[[CatchUpReport], None] | None = None,
        on_retry: Callable[[str], None] | None = None,
    ) -> int:
        """Keep processing new events until ``stop`` is set or ``timeout`` seconds pass;
        after a lost connection, reconnect with backoff (``on_retry`` gets one line per
        attempt; default: a warning in the ``gtt_projections.follow`` log)."""
        from gtt_projections.follow import follow

        return follow(self, names, stop=stop or Event(), timeout=timeout, poll_interval=poll_interval,
                      batch_size=batch_size or self.batch_size, on_batch=on_batch, on_retry=on_retry)

    def wait_for(self, position: int | None, names: Sequence[str] | None = None, *,
                 timeout: float = 10.0, poll_interval: float = 0.05) -> None:
        """Read-your-writes: block until the projections have processed ``position`` (what
        ``app.handle()`` returned as ``.position``); ``ReadSideTimeout`` after ``timeout`` s."""
        from gtt_projections.consistency import wait_for

        wait_for(self, position, names, timeout=timeout, poll_interval=poll_interval)

    def status(self, names: Sequence[str] | None = None) -> list[ProjectionStatus]:
        """How far each projection is. Reads only: on a read-only store, tables never built
        count as empty (position 0, no stored version) instead of being created."""
        head = self.head()
        have = self._existing_tables() if self.read_only else None
        out = []
        for p in self.select(names):
            def present(table: str) -> bool:
                return have is None or table in have

            stored = p.view.stored_version(p.name) if present("projection_versions") else None
            tracked = present(p.view.tracking_table_name)
            position = (p.view.max_tracking_id(self.app.name) or 0) if tracked else 0
            dead = p.view.dead_letter_count(p.name) if present("projection_dead_letters") else 0
            out.append(ProjectionStatus(
                name=p.name, version=p.version, stored_version=stored,
                needs_rebuild=stored != p.version, position=position, head=head,
                lag=max(head - position, 0), dead_letters=dead,
            ))
        return out

    def _existing_tables(self) -> set[str]:
        from sqlalchemy import inspect

        assert self.datastore.engine is not None
        return set(inspect(self.datastore.engine).get_table_names())

    # --- shared machinery --------------------------------------------------------------

    def head(self) -> int:
        return self.app.recorder.max_notification_id() or 0

    def _positions(self, selected: Iterable[GttProjection]) -> dict[str, int | None]:
        return {p.name: p.view.max_tracking_id(self.app.name) for p in selected}

    def process_page(
        self, selected: Sequence[GttProjection], positions: dict[str, int | None],
        page: Sequence[Notification], report: CatchUpReport,
    ) -> None:
        """Give each projection the part of ``page`` after its position: all of them in one
        transaction when they share the read database, else (or when that page fails in a
        way one projection must isolate) one transaction each (``gtt_projections.batch``)."""
        decode = PageDecoder(self.app.mapper.to_domain_event)
        unreadable: UnreadableEventError | None = None
        bad_by_topic = self._undecodable(selected, page, decode)
        first, last = page[0].id, page[-1].id
        jobs: list[Job] = []
        for p in selected:
            pos = positions[p.name]
            if pos is not None and pos >= last:
                continue
            part = page if pos is None or pos < first else [n for n in page if n.id > pos]
            # an event that cannot be decoded: apply what comes before it, then stop there
            bad = min((e for t, errors in bad_by_topic.items() if p.handles(t)
                       for e in errors if (e.position or 0) > (pos or 0)),
                      key=lambda e: e.position or 0, default=None)
            if bad is not None:
                if unreadable is None or (bad.position or 0) < (unreadable.position or 0):
                    unreadable = bad
                part = [n for n in part if n.id < (bad.position or 0)]
            if part:
                jobs.append(Job(p, pos, part))
        if len(jobs) > 1 and shares_transaction(jobs):
            try:
                results = run_page(self.app.name, jobs, decode)
            except SharedPageFailed:
                self._one_each(jobs, positions, decode, report)  # isolates what failed
            else:
                for job, result in zip(jobs, results, strict=True):
                    self._count(job.projection, result, positions, report)
        else:
            self._one_each(jobs, positions, decode, report)
        if unreadable is not None:
            raise unreadable

    @staticmethod
    def _undecodable(selected: Sequence[GttProjection], page: Sequence[Notification],
                     decode: PageDecoder) -> dict[str, list[UnreadableEventError]]:
        """The events of ``page`` that cannot be decoded, by topic, among the topics some
        projection in ``selected`` wants (a record nobody wants is never decoded)."""
        wanted = {t for t in {n.topic for n in page} if any(p.handles(t) for p in selected)}
        found: dict[str, list[UnreadableEventError]] = {}
        for n in page:
            if n.topic in wanted and (e := decode.error(n)) is not None:
                found.setdefault(n.topic, []).append(e)
        return found

    def _one_each(self, jobs: Sequence[Job], positions: dict[str, int | None], decode: PageDecoder,
                  report: CatchUpReport) -> None:
        """Each job in a transaction of its own."""
        for job in jobs:
            p = job.projection
            try:
                result = run_batch(p, self.app.name, job.expected, job.page, decode)
            except TrackingConflictError:  # another runner did it: resume from its position
                positions[p.name] = p.view.max_tracking_id(self.app.name)
                continue
            self._count(p, result, positions, report)

    @staticmethod
    def _count(p: GttProjection, result: BatchResult, positions: dict[str, int | None],
               report: CatchUpReport) -> None:
        positions[p.name] = result.position
        report.applied[p.name] = report.applied.get(p.name, 0) + result.applied
        report.parked[p.name] = report.parked.get(p.name, 0) + result.parked
