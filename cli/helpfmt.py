"""Help in the language of the run: a click help formatter that, for ``--lang zh``, swaps
each paragraph, option text and heading for its Chinese entry (:mod:`gtt_cli.help_zh`) and
wraps by terminal cells (a Chinese character takes two).

Every ``gtt`` command gets :class:`GttClickContext` (whose formatter this is) when the root
group hands it out, so commands written anywhere need nothing special. Texts without an
entry are shown in English; a test keeps the catalogue complete.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import click
from gtt_cli.help_zh import (
    BRACKETS,
    EXPORT_SHORT,
    EXPORT_SHORT_ZH,
    EXPORT_TABLE,
    EXPORT_TABLE_ZH,
    HEADINGS,
    OPTIONS,
    PARAGRAPHS,
    USAGE,
)
from gtt_cli.i18n import current_language, header
from rich.cells import cell_len


def collapse(text: str) -> str:
    return " ".join(text.split())


def paragraphs(text: str) -> list[tuple[bool, str]]:
    """``(verbatim, text)`` per paragraph; ``\\b`` blocks keep their lines (click's rule)."""
    out = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.strip("\n").splitlines()
        if not lines:
            continue
        if lines[0].strip() == "\b":
            out.append((True, "\n".join(line.rstrip() for line in lines[1:])))
        else:
            out.append((False, collapse(block)))
    return out


def paragraph_zh(verbatim: bool, text: str) -> str | None:
    """The Chinese for one paragraph, ``None`` when the catalogue has none."""
    if verbatim:
        lines = text.splitlines()
        if lines and lines[0].strip() in USAGE:  # an example block: commands stay as written
            return "\n".join([USAGE[lines[0].strip()], *lines[1:]])
        key = "\n".join(line.strip() for line in lines)
        return PARAGRAPHS.get(key)
    found = PARAGRAPHS.get(text)
    if found is not None:
        return found
    m = EXPORT_TABLE.fullmatch(text)
    return EXPORT_TABLE_ZH.format(*m.groups()) if m else None


def option_zh(text: str) -> str | None:
    """The Chinese for an option's help: whole, or its sentence and bracketed notes apart."""
    text = collapse(text)
    if text in OPTIONS:
        return OPTIONS[text]
    notes = []
    while True:
        m = re.search(r"\s*(\[[^\[\]]*\])\s*$", text)
        if m is None:
            break
        notes.insert(0, m.group(1))
        text = text[: m.start()].rstrip()
    parts = []
    rest = text
    for suffix in ("Repeat for several.", "JSON."):  # what gtt_cli.fields.describe appends
        if rest.endswith(suffix) and rest != suffix:
            parts.insert(0, OPTIONS[suffix])
            rest = rest[: -len(suffix)].rstrip()
    if rest:
        main = OPTIONS.get(rest)
        if main is None:
            return None
        parts.insert(0, main)
    for note in notes:
        for pattern, zh in BRACKETS:
            m = pattern.fullmatch(note)
            if m:
                parts.append(zh.format(*m.groups()))
                break
        else:
            return None
    return "".join(parts) if parts else None


def short_help_zh(text: str) -> str | None:
    """A command's short help (click cuts the first sentence with ``...``) in Chinese."""
    m = EXPORT_SHORT.fullmatch(text)
    if m:
        return EXPORT_SHORT_ZH.format(*m.groups())
    stem = text[:-3].rstrip() if text.endswith("...") else text.rstrip(".")
    for english, zh in PARAGRAPHS.items():
        if english.startswith(stem):
            return zh
    return None


#: punctuation that never starts a line (it stays with what it closes)
CLOSING = frozenset("，。；：、）］」』”’！？%")


def wrap_cells(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` cells: break at spaces, or between CJK characters."""
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for token in re.findall(r"[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]+|\s+", para):
            if token.isspace():
                if line:
                    line += " "
                continue
            if line and cell_len(line + token) > width and token not in CLOSING:
                lines.append(line.rstrip())
                line = token
            else:
                line += token
        lines.append(line.rstrip())
    return lines


class GttHelpFormatter(click.HelpFormatter):
    """click's formatter, speaking the run's language."""

    @property
    def zh(self) -> bool:
        return current_language() == "zh"

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if self.zh:
            for english, zh in USAGE.items():
                args = args.replace(english, zh)
            prefix = USAGE["Usage: "]
        super().write_usage(prog, args, prefix)

    def write_heading(self, heading: str) -> None:
        if not self.zh:
            super().write_heading(heading)
            return
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    @contextmanager
    def section(self, name: str) -> Iterator[None]:
        with super().section(HEADINGS.get(name, name) if self.zh else name):
            yield

    def write_text(self, text: str) -> None:
        if not self.zh:
            super().write_text(text)
            return
        indent = " " * self.current_indent
        room = max(self.width - self.current_indent, 20)
        for n, (verbatim, para) in enumerate(paragraphs(text)):
            if n:
                self.write("\n")
            shown = paragraph_zh(verbatim, para) or para
            lines = shown.splitlines() if verbatim else wrap_cells(shown, room)
            for line in lines:
                self.write(f"{indent}{line}\n" if line else "\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        if not self.zh:
            super().write_dl(rows, col_max, col_spacing)
            return
        rows = list(rows)
        first = min(max((cell_len(term) for term, _ in rows), default=0), col_max) + col_spacing
        room = max(self.width - first - self.current_indent, 16)
        for term, text in rows:
            self.write(f"{'':>{self.current_indent}}{term}")
            shown = self.definition(term, text)
            if not shown:
                self.write("\n")
                continue
            lines = wrap_cells(shown, room)
            if cell_len(term) <= first - col_spacing:
                self.write(" " * (first - cell_len(term)))
            else:
                self.write("\n" + " " * (first + self.current_indent))
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(f"{'':>{first + self.current_indent}}{line}\n")

    @staticmethod
    def definition(term: str, text: str) -> str:
        if not text:
            return text
        if term.startswith("-"):
            zh = option_zh(text)
            if zh is not None and re.fullmatch(r"(［[^］]*］)+", zh):  # only notes: lead with the field's label
                name = term.split()[0].split(",")[0].lstrip("-").replace("-", "_")
                label = header(name, "zh")
                zh = f"{label} {zh}" if label != name else zh
            return zh or text
        return short_help_zh(text) or text


class GttClickContext(click.Context):
    formatter_class = GttHelpFormatter


def adopt(cmd: click.Command) -> click.Command:
    """Give ``cmd`` and its subcommands the formatter (idempotent; not language-specific)."""
    cmd.context_class = GttClickContext
    for sub in getattr(cmd, "commands", {}).values():
        adopt(sub)
    return cmd


def texts_of(cmd: click.Command) -> Iterator[tuple[str, Any]]:
    """Every help paragraph and option text of ``cmd`` and its subcommands (for the test)."""
    import inspect

    for text in (cmd.help, cmd.epilog):
        if text:
            for verbatim, para in paragraphs(inspect.cleandoc(text).partition("\f")[0]):
                yield "paragraph", (verbatim, para)
    for p in cmd.params:
        if isinstance(p, click.Option) and p.help:
            yield "option", p.help
    for sub in getattr(cmd, "commands", {}).values():
        yield from texts_of(sub)
