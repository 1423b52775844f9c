"""Process a run of notifications for one projection in one transaction — or, with
:func:`run_page`, for every projection of a page in one transaction.

Order inside the transaction: claim the range (compare-and-set of the tracking
position), run the handlers into a :class:`RowWriter`, flush it with executemany, park
dead letters, commit. Any exception before the commit rolls everything back, so rows
and position always agree.

:func:`run_page` does the same for several projections whose views share one database
(a page of a rebuild: 17 projections, one commit instead of 17). It first claims every
projection's range, in the order of their tracking tables (two runners never wait on
each other crosswise), then runs each projection's handlers and flushes its rows and
dead letters in turn, and commits once: each projection's position still moves in the
same transaction as its rows. The hooks ``batch_committed`` run after that commit,
``batch_failed`` after a rollback. A handler that raises is parked for its projection
as below. Anything that would make one projection's batch redo or isolate events — a
constraint violated at flush, another runner holding a position
(:class:`~gtt_projections.view.TrackingConflictError`), a database error met by a
handler — rolls the whole page back and raises :class:`SharedPageFailed`; the caller
then runs the page projection by projection with :func:`run_batch`, which isolates as
described below, so one projection's trouble never costs another its rows.

An event that cannot be decrypted or decoded (wrong key, unknown topic, damaged payload)
stops the projection: :class:`~gtt_domain.domain.errors.UnreadableEventError` names its
position and cause, the batch is rolled back and the position stays before it, so once
the cause is fixed the next run reads it. It is never parked: parking it would move the
position past an event whose facts the tables then silently lack.

Poison events — events that decode but whose handler fails — are parked, not skipped
silently and not allowed to stop the read side:

* an event whose handler raises is parked in ``projection_dead_letters`` in the same
  transaction (its partial row changes undone);
* if the flush itself violates a constraint (``IntegrityError``/``DataError``), the batch
  is rolled back and redone one event per transaction; the event whose flush fails is
  parked alone.

Infrastructure errors (lost connection, lock timeout) and ``BaseException`` propagate:
nothing is parked for them, and the next run retries from the recorded position.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import DataError, IntegrityError, Notification
from gtt_projections.projection import GttProjection
from gtt_projections.view import TrackingConflictError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from gtt_domain.domain.errors import UnreadableEventError

Decode = Callable[[Notification], Any]
_INFRASTRUCTURE = (OperationalError, InterfaceError)


@dataclass
class BatchResult:
    position: int
    applied: int = 0
    parked: int = 0


class PageDecoder:
    """Decodes each notification of a page at most once, whichever projections need it."""

    def __init__(self, to_domain_event: Callable[[Notification], Any]):
        self._decode = to_domain_event
        self._cache: dict[int, Any] = {}

    def __call__(self, n: Notification) -> Any:
        try:
            found = self._cache[n.id]
        except KeyError:
            try:
                found = self._decode(n)
            except Exception as e:  # wrong key, unknown topic, bad payload: stop here
                found = _Undecodable(UnreadableEventError(n.id, n.topic, e))
            self._cache[n.id] = found
        if isinstance(found, _Undecodable):
            raise found.error
        return found

    def error(self, n: Notification) -> UnreadableEventError | None:
        """Why ``n`` cannot be decoded, or None when it can."""
        try:
            self(n)
        except UnreadableEventError as e:
            return e
        return None


@dataclass
class _Undecodable:
    error: UnreadableEventError


def dead_letter(projection: str, n: Notification, error: BaseException) -> dict[str, Any]:
    return {
        "projection": projection,
        "position": n.id,
        "event_id": f"{n.originator_id}:{n.originator_version}",
        "aggregate_id": str(n.originator_id),
        "topic": n.topic,
        "error": f"{type(error).__name__}: {error}"[:2000],
    }


def run_batch(
    projection: GttProjection, app_name: str, expected: int | None,
    page: Sequence[Notification], decode: Decode,
) -> BatchResult:
    """Apply ``page`` (ids after ``expected``) and move the position to its last id."""
    try:
        return _attempt(projection, app_name, expected, page, decode)
    except TrackingConflictError:
        raise
    except (IntegrityError, DataError) as e:
        if len(page) > 1:
            return _one_by_one(projection, app_name, expected, page, decode)
        return _park_alone(projection, app_name, expected, page[0], e)


def _attempt(
    projection: GttProjection, app_name: str, expected: int | None,
    page: Sequence[Notification], decode: Decode,
) -> BatchResult:
    result = BatchResult(position=page[-1].id)
    rows = projection.writer(expected)
    parked: list[dict[str, Any]] = []
    try:
        _run(projection, app_name, expected, page, decode, rows, result, parked)
    except BaseException:
        projection.batch_failed()
        raise
    projection.batch_committed(rows, result.position)
    result.parked = len(parked)
    return result


def _run(projection: GttProjection, app_name: str, expected: int | None, page: Sequence[Notification],
         decode: Decode, rows: Any, result: BatchResult, parked: list[dict[str, Any]]) -> None:
    view = projection.view
    with view.transaction(commit=True) as session:
        view.advance(session, app_name, expected, result.position)
        _apply(projection, session, page, decode, rows, result, parked)


def _apply(projection: GttProjection, session: Any, page: Sequence[Notification], decode: Decode,
           rows: Any, result: BatchResult, parked: list[dict[str, Any]], *, shared: bool = False) -> None:
    """Run the handlers of ``page`` into ``rows``, flush them and park the poison events,
    in the transaction of ``session`` (the range already claimed)."""
    rows._session = session
    handles = projection.handles
    wanted = {t for t in {n.topic for n in page} if handles(t)}
    handler = projection.handler
    for n in page:
        if n.topic not in wanted:
            continue
        rows.begin_event()
        rows.position = n.id
        try:
            event = decode(n)
            handler(type(event))(event, rows)
        except (*_INFRASTRUCTURE, UnreadableEventError):
            raise
        except DBAPIError as e:
            if shared:  # the statement may have spoilt the shared transaction: redo alone
                raise SharedPageFailed(projection.name, e) from e
            rows.undo_event()
            parked.append(dead_letter(projection.name, n, e))
        except Exception as e:
            rows.undo_event()
            parked.append(dead_letter(projection.name, n, e))
        else:
            rows.end_event()
            result.applied += 1
    rows.flush(session)
    projection.view.park(session, parked)


class SharedPageFailed(Exception):
    """A page shared by several projections was rolled back; run it one projection at a time."""

    def __init__(self, projection: str | None, cause: BaseException):
        super().__init__(f"{projection or 'page'}: {type(cause).__name__}: {cause}")
        self.projection = projection
        self.cause = cause


@dataclass
class Job:
    """One projection's part of a page: the events after its position ``expected``."""

    projection: GttProjection
    expected: int | None
    page: Sequence[Notification]


