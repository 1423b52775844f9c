"""What an office's file is: a workbook (.xlsx and kin) or text in some encoding.

* :func:`is_workbook` — by the extension, or by the bytes (a ``.csv`` that is really a
  workbook saved under that name starts like a zip archive);
* :func:`sheet_rows` — the cells of a workbook's first sheet (or the one named), row by
  row with the row number Excel shows; dates come as dates, numbers as numbers;
* :func:`detect_encoding` — UTF-8 (with or without a byte-order mark), UTF-16 with a
  byte-order mark (Excel's "Unicode text"), else GB18030, the superset of GBK that Excel
  on Chinese Windows writes. The whole file is checked in 1 MiB pieces, so a GBK name on
  its last line is found; nothing is held.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path
from typing import Any

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # the old binary .xls
CHUNK = 1 << 20


class SourceError(ValueError):
    """The file cannot be read as what it claims to be; ``line`` when known."""

    def __init__(self, reason: str, line: int | None = None):
        self.reason, self.line = reason, line
        super().__init__(reason)


def is_workbook(path: Path) -> bool:
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        return True
    try:
        with path.open("rb") as f:
            head = f.read(4)
    except OSError:
        return False
    return head in (_ZIP, _OLE)


def sheet_rows(path: Path, sheet: str | None = None) -> Iterator[tuple[int, list[Any]]]:
    """``(row number, cells)`` of one sheet; blank cells are ``""``."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # pragma: no cover - a dependency of gtt-domain
        raise SourceError("reading workbooks needs the python-calamine package") from None
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as e:  # calamine's errors have no common base worth naming
        raise SourceError(f"not a readable workbook ({type(e).__name__}: {e})") from None
    try:
        names = book.sheet_names
        if sheet is not None and sheet not in names:
            raise SourceError(f"no sheet {sheet!r} (the workbook has {', '.join(map(repr, names))})")
        if not names:
            raise SourceError("the workbook has no sheet")
        ws = book.get_sheet_by_name(sheet) if sheet is not None else book.get_sheet_by_index(0)
        first = (ws.start or (0, 0))[0]  # a sheet whose used range starts below row 1
        for i, cells in enumerate(ws.iter_rows()):
            yield first + i + 1, list(cells)
    finally:
        book.close()


def detect_encoding(path: Path) -> str:
    """``utf-8-sig``, ``utf-16`` or ``gb18030`` (see the module's doc). A regular file is
    checked whole; anything else (a pipe, a device) by its first :data:`CHUNK` bytes, so
    detection never waits on endless input."""
    whole = path.is_file()
    with path.open("rb") as f:
        head = f.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        sample = b"" if whole else head + f.read(CHUNK - len(head))
        for encoding in ("utf-8-sig", "gb18030"):
            decoder = codecs.getincrementaldecoder(encoding)()
            try:
                if whole:
                    f.seek(0)
                    while chunk := f.read(CHUNK):
                        decoder.decode(chunk)
                    decoder.decode(b"", final=True)
                else:
                    decoder.decode(sample)  # not final: the sample may end inside a character
                return encoding
            except UnicodeDecodeError:
                continue
    raise SourceError("not UTF-8 or GBK/GB18030 text; give --encoding (e.g. big5)")


#: how much of the first line :func:`delimiter` looks at
SNIFF_CHARS = 65_536


def delimiter(first_line: str) -> str:
    """Tab for a tab-separated header (Excel's "Unicode text"), else comma."""
    return "\t" if "\t" in first_line and "," not in first_line else ","


__all__ = ["SourceError", "detect_encoding", "delimiter", "is_workbook", "sheet_rows"]
