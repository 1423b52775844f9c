"""``import_file``: validate the whole file (pass 1), then write it in batches (pass 2).

Both passes stream the file, so memory does not grow with it: the within-file duplicate
check keeps one 64-bit digest per row in a temporary on-disk SQLite table (``_KeyIndex``),
not in RAM; only bad rows' problems are held (the first 1,000 reported). Pass 1 checks
every row with its command model, finds duplicated keys and checks that every external id
it refers to names an aggregate already in the store. With any bad row and no ``skip_bad``
nothing is written. Pass 2 skips rows already recorded (idempotent re-import) and
records the rest with ``app.handle_batch`` — one transaction per batch. A refusal by the
domain in pass 2 (e.g. attendance before the internship started) cancels that batch:
without ``skip_bad`` the import stops there (earlier batches stay recorded, re-running
the fixed file skips them); with ``skip_bad`` the row is rejected and the batch retried.

Pass 2 is journaled (``_Journal``): the file's :class:`RecordingRun` (keyed by kind and
SHA-256 of the file's bytes) notes, in the same transaction as each batch, the last line
that batch covered. An import that was interrupted (killed, disk full, connection lost,
conflicts that did not clear) is resumed by importing the same file again: lines up to
the run's last committed line are not read again. A write conflict is retried with
backoff (the batch re-checked against the newer state); when retries run out,
:class:`ImportInterrupted` says how far the run got.
"""

from __future__ import annotations

import csv
import hashlib
import random
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import PersistenceError
from eventsourcing.utils import resolve_topic

from gtt_domain.application.app import BatchError
from gtt_domain.application.retry import is_retryable
from gtt_domain.application.unit_of_work import UnitOfWork
from gtt_domain.domain.base import GttAggregate, natural_id
from gtt_domain.domain.errors import (
    ConflictError,
    DomainError,
    GttError,
    NotAuthorisedError,
    NotFoundError,
)
from gtt_domain.domain.meta import EventMeta
from gtt_domain.domain.recording_run import RecordingRun, import_run_id
from gtt_domain.imports.kinds import ImportKind, canonical_for
from gtt_domain.imports.lifecycle import IMPORT_KINDS
from gtt_domain.imports.problems import ProblemGroups
from gtt_domain.imports.reading import ImportFileError, RawRow, RowProblem, file_format, read_rows
from gtt_domain.imports.rows import ParsedRow, Reference, key_digest, parse

if TYPE_CHECKING:
    from gtt_domain.application.app import GttApplication

#: ``progress(phase, rows, total)``: called as rows are read ("validate", total unknown:
#: ``None``) and as batches are done ("write", total = the rows to write)
Progress = Callable[[str, int, "int | None"], None]

MAX_REPORTED = 1000
#: attempts per batch when another writer changed an aggregate first, and the backoff
#: (seconds: the wait before retry n is a random fraction of min(MAX_BACKOFF, BACKOFF * 2**n))
CONFLICT_ATTEMPTS = 8
BACKOFF = 0.05
MAX_BACKOFF = 2.0


class ImportInterrupted(GttError):
    """Pass 2 stopped part-way for a reason that is not the file's fault (retries exhausted,
    a storage fault): the batches before stay recorded and journaled; importing the same
    file again completes the run. ``cause`` is the last error."""

    def __init__(self, path: str, cause: BaseException, written: int, through_line: int,
                 attempts: int | None = None):
        self.path, self.cause, self.written, self.through_line = path, cause, written, through_line
        self.attempts = attempts
        why = (f"another writer kept changing the same records ({attempts} attempts)"
               if attempts is not None else str(cause))
        super().__init__(f"{path}: import interrupted: {why}; {written} row(s) recorded by this run"
                         f"{f' (lines up to {through_line} done)' if through_line else ''}; "
                         "import the same file again to continue")


@dataclass
class RowError:
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.reason}"


