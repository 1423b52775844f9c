"""The projections the read side runs by default: the explicit list in
:mod:`gtt_projections.models`, checked once (names are unique lower-case identifiers,
since they name tracking rows and tables)."""

from __future__ import annotations

from gtt_projections.projection import GttProjection


def check(classes: tuple[type[GttProjection], ...] | list[type[GttProjection]]) -> list[type[GttProjection]]:
    """The classes, refused when a name is not a lower-case identifier or is used twice."""
    seen: set[str] = set()
    for cls in classes:
        if not cls.name or not cls.name.isidentifier() or cls.name != cls.name.lower():
            raise ValueError(f"projection name {cls.name!r} must be a lower-case identifier")
        if cls.name in seen:
            raise RuntimeError(f"projection {cls.name!r} listed twice")
        seen.add(cls.name)
    return list(classes)


def registered() -> list[type[GttProjection]]:
    """Every default projection, in the order of the list (timeline first)."""
    from gtt_projections.models import PROJECTIONS

    return check(PROJECTIONS)
