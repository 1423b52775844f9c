"""Printing rows: one ``--format`` option for every command, one ``render`` for every format.

* ``json``: a list of objects keyed by the stable column names (never translated);
  dates ISO 8601, Decimals as strings, ids as strings.
* ``csv``: a header of the same stable names, then one line per row; a UTF-8 BOM first
  (so Excel reads Chinese), except on a terminal.
* ``table``: rich tables with headers and coded values in ``--lang``, short ids (8 hex
  digits) and cells folded so lines fit the terminal (80 columns when not on a terminal),
  CJK characters counted double; bold headers only when colour is on.

When ``--format`` is not given the default is ``table`` on a terminal and ``json``
otherwise, so pipes and scripts get machine-readable output.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar
from uuid import UUID

import click
import orjson
from gtt_cli.i18n import header, shown_value

FORMATS = ("table", "json", "csv")
F = TypeVar("F", bound=Callable[..., Any])


def format_option(*, formats: Sequence[str] = FORMATS, default: str | None = None) -> click.Option:
    """The ``--format`` option (its value reaches the command as ``fmt``)."""

    def resolve(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str:
        if value:
            return value
        if default:
            return default
        return "table" if sys.stdout.isatty() else "json"

    auto = "table on a terminal, json otherwise"
    return click.Option(
        ["--format", "fmt"], type=click.Choice(list(formats)), default=None, callback=resolve,
        help=f"Output format [default: {default or auto}].",
    )


def output_options(
    fn: F | None = None, *, formats: Sequence[str] = FORMATS, default: str | None = None
) -> Any:
    """Decorator: the shared output options (``--format``) for a command that prints rows."""

    def deco(f: F) -> F:
        click_params = getattr(f, "__click_params__", None)
        if click_params is None:
            click_params = []
            f.__click_params__ = click_params  # type: ignore[attr-defined]
        click_params.append(format_option(formats=formats, default=default))
        return f

    return deco(fn) if fn is not None else deco


#: the ``--output FILE`` option of commands that can write a file (xlsx needs one on a terminal)
output_file_option = click.option(
    "--output", "-o", "output", type=click.Path(dir_okay=False, allow_dash=True), default=None,
    help="Write to this file instead of standard output (needed for xlsx on a terminal).")

#: UTF-8 byte-order mark: Excel (Chinese Windows above all) reads UTF-8 CSV only with it
BOM = "\ufeff"


def csv_text(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], *, bom: bool) -> str:
    buf = io.StringIO()
    if bom:
        buf.write(BOM)
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell_text(row.get(c)) for c in columns])
    return buf.getvalue().rstrip("\n")


def emit_rows(rows: list[Mapping[str, Any]], columns: Sequence[str], fmt: str, lang: str, color: bool,
              output: str | None) -> None:
    """Rows in ``fmt`` to ``output`` (a file) or standard output."""
    if output in (None, "-"):
        click.echo(render(rows, columns, fmt, lang, color=color))
        return
    text = render(rows, columns, fmt, lang, color=False, width=120, bom=True)
    with open(output, "w", encoding="utf-8", newline="") as f:
        f.write(text + "\n")


def jsonable(value: Any) -> Any:
    """A JSON-ready copy: ISO dates, Decimal as str, UUID as str, sets sorted."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Enum):
        return jsonable(value.value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | UUID | timedelta):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((jsonable(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return str(value)


def to_json(value: Any) -> str:
    """Indented JSON as ``json.dumps(…, ensure_ascii=False, indent=2)`` writes it (but for a
    tiny float's exponent, ``1e-7`` not ``1e-07``): the stdlib's indented encoder is pure
    Python and takes seconds over an audit's findings."""
    try:  # orjson walks dicts, lists, dates, UUIDs and enums itself; the rest comes to _default
        return orjson.dumps(value, default=_default, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode()
    except TypeError:  # an integer beyond 64 bits: the stdlib takes anything
        return json.dumps(jsonable(value), ensure_ascii=False, indent=2)


def _default(value: Any) -> Any:
    """What orjson does not encode itself, as :func:`jsonable` renders it."""
    if isinstance(value, Decimal | timedelta):
        return str(value)
    if isinstance(value, set | frozenset):
        return jsonable(value)
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, tuple):
        return list(value)
    return str(value)


def cell_text(value: Any, *, compact_time: bool = False) -> str:
    """A cell for csv/table: empty for None, compact JSON for structures."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if compact_time and isinstance(value, datetime):
        if value.utcoffset() == timedelta(0) and value.time() == datetime.min.time():
            return value.date().isoformat()  # a day's start (``EventMeta.effective_on``)
        text = value.isoformat(sep=" ", timespec="seconds")
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    data = jsonable(value)
    if isinstance(data, str):
        return data
    return json.dumps(data, ensure_ascii=False, separators=(", ", ": "))


def render(
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[str],
    fmt: str,
    lang: str = "en",
    *,
    color: bool = False,
    width: int | None = None,
    short_ids: bool = True,
    bom: bool | None = None,
) -> str:
    """Rows as text in ``fmt`` (no trailing newline). Tables show labels, names and short
    ids; JSON and CSV keep the stable names, codes and full ids. CSV starts with a UTF-8
    BOM unless it goes to a terminal (``bom=None``) or ``bom=False``."""
    rows = list(rows)
    if fmt == "json":
        return to_json([{c: row.get(c) for c in columns} for row in rows])
    if fmt == "csv":
        return csv_text(rows, columns, bom=not sys.stdout.isatty() if bom is None else bom)
    if fmt == "table":
        return table(rows, columns, lang, color=color, width=width or terminal_width(),
                     short_ids=short_ids)
    raise ValueError(f"unknown format {fmt!r}")


def emit(text: str) -> None:
    click.echo(text)


def terminal_width() -> int:
    if sys.stdout.isatty():
        return max(40, shutil.get_terminal_size((80, 24)).columns)
    return 80


# --- tables ---------------------------------------------------------------------------


def cell_len(text: str) -> int:
    """Terminal cells of one line (rich's measure; rich is imported only to draw tables)."""
    from rich.cells import cell_len as measure

    return measure(text)


def display_width(text: str) -> int:
    """Terminal columns: wide (CJK) characters take two (rich's measure)."""
    return max((cell_len(line) for line in text.split("\n")), default=0)


def short_id(value: Any) -> Any:
    """The first 8 hex digits of an id (what tables show; commands accept it back)."""
    if isinstance(value, UUID):
        return str(value)[:8]
    if isinstance(value, str) and len(value) == 36 and value.count("-") == 4:
        return value[:8]
    return value


def table_cell(column: str, value: Any, lang: str, *, short_ids: bool) -> str:
    if short_ids and (column == "id" or column.endswith("_id")):
        value = short_id(value)
    return cell_text(shown_value(column, value, lang), compact_time=True)


def fold_header(text: str, width: int) -> str:
    """A header on as many lines as it needs to be about ``width`` wide: split at spaces, or
    between CJK characters when it has none (``出勤天数`` -> ``出勤\\n天数``)."""
    if cell_len(text) <= width:
        return text
    if " " not in text:  # Chinese: lines of equal length (实习\n单位, not 实习单\n位)
        lines = -(-cell_len(text) // max(width, 2))
        step = -(-len(text) // lines)
        return "\n".join(text[i:i + step] for i in range(0, len(text), step))
    parts = text.split(" ")
    joiner = " " if " " in text else ""
    lines: list[str] = []
    line = ""
    for part in parts:
        candidate = f"{line}{joiner}{part}" if line else part
        if line and cell_len(candidate) > width:
            lines.append(line)
            line = part
        else:
            line = candidate
    lines.append(line)
    return "\n".join(lines)


#: a number as text (``3``, ``-1.50``, ``12.5%``, ``1,024``): aligned right like numbers
NUMBER = re.compile(r"[-+]?\d[\d,]*(\.\d+)?%?")
#: narrowest a column of text is squeezed to before single-token columns give way
MIN_TEXT = 10
#: longest word a column of text keeps whole while others can give way
MAX_WORD = 20
#: widest a single token may be and still keep its column unbroken
MAX_TOKEN = 24


def allot(natural: list[int], minimum: list[int], text: list[bool], budget: int) -> list[int]:
    """Column widths summing to at most ``budget`` where possible, giving way in turn:
    columns of text down to ``minimum``; single-token columns down to their values (their
    headers fold); text down to a few characters; last, tokens fold too. The widest column
    gives way first in each turn."""
    n = range(len(natural))
    widths = list(natural)
    phases = (
        [minimum[j] if text[j] else widths[j] for j in n],
        [minimum[j] for j in n],
        [min(minimum[j], 6) if text[j] else minimum[j] for j in n],
        [min(minimum[j], 6) if text[j] else min(minimum[j], 4) for j in n],
    )
    for floor in phases:
        while sum(widths) > budget:
            movable = [j for j in n if widths[j] > floor[j]]
            if not movable:
                break
            widest = max(movable, key=lambda j: widths[j])
            others = [widths[j] for j in movable if widths[j] < widths[widest]]
            target = max(max(others, default=floor[widest]), floor[widest])
            widths[widest] -= max(1, min(sum(widths) - budget, widths[widest] - target))
    return widths


def header_minimum(title: str) -> int:
    """Narrowest a header folds to: its longest word; a header without spaces (Chinese)
    of up to three characters stays whole, a longer one folds in half (``出勤\\n天数``)."""
    if " " in title:
        return max(display_width(w) for w in title.split(" "))
    width = display_width(title)
    return width if width <= 6 else max(4, (width + 3) // 4 * 2)


def table(
    rows: list[Mapping[str, Any]], columns: Sequence[str], lang: str, *, color: bool, width: int,
    short_ids: bool = True,
) -> str:
    """A rich table that fits ``width`` terminal columns (CJK counted double).

    Columns of single tokens (ids, dates, numbers, codes) keep their width and fold their
    header instead; columns of text (names, explanations) wrap at spaces and give way
    first; a word longer than its column folds, so nothing is cut off.
    """
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    cells = [[table_cell(c, row.get(c), lang, short_ids=short_ids) for c in columns] for row in rows]
    titles: list[str] = []
    natural: list[int] = []
    minimum: list[int] = []
    text: list[bool] = []
    numeric: list[bool] = []
    for j, c in enumerate(columns):
        values = [row.get(c) for row in rows if row.get(c) is not None]
        texts = [line[j] for line in cells]
        numeric.append(bool(values) and all(
            (isinstance(v, int | Decimal | float) and not isinstance(v, bool))
            or NUMBER.fullmatch(t) is not None for v, t in zip(values, (x for x in texts if x), strict=False)))
        widest = max((display_width(t) for t in texts), default=0)
        is_text = not texts or widest > MAX_TOKEN or any(" " in t or "\n" in t for t in texts)
        title = header(c, lang)
        titles.append(title)
        text.append(is_text)
        natural.append(max(widest, display_width(title)))
        words = max((display_width(w) for t in texts for w in t.split()), default=0)
        minimum.append(max(min(words, MAX_WORD), min(natural[-1], MIN_TEXT), header_minimum(title)) if is_text
                       else max(widest, header_minimum(title)))
    gaps = 2 * (len(columns) - 1)  # one space of padding and the separator between columns
    widths = allot(natural, minimum, text, width - gaps)
    grid = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0),
                 header_style="bold" if color else "", expand=False)
    for title, w, right in zip(titles, widths, numeric, strict=True):
        grid.add_column(Text(fold_header(title, w)), justify="right" if right else "left", overflow="fold",
                        width=max(w, 1))
    for line in cells:
        grid.add_row(*(Text(t) for t in line))
    buf = io.StringIO()
    console = Console(file=buf, width=max(width, sum(widths) + gaps), color_system="standard" if color else None,
                      force_terminal=color, no_color=not color, highlight=False, emoji=False,
                      markup=False, legacy_windows=False, soft_wrap=False)
    console.print(grid)
    return "\n".join(line.rstrip() for line in buf.getvalue().rstrip("\n").split("\n"))
