"""Excel output (``--format xlsx``) with xlsxwriter: typed cells for people who live in Excel.

Headers and coded values are labelled in ``--lang`` (like tables; JSON and CSV keep the
stable names and codes), ids are whole, numbers are numbers, dates are dates, shares are
percentages, the header row is frozen and filterable. ``constant_memory`` mode writes each
row as it comes, so exporting a large read table holds one row at a time.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from gtt_cli.errors import InvalidInput
from gtt_cli.i18n import header, shown_value
from gtt_cli.output import cell_len, cell_text

#: Excel's limits: a sheet name and a cell's text
MAX_SHEET_NAME = 31
MAX_CELL_TEXT = 32767
MAX_ROWS = 1_048_576


@dataclass
class Sheet:
    """One worksheet: its rows (any iterable, consumed once) and how to show them."""

    name: str
    columns: Sequence[str]
    rows: Iterable[Mapping[str, Any]]
    #: columns holding ratios (0..1), shown as percentages
    percent: frozenset[str] = frozenset()
    #: a row key naming the columns of that row that hold ratios (a column of mixed metrics)
    percent_cells: str | None = None


#: worksheet names (``--lang``)
SHEET_NAMES: dict[str, tuple[str, str]] = {
    "findings": ("Findings", "审计发现"), "scorecards": ("Scorecards", "评估记分卡"),
}


def sheet_name(key: str, lang: str) -> str:
    pair = SHEET_NAMES.get(key)
    name = key if pair is None else (pair[1] if lang == "zh" else pair[0])
    return "".join(ch for ch in name if ch not in "[]:*?/\\")[:MAX_SHEET_NAME]


def excel_value(value: Any) -> Any:
    """A value xlsxwriter writes with its type: numbers, dates and times (UTC, naive), text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        if value.tzinfo is not None:  # Excel has no zones: UTC, as the header of a *_at column says
            value = (value - (value.utcoffset() or timedelta(0))).replace(tzinfo=None)
        return value
    if isinstance(value, date):
        return value
    if isinstance(value, UUID):
        return str(value)
    return cell_text(value)


def write_workbook(path: str, sheets: Sequence[Sheet], lang: str) -> list[int]:
    """Write ``sheets`` to the file ``path``; the number of rows written to each."""
    import xlsxwriter  # only when a workbook is asked for

    book = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_numbers": False,
                                      "strings_to_formulas": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True, "bg_color": "#F3F6FA", "border": 1, "text_wrap": True,
                            "valign": "top"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    moment = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    percent = book.add_format({"num_format": "0.0%"})
    counts: list[int] = []
    for sheet in sheets:
        ws = book.add_worksheet(sheet.name[:MAX_SHEET_NAME])
        titles = [header(c, lang) for c in sheet.columns]
        widths = [min(60, max(8, cell_len(t) + 2)) for t in titles]
        ws.write_row(0, 0, titles, bold)
        ws.freeze_panes(1, 0)
        n = 0
        for n, row in enumerate(sheet.rows, start=1):  # noqa: B007
            if n >= MAX_ROWS:
                raise InvalidInput(f"more than {MAX_ROWS - 1:,} rows: too many for one Excel sheet; use --format csv")
            ratio_cells = row.get(sheet.percent_cells) if sheet.percent_cells else None
            for j, c in enumerate(sheet.columns):
                raw = row.get(c)
                value = excel_value(shown_value(c, raw, lang))
                if value is None:
                    continue
                if isinstance(value, str):
                    value = value[:MAX_CELL_TEXT]
                    ws.write_string(n, j, value)
                    widths[j] = min(60, max(widths[j], cell_len(value) + 2))
                elif isinstance(value, datetime):
                    ws.write_datetime(n, j, value, moment)
                    widths[j] = max(widths[j], 20)
                elif isinstance(value, date):
                    ws.write_datetime(n, j, datetime(value.year, value.month, value.day), day)
                    widths[j] = max(widths[j], 12)
                elif isinstance(value, bool):
                    ws.write_boolean(n, j, value)
                elif c in sheet.percent or (isinstance(ratio_cells, Mapping) and ratio_cells.get(c)):
                    ws.write_number(n, j, value, percent)
                else:
                    ws.write_number(n, j, value)
        for j, w in enumerate(widths):
            ws.set_column(j, j, w)
        if sheet.columns:
            ws.autofilter(0, 0, max(n, 1), len(sheet.columns) - 1)
        counts.append(n)
    book.close()
    return counts


def write_xlsx(output: str | None, sheets: Sequence[Sheet], lang: str) -> list[int]:
    """Write the workbook to ``output``, or to standard output when that is not a terminal."""
    if output not in (None, "-"):
        return write_workbook(str(output), sheets, lang)
    if sys.stdout.isatty():
        raise InvalidInput("--format xlsx writes a binary file: give --output FILE (or redirect the output)")
    with tempfile.TemporaryDirectory(prefix="gtt-xlsx-") as tmp:
        path = os.path.join(tmp, "out.xlsx")
        counts = write_workbook(path, sheets, lang)
        sys.stdout.flush()
        with open(path, "rb") as f:
            shutil.copyfileobj(f, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    return counts
