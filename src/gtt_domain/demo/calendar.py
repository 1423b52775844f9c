"""The two school years the demo covers (2024/25 and 2025/26)."""

from __future__ import annotations

from datetime import date

START = date(2024, 6, 1)
SEMESTERS = [
    (date(2024, 9, 2), date(2025, 1, 17)),
    (date(2025, 2, 17), date(2025, 7, 11)),
    (date(2025, 9, 1), date(2026, 1, 16)),
    (date(2026, 2, 23), date(2026, 7, 10)),
]
YEARS = [(date(2024, 9, 1), date(2025, 7, 31)), (date(2025, 9, 1), date(2026, 7, 31))]
HOLIDAYS = {date(2024, 10, 1), date(2024, 10, 2), date(2024, 10, 3), date(2025, 1, 1),
            date(2025, 4, 4), date(2025, 5, 1), date(2025, 5, 2), date(2025, 5, 5),
            date(2025, 6, 2), date(2025, 10, 1), date(2025, 10, 2), date(2025, 10, 3),
            date(2026, 1, 1), date(2026, 4, 6), date(2026, 5, 1), date(2026, 5, 4),
            date(2026, 6, 19)}


def cmd(command: str, /, **fields: object) -> tuple[str, dict[str, object]]:
    """A command as ``(group.verb, fields)`` for ``handle_batch``."""
    return command, fields
