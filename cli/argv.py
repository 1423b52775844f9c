"""``--lang`` and ``--format`` wherever a user puts them.

``gtt internships list --lang zh`` and ``gtt --format json internships list`` mean what
they say: before click parses anything, every ``--lang`` (before or after the command) is
moved to the root, where it also chooses the language of help texts and errors, and a
``--format`` given before the command is moved after it (only leaf commands print rows).
Arguments after ``--`` are never touched.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from gtt_cli.i18n import LANGS

#: root options that take a value (what the scan must skip over to find the command)
ROOT_VALUE_OPTIONS = ("--db", "--read-db", "--actor", "--lang")


def _take(args: list[str], name: str) -> tuple[list[str], list[str]]:
    """Remove ``name VALUE`` / ``name=VALUE`` from ``args``; (the rest, the values in order)."""
    rest: list[str] = []
    values: list[str] = []
    i = 0
    while i < len(args):
        token = args[i]
        if token == name and i + 1 < len(args):
            values.append(args[i + 1])
            i += 2
            continue
        if token.startswith(name + "="):
            values.append(token[len(name) + 1:])
        else:
            rest.append(token)
        i += 1
    return rest, values


def command_start(args: Sequence[str]) -> int:
    """Index of the first token that is not a root option or its value (the command name)."""
    i = 0
    while i < len(args):
        token = args[i]
        if token in ROOT_VALUE_OPTIONS or token == "--format":
            i += 2
        elif token.startswith("-"):
            i += 1
        else:
            return i
    return len(args)


def normalise(args: Sequence[str]) -> tuple[list[str], str | None]:
    """The arguments click should parse, and the ``--lang`` given (the last one), if any."""
    args = list(args)
    tail: list[str] = []
    if "--" in args:
        cut = args.index("--")
        args, tail = args[:cut], args[cut:]
    args, langs = _take(args, "--lang")
    start = command_start(args)
    root, rest = args[:start], args[start:]
    root, formats = _take(root, "--format")
    moved = [part for value in formats for part in ("--format", value)]
    lang = langs[-1] if langs else None
    front = ["--lang", lang] if lang is not None else []
    return front + root + rest + moved + tail, lang


def language(given: str | None) -> str:
    """The language of this run: ``--lang``, else ``$GTT_LANG``, else English."""
    for candidate in (given, os.environ.get("GTT_LANG")):
        if candidate in LANGS:
            return candidate
    return "en"
