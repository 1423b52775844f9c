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
"""

from __future__ import annotations

import csv
import sqlite3
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.utils import resolve_topic

from gtt_domain.application.app import BatchError
from gtt_domain.domain.base import GttAggregate, natural_id
from gtt_domain.domain.errors import (
    ConflictError,
    DomainError,
    GttError,
    NotAuthorisedError,
    NotFoundError,
)
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
    **meta: Any,
) -> ImportReport:
    """Import ``path`` as ``kind`` (see docs/import.md). ``meta`` goes to every event
    (``actor``, ``reason``, ``correlation_id``). ``encoding`` of a text file is detected
    when not given; ``sheet`` names a workbook's sheet (default: the first). Raises :class:`ImportFileError` when the
    file cannot be read at all (nothing is written then)."""
    spec = IMPORT_KINDS.get(kind)
    if spec is None:
        raise GttError(f"unknown import kind {kind!r}; use one of {', '.join(IMPORT_KINDS)}")
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    report = ImportReport(kind, str(path))
    fmt = Source(fmt, encoding, sheet)  # type: ignore[assignment]
    bad = _validate(app, spec, path, fmt, report, progress)
    if report.bad_rows and not skip_bad:
        return report
    meta.setdefault("correlation_id", f"import:{kind}:{Path(path).name}")
    meta.setdefault("reason", f"imported from {Path(path).name}")
    writer = _Writer(app, spec, report, meta, progress)
    reject_out = _Rejects(Path(rejects) if rejects else Path(f"{path}.rejects.csv")) if skip_bad else None
    try:
        batch: list[ParsedRow] = []
        for parsed in _rows(spec, path, fmt):
            if parsed.raw.line in bad:
                assert reject_out is not None
                reject_out.write(parsed.raw, bad[parsed.raw.line])
                continue
            batch.append(parsed)
            if len(batch) >= batch_size:
                if not writer.flush(batch, reject_out):
                    return report
                batch = []
        if batch:
            writer.flush(batch, reject_out)
    finally:
        if reject_out is not None:
            report.rejected = reject_out.count
            report.rejects_path = str(reject_out.path)
            reject_out.close()
    return report


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


class _Writer:
    """Pass 2: skip what is recorded already, record the rest one batch per transaction."""

    def __init__(self, app: GttApplication, spec: ImportKind, report: ImportReport,
                 meta: dict[str, Any], progress: Progress | None):
        self.app, self.spec, self.report, self.meta, self.progress = app, spec, report, meta, progress
        self.total = report.rows - report.bad_rows

    def flush(self, batch: list[ParsedRow], rejects: _Rejects | None) -> bool:
        loaded: dict[UUID, GttAggregate] = {}
        todo = [p for p in batch if not self._recorded(p, loaded)]
        self.report.skipped += len(batch) - len(todo)
        while todo:
            try:
                self.app.handle_batch([p.command for p in todo if p.command is not None], **self.meta)
            except (BatchError, DomainError, NotFoundError) as e:
                # a row's fact refused; a conflict or a refused actor is not a row's fault
                index, cause = (e.index, e.error) if isinstance(e, BatchError) else (0, e)
                if isinstance(cause, ConflictError | NotAuthorisedError):
                    raise cause from e
                row = todo[index]
                problem = RowProblem("-", f"refused: {cause}")
                if rejects is None:
                    self.report.refused = RowError(row.raw.line, problem.column, problem.reason)
                    return False
                rejects.write(row.raw, [problem])
                self.report.add(row.raw.line, [problem])
                del todo[index]
                continue
            self.report.written += len(todo)
            self.report.batches += 1
            break
        if self.progress is not None:
            self.progress("write", len(batch), self.total)
        return True

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


__all__ = ["ImportFileError", "ImportReport", "RowError", "file_format", "import_file"]