@dataclass
class ImportReport:
    """What an import did. ``errors`` holds the first 1,000 problems; ``bad_rows`` counts all."""

    kind: str
    path: str
    rows: int = 0
    bad_rows: int = 0
    written: int = 0
    skipped: int = 0
    rejected: int = 0
    batches: int = 0
    errors: list[RowError] = field(default_factory=list)
    rejects_path: str | None = None
    #: a domain refusal that stopped pass 2 (its batch was not recorded)
    refused: RowError | None = None
    #: every problem, once per distinct (column, reason) with its count and first lines
    problems: ProblemGroups = field(default_factory=ProblemGroups)
    #: SHA-256 of the file's bytes (what its recording run is keyed by)
    digest: str = ""
    #: an interrupted run this import resumed: the last line it had committed (else None)
    resumed_after: int | None = None
    #: write conflicts retried (each one re-checked its batch against the newer state)
    conflicts_retried: int = 0

    @property
    def ok(self) -> bool:
        return self.bad_rows == 0 and self.refused is None

    def add(self, line: int, problems: list[RowProblem]) -> None:
        for p in problems:
            self.problems.add(line, p.column, p.reason)
            if len(self.errors) < MAX_REPORTED:
                self.errors.append(RowError(line, p.column, p.reason))


def import_file(
    app: GttApplication,
    path: str | Path,
    kind: str,
    *,
    batch_size: int = 1000,
    skip_bad: bool = False,
    rejects: str | Path | None = None,
    fmt: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    progress: Progress | None = None,
    conflict_attempts: int = CONFLICT_ATTEMPTS,
    sleep: Callable[[float], None] = time.sleep,
    **meta: Any,
) -> ImportReport:
    """Import ``path`` as ``kind`` (see docs/import.md). ``meta`` goes to every event
    (``actor``, ``reason``, ``correlation_id``). ``encoding`` of a text file is detected
    when not given; ``sheet`` names a workbook's sheet (default: the first). Raises :class:`ImportFileError` when the
    file cannot be read at all (nothing is written then) and :class:`ImportInterrupted`
    when pass 2 stops part-way (the same call again completes the import)."""
    spec = IMPORT_KINDS.get(kind)
    if spec is None:
        raise GttError(f"unknown import kind {kind!r}; use one of {', '.join(IMPORT_KINDS)}")
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    if conflict_attempts < 1:
        raise ValueError("conflict_attempts must be at least 1")
    report = ImportReport(kind, str(path))
    fmt = Source(fmt, encoding, sheet)  # type: ignore[assignment]
    bad = _validate(app, spec, path, fmt, report, progress)  # bounded reads: refuses endless input
    if report.bad_rows and not skip_bad:
        return report
    report.digest = file_digest(path)  # after the bounded pass, so /dev/zero is never hashed
    meta.setdefault("correlation_id", f"import:{kind}:{Path(path).name}")
    meta.setdefault("reason", f"imported from {Path(path).name}")
    journal = _Journal(app, kind, Path(path).name, report.digest, report.rows - report.bad_rows)
    report.resumed_after = journal.resume_after or None
    writer = _Writer(app, spec, report, meta, progress, journal, conflict_attempts, sleep)
    reject_out = _Rejects(Path(rejects) if rejects else Path(f"{path}.rejects.csv")) if skip_bad else None
    try:
        batch: list[ParsedRow] = []
        last_line = 0
        for parsed in _rows(spec, path, fmt):
            line = parsed.raw.line
            if line <= journal.resume_after:  # committed by the interrupted run: not read again
                report.skipped += 0 if line in bad else 1
                if line in bad and reject_out is not None:
                    reject_out.write(parsed.raw, bad[line])
                continue
            last_line = line
            if line in bad:
                assert reject_out is not None
                reject_out.write(parsed.raw, bad[line])
                continue
            batch.append(parsed)
            if len(batch) >= batch_size:
                if not writer.flush(batch, reject_out, last_line):
                    return report
                batch = []
        if batch:
            if not writer.flush(batch, reject_out, last_line, last=True):
                return report
        writer.finish(last_line, reject_out.count if reject_out is not None else 0)
    finally:
        if reject_out is not None:
            report.rejected = reject_out.count
            report.rejects_path = str(reject_out.path)
            reject_out.close()
    return report


def file_digest(path: str | Path) -> str:
    """SHA-256 of the file's bytes, hex (streamed)."""
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError as e:
        raise ImportFileError(path, None, f"cannot read: {e.strerror or e}") from None


@dataclass(frozen=True)
class Source:
    """How to read the file: its format, text encoding and sheet (``None``: detected)."""

    fmt: str | None = None
    encoding: str | None = None
    sheet: str | None = None


