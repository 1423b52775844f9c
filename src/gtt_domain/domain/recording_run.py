"""RecordingRun: the journal of one bulk recording — an import of one file, or the demo.

An import writes a large file in many transactions. Its run notes the file's digest
when the write pass starts (``RunStarted``), then, *in the same transaction as each
batch of rows*, the last line of the file that batch covered (``BatchCommitted``), and
finally ``RunCompleted``. So after a crash the store holds exactly the rows of the
committed batches and a run that says how far it got; the same import again resumes
after that line (docs/import.md). The demo records a run started and completed in its
last transaction: a demo without it was interrupted.

A run is bookkeeping about recording, not a fact about cooperation: the audits and read
tables ignore it. It holds no personal data.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import event

from gtt_domain.domain.base import GttAggregate, natural_id
from gtt_domain.domain.meta import EventMeta

#: ``source`` of a run: what is being recorded
SOURCES = ("import", "demo")


def import_run_id(kind: str, digest: str, attempt: int) -> UUID:
    """The ``attempt``-th run (from 1) importing a file with this SHA-256 ``digest`` as ``kind``.

    A later attempt exists only once the earlier one completed, so the same file imported
    again after an interruption finds and resumes the same, open run."""
    return natural_id("recording_run", f"import:{kind}:{digest}:{attempt}")


def demo_run_id() -> UUID:
    """The demo's run (one per store: the demo is recorded once)."""
    return natural_id("recording_run", "demo")


class RecordingRun(GttAggregate):
    KIND = "recording_run"

    class RunStarted(GttAggregate.Created):
        source: str
        kind: str
        name: str
        digest: str
        rows: int
        attempt: int
        meta: EventMeta

    class BatchCommitted(GttAggregate.Event):
        through_line: int
        recorded: int
        skipped: int
        meta: EventMeta

    class RunCompleted(GttAggregate.Event):
        recorded: int
        skipped: int
        rejected: int
        meta: EventMeta

    @classmethod
    def start(cls, id: UUID, source: str, kind: str, name: str, digest: str, rows: int,  # noqa: A002
              attempt: int, meta: EventMeta) -> RecordingRun:
        """``rows``: how many rows the run means to record (the file's rows less bad ones)."""
        if source not in SOURCES:
            raise ValueError(f"unknown source {source!r}")
        if rows < 0 or attempt < 1:
            raise ValueError("rows must be >= 0 and attempt >= 1")
        return cls(id=id, source=source, kind=kind, name=name, digest=digest, rows=rows,
                   attempt=attempt, meta=meta)

    @event(RunStarted)
    def __init__(self, id: UUID, source: str, kind: str, name: str, digest: str, rows: int,  # noqa: A002
                 attempt: int, meta: EventMeta) -> None:
        self.source = source
        self.kind = kind
        self.name = name
        self.digest = digest
        self.rows = rows
        self.attempt = attempt
        self.started_at: datetime = meta.recorded_at
        #: the last line of the file covered by a committed batch (0: none yet)
        self.through_line = 0
        self.recorded = 0
        self.skipped = 0
        self.batches = 0
        self.completed_at: datetime | None = None
        self.rejected = 0

    @property
    def completed(self) -> bool:
        return self.completed_at is not None

    def commit_batch(self, through_line: int, recorded: int, skipped: int, meta: EventMeta) -> None:
        """Note a batch saved in the same transaction: lines up to ``through_line`` are done."""
        if self.completed:
            self.refuse("commit-batch", "the run is already completed")
        if through_line <= self.through_line:
            self.refuse("commit-batch", f"line {through_line} is not after line {self.through_line}, "
                                        "which an earlier batch already covered")
        if recorded < 0 or skipped < 0:
            self.refuse("commit-batch", "row counts cannot be negative")
        self._batch_committed(through_line, recorded, skipped, meta)

    @event(BatchCommitted)
    def _batch_committed(self, through_line: int, recorded: int, skipped: int, meta: EventMeta) -> None:
        self.through_line = through_line
        self.recorded += recorded
        self.skipped += skipped
        self.batches += 1

    def complete(self, rejected: int, meta: EventMeta) -> None:
        """The run is done: every row was recorded, found already recorded or rejected
        (the event states the totals of its batches)."""
        if self.completed:
            self.refuse("complete", "the run is already completed")
        if rejected < 0:
            self.refuse("complete", "row counts cannot be negative")
        self._run_completed(self.recorded, self.skipped, rejected, meta)

    @event(RunCompleted)
    def _run_completed(self, recorded: int, skipped: int, rejected: int, meta: EventMeta) -> None:
        self.completed_at = meta.recorded_at
        self.recorded = recorded
        self.skipped = skipped
        self.rejected = rejected
