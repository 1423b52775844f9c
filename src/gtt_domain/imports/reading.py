"""Reading import files row by row (CSV as Excel saves it, or JSON Lines), never whole.

Both readers yield :class:`RawRow` with the line number a person sees in an editor, the
cells under their canonical column names, and the cells as written (for the reject file).
Blank cells mean "not given". A file that cannot be read on (broken CSV quoting, bytes
that are not UTF-8, a line or a value over the size limits) raises
:class:`ImportFileError` naming the line.

Input is bounded: no line is read past :data:`MAX_LINE_CHARS` characters and no value may
exceed :data:`MAX_FIELD_CHARS`, so memory stays bounded whatever the file holds (even
``/dev/zero``, which has no line end at all).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gtt_domain.domain.errors import GttError

#: the longest line read, in characters (without its line end); a row is far shorter
MAX_LINE_CHARS = 1_048_576
#: the longest value of one cell or JSON field, in characters
MAX_FIELD_CHARS = 65_536


class ImportFileError(GttError):
    """The file itself cannot be read (not a row's fault): nothing is written."""

    def __init__(self, path: Path | str, line: int | None, reason: str):
        self.path, self.line, self.reason = str(path), line, reason
        where = f"{path}: line {line}" if line else str(path)
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class RowProblem:
    """A reason a row cannot be imported; ``column`` is the name as written in the file."""

    column: str
    reason: str


@dataclass
class RawRow:
    line: int
    cells: dict[str, Any]  # canonical column -> value (blank cells left out)
    written: dict[str, Any] = field(default_factory=dict)  # as in the file, for rejects
    problems: list[RowProblem] = field(default_factory=list)  # problems found while reading
    headers: dict[str, str] = field(default_factory=dict)  # canonical -> as written


Canonical = Callable[[str], "str | None"]


def file_format(path: Path | str, fmt: str | None = None) -> str:
    """``csv`` or ``jsonl``: as given, else from the extension (``.jsonl``/``.ndjson``)."""
    if fmt:
        return fmt
    return "jsonl" if str(path).lower().endswith((".jsonl", ".ndjson")) else "csv"


def read_rows(path: Path | str, canonical: Canonical, fmt: str | None = None) -> Iterator[RawRow]:
    """Stream the rows of ``path``; ``canonical(header)`` maps a written header to a column
    name or ``None`` when the kind has no such column."""
    reader = _read_jsonl if file_format(path, fmt) == "jsonl" else _read_csv
    try:
        yield from reader(Path(path), canonical)
    except UnicodeDecodeError as e:
        raise ImportFileError(path, None, f"not UTF-8 text ({e.reason} at byte {e.start}); save as UTF-8") from None
    except OSError as e:
        raise ImportFileError(path, None, e.strerror or str(e)) from None


def _lines(path: Path, f: Any) -> Iterator[str]:
    """The file's lines, refusing one longer than :data:`MAX_LINE_CHARS` before reading
    more of it (``readline`` with a limit: a file without line ends cannot grow memory)."""
    number = 0
    while True:
        text = f.readline(MAX_LINE_CHARS + 2)
        if not text:
            return
        number += 1
        if len(text.rstrip("\r\n")) > MAX_LINE_CHARS:
            raise ImportFileError(path, number, f"longer than {MAX_LINE_CHARS:,} characters "
                                  "(the limit); is this really a CSV or JSON Lines file?")
        yield text


def _check_size(path: Path, line: int, column: str, value: Any) -> None:
    if isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
        raise ImportFileError(path, line, f"column {column!r} holds {len(value):,} characters; "
                              f"the limit is {MAX_FIELD_CHARS:,}")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _headers(path: Path, written: list[str], canonical: Canonical, line: int = 1) -> dict[str, str]:
    """Written header -> canonical column; unknown or repeated columns stop the import."""
    out: dict[str, str] = {}
    seen: dict[str, str] = {}
    for head in written:
        name = canonical(head)
        if name is None:
            raise ImportFileError(path, line, f"unknown column {head!r} (see docs/import.md)")
        if name in seen:
            raise ImportFileError(path, line, f"columns {seen[name]!r} and {head!r} are the same column {name!r}")
        seen[name] = head
        out[head] = name
    return out


def _read_csv(path: Path, canonical: Canonical) -> Iterator[RawRow]:
    # utf-8-sig drops the byte-order mark Excel writes; newline="" keeps quoted newlines
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(_lines(path, f), strict=True)
        try:
            header = next(reader, None)
            if header is None:
                raise ImportFileError(path, None, "the file is empty (no header line)")
            header = [h.strip() for h in header]
            for h in header:
                _check_size(path, 1, h[:20] + "…", h)
            names = _headers(path, header, canonical)
            line = reader.line_num
            for values in reader:
                start, line = line + 1, reader.line_num
                if not any(v.strip() for v in values):
                    continue  # blank line (Excel leaves some at the end)
                for head, value in zip(header, values, strict=False):
                    _check_size(path, start, head, value)
                yield _csv_row(start, header, names, values)
        except csv.Error as e:
            if "field larger than field limit" in str(e):  # a quoted value over many lines
                raise ImportFileError(path, reader.line_num, f"a value longer than {MAX_FIELD_CHARS:,} "
                                      "characters (the limit)") from None
            raise ImportFileError(path, reader.line_num, f"broken CSV ({e}); is the file truncated?") from None


def _csv_row(line: int, header: list[str], names: Mapping[str, str], values: list[str]) -> RawRow:
    row = RawRow(line, {}, dict(zip(header, values, strict=False)), headers={v: k for k, v in names.items()})
    if len(values) != len(header):
        what = "fewer" if len(values) < len(header) else "more"
        row.problems.append(RowProblem("-", f"{len(values)} values for {len(header)} columns ({what}); "
                                            "is the line cut short or a comma unquoted?"))
    for head, value in zip(header, values, strict=False):
        if not _blank(value):
            row.cells[names[head]] = value.strip()
    return row


def _read_jsonl(path: Path, canonical: Canonical) -> Iterator[RawRow]:
    with path.open(encoding="utf-8-sig") as f:
        for line, text in enumerate(_lines(path, f), start=1):
            if not text.strip():
                continue
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as e:
                yield RawRow(line, {}, {"row": text.rstrip("\n")},
                             [RowProblem("-", f"not a JSON object ({e.msg}); is the line cut short?")])
                continue
            if not isinstance(obj, dict):
                yield RawRow(line, {}, {"row": text.rstrip("\n")}, [RowProblem("-", "not a JSON object")])
                continue
            for key, value in obj.items():
                _check_size(path, line, str(key)[:40], key)
                _check_size(path, line, str(key)[:40], value)
            names = _headers(path, [str(k) for k in obj], canonical, line)
            row = RawRow(line, {}, {"row": text.rstrip("\n")}, headers={v: k for k, v in names.items()})
            for key, value in obj.items():
                if not _blank(value):
                    row.cells[names[str(key)]] = value.strip() if isinstance(value, str) else value
            yield row
