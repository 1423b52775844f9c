"""One row -> one validated command, or the problems that stop it (column + reason)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from hashlib import blake2b
from typing import Any
from uuid import UUID

from pydantic import ValidationError

from gtt_domain.commands.base import Command
from gtt_domain.domain.base import natural_id
from gtt_domain.imports.kinds import ImportKind
from gtt_domain.imports.reading import RawRow, RowProblem
from gtt_domain.imports.values import as_text, coerce


@dataclass(frozen=True)
class Reference:
    """An external id a row refers to, and the column it came from."""

    column: str
    target: str
    external_id: str

    @property
    def id(self) -> UUID:
        return natural_id(self.target, self.external_id)


@dataclass
class ParsedRow:
    raw: RawRow
    command: Command | None
    references: list[Reference]
    problems: list[RowProblem]

    @property
    def ok(self) -> bool:
        return self.command is not None and not self.problems


def _split(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    return [v.strip() for v in str(value).split(";") if v.strip()]


def _party(value: Any, refs: list[Reference]) -> Any:
    """``SCH001:school`` (CSV) or ``{"party": "SCH001", "role": "school"}`` -> a PartySpec dict."""
    if isinstance(value, str):
        ext, _, role = value.rpartition(":")
        value = {"party": ext, "role": role} if ext else {"party": value}
    if isinstance(value, dict) and "party" in value:
        value = dict(value)
        ext = str(value.pop("party"))
        refs.append(Reference("parties", "institution", ext))
        value["party_id"] = natural_id("institution", ext)
    return value


def _json_list(value: Any) -> list[Any]:
    """A list as given in JSONL, or as JSON text in a CSV cell."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as e:
            raise ValueError(f"is not a JSON list ({e.msg})") from None
    if not isinstance(value, list):
        raise ValueError("is not a JSON list")
    return value


def _obligation(value: Any, refs: list[Reference]) -> Any:
    """An obligation whose ``obligor`` is an institution's external id."""
    if isinstance(value, dict) and isinstance(value.get("obligor"), str):
        value = dict(value)
        ref = Reference("obligations", "institution", value["obligor"])
        refs.append(ref)
        value["obligor"] = ref.id
    return value


def parse(kind: ImportKind, raw: RawRow) -> ParsedRow:
    """Turn the row's cells into ``kind.command``; pydantic's errors become column problems."""
    if raw.problems:  # a row cut short or not JSON: its cells mean nothing reliable
        return ParsedRow(raw, None, [], list(raw.problems))
    problems: list[RowProblem] = []
    refs: list[Reference] = []
    fields: dict[str, Any] = {}
    unread: set[str] = set()  # cells that could not be read: already a problem, not "missing"
    for col in kind.key:  # keys the command leaves optional (external_id, activity_id)
        info = kind.command.model_fields.get(col)
        if col not in raw.cells and info is not None and not info.is_required():
            problems.append(RowProblem(raw.headers.get(col, col), "is required (the row's external id)"))
    for col, value in raw.cells.items():
        if col in kind.lists:
            value = _split(value)
        if col == "parties" and kind.name == "agreements":
            value = [_party(v, refs) for v in value]
        if col == "obligations" and kind.name == "agreements":
            try:
                value = [_obligation(v, refs) for v in _json_list(value)]
            except ValueError as e:
                problems.append(RowProblem(raw.headers.get(col, col), str(e)))
                continue
        ref = kind.refs.get(col)
        if ref is not None:
            ids = value if ref.many else [value]
            try:
                found = [Reference(col, ref.target, str(as_text(v))) for v in ids]
            except ValueError as e:
                problems.append(RowProblem(raw.headers.get(col, col), f"{e} (got {value!r})"))
                unread.add(ref.field)
                continue
            refs.extend(found)
            value = [r.id for r in found] if ref.many else found[0].id
            fields[ref.field] = value
        else:
            info = kind.command.model_fields.get(col)
            try:
                fields[col] = coerce(info.annotation, value) if info is not None else value
            except ValueError as e:
                problems.append(RowProblem(raw.headers.get(col, col), f"{e} (got {value!r})"))
                unread.add(col)
    command: Command | None = None
    try:
        command = kind.command.model_validate(fields)
    except ValidationError as e:
        problems.extend(p for p, f in _problems(kind, raw, e) if f not in unread)
    return ParsedRow(raw, command, refs, problems)


def _problems(kind: ImportKind, raw: RawRow, error: ValidationError) -> Iterator[tuple[RowProblem, str]]:
    for err in error.errors(include_url=False):
        loc = list(err["loc"])
        col = kind.column_of(str(loc[0])) if loc else "-"
        where = raw.headers.get(col, col) + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc[1:])
        value = err.get("input")
        shown = f" (got {value!r})" if isinstance(value, str | int | float) and err["type"] != "missing" else ""
        reason = "is required" if err["type"] == "missing" else err["msg"]
        yield RowProblem(where, f"{reason}{shown}"), str(loc[0]) if loc else "-"


def key_digest(kind: ImportKind, parsed: ParsedRow) -> int:
    """64 bits naming the row's fact (its key columns, as validated): 8 bytes per row to
    find duplicates within a file."""
    cmd = parsed.command
    assert cmd is not None
    parts = [str(getattr(cmd, kind.refs[c].field if c in kind.refs else c, None)) for c in kind.key]
    return int.from_bytes(blake2b("\x1f".join(parts).encode(), digest_size=8).digest(), "big")
