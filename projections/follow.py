"""Follow mode: keep the read tables current as events arrive, without a restart.

PostgreSQL: the event recorder's subscription (LISTEN/NOTIFY; eventsourcing pulls pages
when notified) feeds a queue; the follower drains up to a batch at a time, so a burst of
writes is still processed in few transactions. SQLite has no subscriptions in
eventsourcing 9.5, so the follower polls: catch up, and sleep ``poll_interval`` when
there was nothing to do.

Exactly-once does not depend on the follower being alone: every batch claims its range
by compare-and-set, so a concurrent catch-up (a query, another ``gtt projections run``)
only makes one of them skip the range the other already did.

A lost connection (the server restarted, ``pg_terminate_backend``, a network cut, a
lock or pool wait past ``GTT_DB_TIMEOUT``) does not end the follower (issue 17): it says
so on one line, waits (0.5 s, doubling to 30 s), and starts again — catch up from each
projection's *stored* position, then a new subscription. A batch interrupted mid-way was
rolled back with its position, so nothing is skipped or applied twice. Any other error
still ends it.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Sequence
from time import monotonic
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gtt_projections.readmodel import CatchUpReport, ReadModel

OnBatch = Callable[["CatchUpReport"], None] | None
#: told one line per reconnection attempt, and one when following again
OnRetry = Callable[[str], None] | None
log = logging.getLogger(__name__)
FIRST_DELAY, MAX_DELAY = 0.5, 30.0


def connection_lost(error: BaseException) -> bool:
    """Whether ``error`` (or what it wraps) is the database going away or not answering in
    time, rather than a fault of the follower or of an event."""
    import sqlite3

    from eventsourcing.persistence import InterfaceError, OperationalError
    from sqlalchemy.exc import InterfaceError as SAInterfaceError
    from sqlalchemy.exc import OperationalError as SAOperationalError

    from gtt_domain.application.errors import DatabaseTimeout

    kinds: tuple[type[BaseException], ...] = (
        OperationalError, InterfaceError, DatabaseTimeout, SAOperationalError, SAInterfaceError,
        sqlite3.OperationalError)
    try:
        import psycopg

        kinds += (psycopg.OperationalError, psycopg.InterfaceError)
    except ImportError:  # pragma: no cover - the postgres extra is not installed
        pass
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        e = pending.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, kinds):
            return True
        pending += [e.__cause__, e.__context__, getattr(e, "orig", None)]
    return False


def one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 160 else text[:157] + "..."


def follow(
    rm: ReadModel, names: Sequence[str] | None, *, stop: threading.Event, timeout: float | None,
    poll_interval: float, batch_size: int, on_batch: OnBatch, on_retry: OnRetry = None,
) -> int:
    """Follow until ``stop`` or ``timeout``; reconnect after a lost connection (see above)."""
    deadline = None if timeout is None else monotonic() + timeout
    say = on_retry or log.warning
    applied = [0]
    attempt = 0

    def counted(report: CatchUpReport) -> None:
        applied[0] += report.total_applied
        if on_batch:
            on_batch(report)

    def connected(position: int) -> None:
        nonlocal attempt
        if attempt:
            say(f"reconnected after {attempt} attempt(s); following from position {position}")
        attempt = 0

    while not stop.is_set():
        try:
            _follow(rm, names, stop, deadline, poll_interval, batch_size, counted, connected)
            break
        except Exception as e:
            if not connection_lost(e):
                raise
            attempt += 1
            left = _remaining(deadline)
            if left is not None and left <= 0:
                break
            delay = min(MAX_DELAY, FIRST_DELAY * 2 ** (attempt - 1))
            say(f"connection lost ({one_line(e)}); reconnecting in {delay:g} s (attempt {attempt})")
            stop.wait(delay if left is None else min(delay, left))
    return applied[0]


def _follow(
    rm: ReadModel, names: Sequence[str] | None, stop: threading.Event, deadline: float | None,
    poll_interval: float, batch_size: int, on_batch: Callable[[CatchUpReport], None],
    connected: Callable[[int], None],
) -> None:
    first = rm.catch_up(names, batch_size=batch_size)
    selected = rm.select(names)
    positions = rm._positions(selected)
    gt = min((v or 0 for v in positions.values()), default=0)
    connected(gt)  # the store answers again: said before the events it brought are reported
    if first.applied:
        on_batch(first)
    try:
        subscription = rm.app.recorder.subscribe(gt=gt)
    except NotImplementedError:
        log.info("following by polling every %ss (no subscriptions on this store)", poll_interval)
        _poll(rm, names, stop, deadline, poll_interval, batch_size, on_batch)
        return
    log.info("following by LISTEN/NOTIFY from position %s", gt)
    _listen(rm, subscription, positions, stop, deadline, batch_size, on_batch)


def _remaining(deadline: float | None) -> float | None:
    return None if deadline is None else deadline - monotonic()


def _poll(
    rm: ReadModel, names: Sequence[str] | None, stop: threading.Event, deadline: float | None,
    poll_interval: float, batch_size: int, on_batch: Callable[[CatchUpReport], None],
) -> None:
    while not stop.is_set():
        left = _remaining(deadline)
        if left is not None and left <= 0:
            break
        report = rm.catch_up(names, batch_size=batch_size)
        if report.applied:
            on_batch(report)
            continue
        stop.wait(poll_interval if left is None else min(poll_interval, left))


def _listen(
    rm: ReadModel, subscription: Any, positions: dict[str, int | None], stop: threading.Event,
    deadline: float | None, batch_size: int, on_batch: Callable[[CatchUpReport], None],
) -> None:
    """Use notifications as a wake-up only; read what to apply from the stored positions.

    Applying the subscription's own pages would go wrong when another runner claims part
    of a page first: this follower would jump past the rest of the page it already took
    off its queue, and the other runner may lose its claim on those events too. Catching
    up from each projection's *stored* position after every wake-up cannot skip.
    """
    names = list(positions)
    inbox: queue.Queue[Any] = queue.Queue(maxsize=batch_size * 4)
    pump_stop = threading.Event()
    pump = threading.Thread(target=_pump, args=(subscription, inbox, pump_stop), daemon=True)
    with subscription:
        pump.start()
        try:
            while not stop.is_set():
                left = _remaining(deadline)
                if left is not None and left <= 0:
                    break
                woken = _drain(inbox, batch_size * 4, 0.2 if left is None else min(0.2, left))
                if not woken:
                    continue
                report = rm.catch_up(names, batch_size=batch_size)
                if report.applied:
                    on_batch(report)
        finally:
            pump_stop.set()
            subscription.stop()
            pump.join()


def _pump(subscription: Any, inbox: queue.Queue[Any], pump_stop: threading.Event) -> None:
    """Move notifications from the subscription into ``inbox`` (an error too, last)."""
    try:
        for notification in subscription:
            if not _put(inbox, notification, pump_stop):
                return
    except BaseException as e:  # surfaced to the follower by _drain
        _put(inbox, e, pump_stop)


def _put(inbox: queue.Queue[Any], item: Any, pump_stop: threading.Event) -> bool:
    while not pump_stop.is_set():
        try:
            inbox.put(item, timeout=0.2)
            return True
        except queue.Full:
            continue
    return False


def _drain(inbox: queue.Queue[Any], limit: int, wait: float) -> list[Any]:
    try:
        first = inbox.get(timeout=wait)
    except queue.Empty:
        return []
    page = [first]
    while len(page) < limit:
        try:
            page.append(inbox.get_nowait())
        except queue.Empty:
            break
    for item in page:
        if isinstance(item, BaseException):
            raise item
    return page
