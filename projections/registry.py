"""The projections the read side runs, by name.

Importing ``gtt_projections.models`` imports every module in it; each module declares
its projection class with ``@register``. Names are unique: they name tracking tables.
"""

from __future__ import annotations

from typing import TypeVar

from gtt_projections.projection import GttProjection

P = TypeVar("P", bound=type[GttProjection])

REGISTRY: dict[str, type[GttProjection]] = {}


def register(cls: P) -> P:
    """Class decorator: make a projection part of the default read model."""
    if not cls.name or not cls.name.isidentifier() or cls.name != cls.name.lower():
        raise ValueError(f"projection name {cls.name!r} must be a lower-case identifier")
    existing = REGISTRY.get(cls.name)
    if existing is not None and existing is not cls:
        raise RuntimeError(f"projection {cls.name!r} registered twice")
    REGISTRY[cls.name] = cls
    return cls


def registered() -> list[type[GttProjection]]:
    """Every registered projection, in registration order (timeline first)."""
    import gtt_projections.models  # noqa: F401  (imports and registers all models)

    return list(REGISTRY.values())