def _rows(spec: ImportKind, path: str | Path, fmt: Any) -> Iterator[ParsedRow]:
    src = fmt if isinstance(fmt, Source) else Source(fmt)
    for raw in read_rows(path, canonical_for(spec), src.fmt, encoding=src.encoding, sheet=src.sheet):
        yield parse(spec, raw)


def _validate(app: GttApplication, spec: ImportKind, path: str | Path, fmt: Any,
              report: ImportReport, progress: Progress | None) -> dict[int, list[RowProblem]]:
    """Pass 1: every row, nothing written. Returns the problems of bad rows by line."""
    bad: dict[int, list[RowProblem]] = {}
    seen = _Existence(app)
    with _KeyIndex() as keys:
        for parsed in _rows(spec, path, fmt):
            report.rows += 1
            problems = list(parsed.problems)
            if parsed.ok:
                problems.extend(seen.missing(parsed.references, parsed.raw))
                keys.add(key_digest(spec, parsed), parsed.raw.line)
            if problems:
                bad[parsed.raw.line] = problems
                report.bad_rows += 1
                report.add(parsed.raw.line, problems)
            if progress is not None:
                progress("validate", 1, None)
        repeats = keys.repeats()
    for line in repeats:
        if line not in bad:
            report.bad_rows += 1
        problem = RowProblem(", ".join(spec.key), "repeats an earlier row of this file (same key)")
        bad.setdefault(line, []).append(problem)
        report.add(line, [problem])
    return bad


class _KeyIndex:
    """Row key digests by line, in a private temporary SQLite database (``connect("")``:
    on disk, deleted on close), so a file of any length is checked in bounded memory."""

    PAGE = 10_000

    def __init__(self) -> None:
        self.db = sqlite3.connect("")
        self.db.execute("CREATE TABLE keys (digest INTEGER NOT NULL, line INTEGER NOT NULL)")
        self.pending: list[tuple[int, int]] = []

    def __enter__(self) -> _KeyIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.db.close()

    def add(self, digest: int, line: int) -> None:
        # SQLite integers are signed 64-bit: shift the unsigned digest into range
        self.pending.append((digest - (1 << 63), line))
        if len(self.pending) >= self.PAGE:
            self._flush()

    def _flush(self) -> None:
        self.db.executemany("INSERT INTO keys VALUES (?, ?)", self.pending)
        self.pending = []

    def repeats(self) -> list[int]:
        """Lines whose key repeats an earlier line's, in file order."""
        self._flush()
        self.db.execute("CREATE INDEX keys_by_digest ON keys (digest, line)")
        rows = self.db.execute(
            "SELECT line FROM (SELECT line, ROW_NUMBER() OVER (PARTITION BY digest ORDER BY line) AS n "
            "FROM keys) WHERE n > 1 ORDER BY line")
        return [line for (line,) in rows]


class _Existence:
    """Does an external id name an aggregate of the right kind in the store? (cached)"""

    LIMIT = 100_000

    def __init__(self, app: GttApplication):
        self.app = app
        self.known: dict[UUID, str | None] = {}

    def kind_of(self, aggregate_id: UUID) -> str | None:
        if aggregate_id not in self.known:
            if len(self.known) >= self.LIMIT:
                self.known.clear()
            first = self.app.recorder.select_events(aggregate_id, lte=1, limit=1)
            cls = resolve_topic(first[0].topic) if first else None
            owner = sys.modules[cls.__module__] if cls is not None else None
            agg_cls = getattr(owner, cls.__qualname__.split(".")[0], None) if cls is not None else None
            self.known[aggregate_id] = getattr(agg_cls, "KIND", None)
        return self.known[aggregate_id]

    def missing(self, refs: list[Reference], raw: RawRow) -> Iterator[RowProblem]:
        for ref in refs:
            if self.kind_of(ref.id) != ref.target:
                yield RowProblem(raw.headers.get(ref.column, ref.column),
                                 f"no {ref.target} with external id {ref.external_id!r} is recorded "
                                 f"(import the {ref.target}s first)")