def shares_transaction(jobs: Sequence[Job]) -> bool:
    """Whether ``jobs`` can run in one transaction: their views use one datastore."""
    return len({id(j.projection.view.datastore) for j in jobs}) == 1


def run_page(app_name: str, jobs: Sequence[Job], decode: Decode) -> list[BatchResult]:
    """Apply every job in one transaction (see module doc); one result per job, in order.
    Raises :class:`SharedPageFailed` (rolled back) when the page must be redone with
    :func:`run_batch` per projection; infrastructure errors and undecodable events
    propagate, rolled back."""
    assert jobs and shares_transaction(jobs)
    datastore = jobs[0].projection.view.datastore
    results = [BatchResult(position=j.page[-1].id) for j in jobs]
    writers: list[Any] = []
    try:
        with datastore.transaction(commit=True) as session:
            for j in sorted(jobs, key=lambda j: j.projection.view.tracking_table_name):
                j.projection.view.advance(session, app_name, j.expected, j.page[-1].id)
            for j, result in zip(jobs, results, strict=True):
                rows = j.projection.writer(j.expected)
                writers.append(rows)
                parked: list[dict[str, Any]] = []
                _apply(j.projection, session, j.page, decode, rows, result, parked, shared=True)
                result.parked = len(parked)
    except BaseException as e:
        for j in jobs[:len(writers)]:  # the others' caches were not touched
            j.projection.batch_failed()
        if isinstance(e, (IntegrityError, DataError)):  # includes TrackingConflictError
            raise SharedPageFailed(None, e) from e
        raise
    for j, rows, result in zip(jobs, writers, results, strict=True):
        j.projection.batch_committed(rows, result.position)
    return results


def _one_by_one(
    projection: GttProjection, app_name: str, expected: int | None,
    page: Sequence[Notification], decode: Decode,
) -> BatchResult:
    total = BatchResult(position=page[-1].id)
    position = expected
    for n in page:
        r = run_batch(projection, app_name, position, [n], decode)
        total.applied += r.applied
        total.parked += r.parked
        position = r.position
    return total


def _park_alone(
    projection: GttProjection, app_name: str, expected: int | None, n: Notification, error: Exception,
) -> BatchResult:
    view = projection.view
    with view.transaction(commit=True) as session:
        view.advance(session, app_name, expected, n.id)
        view.park(session, [dead_letter(projection.name, n, error)])
    return BatchResult(position=n.id, parked=1)
