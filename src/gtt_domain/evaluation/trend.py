"""Teaching-quality trends (P1-R7): "rotation due" after two consecutive year-on-year
declines ending in the evaluated year; a single decline, or decline-rise-decline, is not."""

from __future__ import annotations

from decimal import Decimal


def scores_up_to(quality: dict[str, Decimal], year: int) -> dict[int, Decimal]:
    return {int(y): s for y, s in sorted(quality.items(), key=lambda kv: int(kv[0])) if int(y) <= year}


def rotation_due(quality: dict[str, Decimal], year: int) -> bool:
    """Scores for ``year-2``, ``year-1`` and ``year`` exist and fall each year."""
    s = scores_up_to(quality, year)
    if not all(y in s for y in (year - 2, year - 1, year)):
        return False
    return s[year - 2] > s[year - 1] > s[year]


def progressed(quality: dict[str, Decimal], year: int) -> bool | None:
    """Whether the score rose on the year before (None without both years)."""
    s = scores_up_to(quality, year)
    if year not in s or year - 1 not in s:
        return None
    return s[year] > s[year - 1]
