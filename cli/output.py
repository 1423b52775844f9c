"""Printing rows: one ``--format`` option for every command, one ``render`` for every format.

* ``json``: a list of objects keyed by the stable column names (never translated);
  dates ISO 8601, Decimals as strings, ids as strings.
* ``csv``: a header of the same stable names, then one line per row.
* ``table``: translated headers (``--lang``), cells wrapped so lines fit the terminal
  (80 columns when not on a terminal); bold headers only when colour is on.

When ``--format`` is not given the default is ``table`` on a terminal and ``json``
otherwise, so pipes and scripts get machine-readable output.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import shutil
import sys
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar
from uuid import UUID

import click
from gtt_cli.i18n import label

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
    return json.dumps(jsonable(value), ensure_ascii=False, indent=2)


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
) -> str:
    """Rows as text in ``fmt`` (no trailing newline)."""
    rows = list(rows)
    if fmt == "json":
        return to_json([{c: row.get(c) for c in columns} for row in rows])
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([cell_text(row.get(c)) for c in columns])
        return buf.getvalue().rstrip("\n")
    if fmt == "table":
        return table(rows, columns, lang, color=color, width=width or terminal_width())
    raise ValueError(f"unknown format {fmt!r}")


def emit(text: str) -> None:
    click.echo(text)


def terminal_width() -> int:
    if sys.stdout.isatty():
        return max(40, shutil.get_terminal_size((80, 24)).columns)
    return 80


# --- table layout ----------------------------------------------------------------------

SEP = "  "
MIN_WIDTH = 6
MAX_WORD = 20  # longer words (ids, long JSON tokens) may be split


def display_width(text: str) -> int:
    """Terminal columns: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, width: int) -> list[str]:
    """Wrap at spaces where possible, else mid-word, by display width."""
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split(" "):
            candidate = f"{line} {word}" if line else word
            if display_width(candidate) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            for ch in word:
                if line and display_width(line + ch) > width:
                    lines.append(line)
                    line = ""
                line += ch
        lines.append(line)
    return lines or [""]


def pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def fit(natural: list[int], minimum: list[int], available: int) -> list[int]:
    """Column widths for ``available`` columns.

    Every column first gets its longest word (so words are not split), then the spare
    room is shared in proportion to what each still lacks; when even the words do not
    fit, the widest columns shrink first.
    """
    if sum(natural) <= available:
        return list(natural)
    widths = [min(n, m) for n, m in zip(natural, minimum, strict=True)]
    spare = available - sum(widths)
    if spare <= 0:
        while sum(widths) > available:
            widest = max(range(len(widths)), key=lambda i: widths[i])
            if widths[widest] <= MIN_WIDTH:
                break
            widths[widest] -= 1
        return widths
    lacking = [n - w for n, w in zip(natural, widths, strict=True)]
    total = sum(lacking)
    widths = [w + lack * spare // total for w, lack in zip(widths, lacking, strict=True)]
    order = sorted(range(len(widths)), key=lambda i: natural[i] - widths[i], reverse=True)
    for i in order[: available - sum(widths)]:
        widths[i] += 1
    return widths


def longest_word(text: str) -> int:
    return min(MAX_WORD, max((display_width(w) for w in text.split()), default=0))


def table(
    rows: list[Mapping[str, Any]], columns: Sequence[str], lang: str, *, color: bool, width: int
) -> str:
    headers = [label(c, lang) for c in columns]
    cells = [[cell_text(row.get(c), compact_time=True) for c in columns] for row in rows]
    numeric = [
        all(isinstance(row.get(c), int | Decimal | float) and not isinstance(row.get(c), bool)
            for row in rows if row.get(c) is not None)
        for c in columns
    ]
    natural = [display_width(h) for h in headers]
    minimum = [longest_word(h) for h in headers]
    for row in cells:
        for j, text in enumerate(row):
            natural[j] = max(natural[j], *(display_width(line) for line in text.split("\n")))
            minimum[j] = max(minimum[j], longest_word(text))
    widths = fit(natural, minimum, width - len(SEP) * (len(columns) - 1))
    out: list[str] = []

    def add(row: Sequence[str], style: bool, right: Sequence[bool]) -> None:
        wrapped = [wrap(text, w) for text, w in zip(row, widths, strict=True)]
        for i in range(max(len(w) for w in wrapped)):
            parts = [
                pad(lines[i] if i < len(lines) else "", w, r)
                for lines, w, r in zip(wrapped, widths, right, strict=True)
            ]
            line = SEP.join(parts).rstrip()
            out.append(click.style(line, bold=True) if style else line)

    add(headers, color, [False] * len(columns))
    out.append(SEP.join("-" * w for w in widths))
    for row in cells:
        add(row, False, numeric)
    return "\n".join(out)
