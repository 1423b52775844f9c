"""Bad rows told once per distinct problem: its column, its reason, how many rows and the
first of them (600 rows with the same unreadable date are one line, not 600)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: the value a reason quotes; rows differing only in it have the same problem
_GOT = re.compile(r" \(got (.*)\)\Z", re.S)
FIRST_LINES = 5
MAX_GROUPS = 1000


@dataclass
class ProblemGroup:
    column: str
    reason: str  # without the value
    count: int = 0
    lines: list[int] = field(default_factory=list)  # the first FIRST_LINES rows
    example: str | None = None  # the first row's value, as quoted

    def line_text(self, path: str) -> str:
        """``FILE: line 3, column C: reason (got 'x')`` for one row;
        ``FILE: column C, 600 rows (lines 2, 3, 4, 5, 6, …): reason (first: 'x')`` for more."""
        if self.count == 1:
            got = f" (got {self.example})" if self.example is not None else ""
            return f"{path}: line {self.lines[0]}, column {self.column}: {self.reason}{got}"
        more = ", …" if self.count > len(self.lines) else ""
        first = f" (first: {self.example})" if self.example is not None else ""
        lines = ", ".join(map(str, self.lines))
        return f"{path}: column {self.column}, {self.count} rows (lines {lines}{more}): {self.reason}{first}"


@dataclass
class ProblemGroups:
    """Problems grouped by (column, reason without the value), in order of first line."""

    groups: dict[tuple[str, str], ProblemGroup] = field(default_factory=dict)
    left_out: int = 0  # problems of groups past MAX_GROUPS

    def add(self, line: int, column: str, reason: str) -> None:
        m = _GOT.search(reason)
        bare, example = (reason[: m.start()], m.group(1)) if m else (reason, None)
        group = self.groups.get((column, bare))
        if group is None:
            if len(self.groups) >= MAX_GROUPS:
                self.left_out += 1
                return
            group = self.groups[(column, bare)] = ProblemGroup(column, bare, example=example)
        group.count += 1
        if len(group.lines) < FIRST_LINES and line not in group.lines:
            group.lines.append(line)

    def sorted(self) -> list[ProblemGroup]:
        return sorted(self.groups.values(), key=lambda g: (g.lines[0] if g.lines else 0, g.column))


__all__ = ["ProblemGroup", "ProblemGroups"]
