"""Process a run of notifications for one projection in one transaction.

Order inside the transaction: claim the range (compare-and-set of the tracking
position), run the handlers into a :class:`RowWriter`, flush it with executemany, park
dead letters, commit. Any exception before the commit rolls everything back, so rows
and position always agree.

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
from sqlalchemy.exc import InterfaceError, OperationalError

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
        rows._session = session
        handles = projection.handles
        wanted = {t for t in {n.topic for n in page} if handles(t)}
        for n in page:
            if n.topic not in wanted:
                continue
            rows.begin_event()
            rows.position = n.id
            try:
                event = decode(n)
                projection.handler(type(event))(event, rows)
            except (*_INFRASTRUCTURE, UnreadableEventError):
                raise
            except Exception as e:
                rows.undo_event()
                parked.append(dead_letter(projection.name, n, e))
            else:
                rows.end_event()
                result.applied += 1
        rows.flush(session)
        view.park(session, parked)


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
