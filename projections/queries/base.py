"""Shared helpers for query functions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from gtt_projections.readmodel import ReadModel


class ReadRow(BaseModel):
    """Base of query results: immutable; field names are the documented JSON names."""

    model_config = ConfigDict(frozen=True)


def fresh(rm: ReadModel, names: Sequence[str], catch_up: bool) -> None:
    """Catch up the projections a query reads, unless the caller opted out."""
    if catch_up:
        rm.catch_up(names)


def fetch(rm: ReadModel, stmt: Any) -> list[dict[str, Any]]:
    with rm.connect() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]
