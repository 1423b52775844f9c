"""Reading import files row by row (CSV as Excel saves it, or JSON Lines), never whole.

Both readers yield :class:`RawRow` with the line number a person sees in an editor, the
cells under their canonical column names, and the cells as written (for the reject file).
Blank cells mean "not given". A file that cannot be read on (broken CSV quoting, bytes
that are not UTF-8, a line or a value over the size limits) raises
:class:`ImportFileError` naming the line.

Input is bounded: no line of a text file is read past :data:`MAX_LINE_CHARS` characters
and no value (CSV cell, JSON key or value, workbook cell) may exceed
:data:`MAX_FIELD_CHARS`, so memory stays bounded whatever a text file holds (even
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
from gtt_domain.imports.sources import (
    SNIFF_CHARS,
    SourceError,
    delimiter,
    detect_encoding,
    is_workbook,
    sheet_rows,
)

#: the longest line read from a text file, in characters (without its line end)
MAX_LINE_CHARS = 1_048_576
#: the longest value of one cell, JSON key or field, in characters
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
    """``csv``, ``jsonl`` or ``xlsx``: as given, else from the extension (``.jsonl``/``.ndjson``;
    ``.xlsx`` and the other workbooks, or a file whose bytes are a workbook's)."""
    if fmt:
        return fmt
    if str(path).lower().endswith((".jsonl", ".ndjson")):
        return "jsonl"
    return "xlsx" if is_workbook(Path(path)) else "csv"


def read_rows(path: Path | str, canonical: Canonical, fmt: str | None = None, *,
              encoding: str | None = None, sheet: str | None = None) -> Iterator[RawRow]:
    """Stream the rows of ``path``; ``canonical(header)`` maps a written header to a column
    name or ``None`` when the kind has no such column. ``encoding`` of a text file: detected
    when not given (UTF-8 with or without BOM, UTF-16 with BOM, GBK/GB18030); ``sheet`` of a
    workbook: its first when not given."""
    form = file_format(path, fmt)
    try:
        if form == "xlsx":
            yield from _read_sheet(Path(path), canonical, sheet)
            return
        used = encoding or ("utf-8-sig" if form == "jsonl" else detect_encoding(Path(path)))
        if form == "jsonl":
            yield from _read_jsonl(Path(path), canonical, used)
        else:
            yield from _read_csv(Path(path), canonical, used)
    except UnicodeDecodeError as e:
        what = f"{encoding} text" if encoding else "UTF-8 text"
        hint = "check --encoding" if encoding else "save as UTF-8"
        raise ImportFileError(path, None, f"not {what} ({e.reason} at byte {e.start}); {hint}") from None
    except LookupError:
        raise ImportFileError(path, None, f"unknown encoding {encoding!r} (e.g. utf-8, gbk, gb18030, big5)") from None
    except SourceError as e:
        raise ImportFileError(path, e.line, e.reason) from None
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


def _read_csv(path: Path, canonical: Canonical, encoding: str = "utf-8-sig") -> Iterator[RawRow]:
    # utf-8-sig drops the byte-order mark Excel writes; newline="" keeps quoted newlines
    with path.open(encoding=encoding, newline="") as f:
        first = f.readline(SNIFF_CHARS)  # bounded: a file without line ends is refused later
        f.seek(0)
        reader = csv.reader(_lines(path, f), strict=True, delimiter=delimiter(first.lstrip("\ufeff")))
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


#: rows above the header a sheet may have (a title such as "2025年岗位实习名单", a date line)
TITLE_ROWS = 5


def _sheet_header(path: Path, rows: Iterator[tuple[int, list[Any]]],
                  canonical: Canonical) -> tuple[int, list[str]]:
    """The header row: the first non-blank row, or, when a title stands above the table, the
    first of the next few rows whose every non-blank cell is a known column."""
    seen: list[tuple[int, list[str]]] = []
    for line, cells in rows:
        if all(_blank(v) for v in cells):
            continue
        header = [str(c).strip() if not _blank(c) else "" for c in cells]
        while header and not header[-1]:
            header.pop()  # cells right of the table that Excel kept as used
        seen.append((line, header))
        known = [h for h in header if h]
        if all(canonical(h) is not None for h in known) or len(seen) > TITLE_ROWS:
            break
    if not seen:
        raise ImportFileError(path, None, "the sheet is empty (no header row)")
    line, header = seen[-1]
    if any(h and canonical(h) is None for h in header):
        line, header = seen[0]  # no row of known columns: report the first row's unknown ones
    return line, header


def _read_sheet(path: Path, canonical: Canonical, sheet: str | None) -> Iterator[RawRow]:
    """A workbook's sheet (its header found by :func:`_sheet_header`); cells keep their types
    (dates, numbers), which :mod:`gtt_domain.imports.values` reads per column. A column with
    a blank header is ignored while its cells are blank."""
    rows = sheet_rows(path, sheet)
    line, header = _sheet_header(path, rows, canonical)
    for h in header:
        _check_size(path, line, h[:20] + "…", h)
    names = _headers(path, [h for h in header if h], canonical, line)
    for line, cells in rows:
        if all(_blank(c) for c in cells):
            continue
        for i, c in enumerate(cells):
            _check_size(path, line, header[i] if i < len(header) else f"#{i + 1}", c)
        row = RawRow(line, {}, {h: _shown(c) for h, c in zip(header, cells, strict=False) if h},
                     headers={v: k for k, v in names.items()})
        stray = sum(1 for i, c in enumerate(cells) if not _blank(c) and (i >= len(header) or not header[i]))
        if stray:
            row.problems.append(RowProblem("-", f"{stray} value(s) under no header"))
        for head, value in zip(header, cells, strict=False):
            if head and not _blank(value):
                row.cells[names[head]] = value.strip() if isinstance(value, str) else value
        yield row


def _shown(value: Any) -> Any:
    """A cell as the reject file shows it (a date as ISO text, 8.0 as 8)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value.isoformat() if hasattr(value, "isoformat") else value


def _read_jsonl(path: Path, canonical: Canonical, encoding: str = "utf-8-sig") -> Iterator[RawRow]:
    with path.open(encoding=encoding) as f:
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