class _Journal:
    """The file's :class:`RecordingRun`: found (an open run is resumed) or started with the
    first batch that records something, and advanced in the same transaction as each batch."""

    def __init__(self, app: GttApplication, kind: str, name: str, digest: str, rows: int):
        self.app, self.kind, self.name, self.digest, self.rows = app, kind, name, digest, rows
        self.attempt = 1
        run: RecordingRun | None
        while True:  # the first run of this file that is not completed
            run = self._load(import_run_id(kind, digest, self.attempt))
            if run is None or not run.completed:
                break
            self.attempt += 1
        self.run_id = import_run_id(kind, digest, self.attempt)
        self.run: RecordingRun | None = run
        #: lines up to here were committed by an interrupted run of this file
        self.resume_after = run.through_line if run is not None else 0
        self._recorded_before = run.recorded if run is not None else 0

    def _load(self, run_id: UUID) -> RecordingRun | None:
        try:
            run: object = self.app.repository.get(run_id)
        except AggregateNotFoundError:
            return None
        assert isinstance(run, RecordingRun)
        return run

    def reload(self) -> None:
        """After a failed transaction: the run as stored (its in-memory events were lost)."""
        self.run = self._load(self.run_id)

    @property
    def recorded(self) -> int:
        """Rows this import recorded, as journaled (a batch whose commit succeeded counts even
        when an error followed it, e.g. a snapshot that did not fit on a full disk)."""
        return (self.run.recorded if self.run is not None else 0) - self._recorded_before

    @property
    def through_line(self) -> int:
        return self.run.through_line if self.run is not None else 0

    def entry(self, through_line: int, recorded: int, skipped: int, *, complete: bool = False,
              rejected: int = 0) -> Callable[[UnitOfWork, EventMeta], None]:
        """``handle_batch``'s ``journal``: start the run if it is not yet stored and note the batch."""

        def note(uow: UnitOfWork, meta: EventMeta) -> None:
            run = self.run
            if run is None and not uow.changed():
                return  # the batch's commands recorded nothing new (all as recorded): no run
            if run is None:
                run = RecordingRun.start(self.run_id, "import", self.kind, self.name, self.digest,
                                         self.rows, self.attempt, meta)
            run.commit_batch(through_line, recorded, skipped, meta)
            if complete:
                run.complete(rejected, meta)
            uow.add(run)
            self.run = run

        return note

    def complete(self, through_line: int, rejected: int) -> Callable[[UnitOfWork, EventMeta], None]:
        def note(uow: UnitOfWork, meta: EventMeta) -> None:
            assert self.run is not None
            if through_line > self.run.through_line:
                self.run.commit_batch(through_line, 0, 0, meta)
            self.run.complete(rejected, meta)
            uow.add(self.run)

        return note


class _Writer:
    """Pass 2: skip what is recorded already, record the rest one batch per transaction,
    retrying write conflicts with backoff."""

    def __init__(self, app: GttApplication, spec: ImportKind, report: ImportReport,
                 meta: dict[str, Any], progress: Progress | None, journal: _Journal,
                 attempts: int, sleep: Callable[[float], None]):
        self.app, self.spec, self.report, self.meta, self.progress = app, spec, report, meta, progress
        self.journal, self.attempts, self.sleep = journal, attempts, sleep
        self.total = report.rows - report.bad_rows
        self.completed = False

    def flush(self, batch: list[ParsedRow], rejects: _Rejects | None, through_line: int,
              last: bool = False) -> bool:
        conflicts = 0
        while True:
            if self.journal.through_line >= through_line:
                # another process running the same import committed this batch meanwhile
                self.report.skipped += len(batch)
                break
            loaded: dict[UUID, GttAggregate] = {}
            todo = [p for p in batch if not self._recorded(p, loaded)]
            skipped = len(batch) - len(todo)
            journal = None
            if todo or self.journal.run is not None:  # a run that has recorded nothing is not stored
                rejected = rejects.count if rejects is not None else 0
                journal = self.journal.entry(through_line, len(todo), skipped, complete=last,
                                             rejected=rejected)
            try:
                if journal is not None:
                    self.app.handle_batch([p.command for p in todo if p.command is not None],
                                          journal=journal, **self.meta)
            except (BatchError, DomainError, NotFoundError) as e:
                self.journal.reload()
                # a row's fact refused; a conflict or a refused actor is not a row's fault
                index, cause = (e.index, e.error) if isinstance(e, BatchError) else (0, e)
                if isinstance(cause, NotAuthorisedError):
                    raise cause from e
                if isinstance(cause, ConflictError):
                    conflicts = self._back_off(conflicts, cause)
                    continue
                row = todo[index]
                problem = RowProblem("-", f"refused: {cause}")
                if rejects is None:
                    self.report.refused = RowError(row.raw.line, problem.column, problem.reason)
                    return False
                rejects.write(row.raw, [problem])
                self.report.add(row.raw.line, [problem])
                batch = [p for p in batch if p is not row]
                continue
            except (ConflictError, PersistenceError) as e:
                self.journal.reload()
                if not is_retryable(e):
                    raise ImportInterrupted(self.report.path, e, self.journal.recorded,
                                            self.journal.through_line) from e
                conflicts = self._back_off(conflicts, e)
                continue
            self.report.written += len(todo)
            self.report.skipped += skipped
            if todo:
                self.report.batches += 1
            self.completed = last and journal is not None
            break
        if self.progress is not None:
            self.progress("write", len(batch), self.total)
        return True

    def _back_off(self, conflicts: int, error: BaseException) -> int:
        conflicts += 1
        self.report.conflicts_retried += 1
        if conflicts >= self.attempts:
            raise ImportInterrupted(self.report.path, error, self.journal.recorded,
                                    self.journal.through_line, attempts=conflicts) from error
        self.sleep(random.uniform(0, min(MAX_BACKOFF, BACKOFF * 2 ** conflicts)))
        return conflicts

    def finish(self, last_line: int, rejected: int) -> None:
        """Complete the run if one is stored and its last batch did not complete it."""
        if self.completed or self.journal.run is None or self.journal.run.completed:
            return
        conflicts = 0
        while True:
            try:
                self.app.handle_batch([], journal=self.journal.complete(
                    max(last_line, self.journal.through_line), rejected), **self.meta)
                return
            except (ConflictError, PersistenceError) as e:
                self.journal.reload()
                if self.journal.run is None or self.journal.run.completed:
                    return
                if not is_retryable(e):
                    raise ImportInterrupted(self.report.path, e, self.journal.recorded,
                                            self.journal.through_line) from e
                conflicts = self._back_off(conflicts, e)

    def _recorded(self, parsed: ParsedRow, loaded: dict[UUID, GttAggregate]) -> bool:
        cmd = parsed.command
        assert cmd is not None
        if self.spec.creates is not None:
            ext = getattr(cmd, "external_id", None)
            return ext is not None and bool(self.app.recorder.select_events(
                natural_id(self.spec.creates, ext), lte=1, limit=1))
        if self.spec.subject is None or self.spec.fact is None:
            return False  # the command itself records nothing twice (a calendar entry)
        subject = getattr(cmd, self.spec.refs[self.spec.subject].field)
        if subject not in loaded:
            loaded[subject] = self._load(subject)
        return self.spec.fact(loaded[subject], cmd)

    def _load(self, aggregate_id: UUID) -> GttAggregate:
        # once per batch: rows of one batch never repeat a fact (pass 1 refused duplicates)
        try:
            agg: GttAggregate = self.app.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise GttError(f"{aggregate_id} is not recorded") from None
        return agg


class _Rejects:
    """The reject file: ``line,column,reason`` and the row as it was written."""

    def __init__(self, path: Path):
        self.path = path
        self.count = 0
        self._out: TextIO | None = None
        self._writer: Any = None
        self._header: list[str] = []

    def write(self, raw: RawRow, problems: list[RowProblem]) -> None:
        if self._out is None:
            self._out = self.path.open("w", encoding="utf-8-sig", newline="")
            self._writer = csv.writer(self._out)
            self._header = list(raw.written)
            self._writer.writerow(["line", "column", "reason", *self._header])
        self._writer.writerow([raw.line, "; ".join(p.column for p in problems),
                               "; ".join(p.reason for p in problems),
                               *(raw.written.get(h, "") for h in self._header)])
        self.count += 1

    def close(self) -> None:
        if self._out is not None:
            self._out.close()


__all__ = ["ImportFileError", "ImportInterrupted", "ImportReport", "RowError", "file_digest", "file_format",
           "import_file"]
