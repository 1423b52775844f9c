"""Command models (pydantic), one module per aggregate.

``REGISTRY`` ("group.verb" -> model) is built from each module's explicit ``COMMANDS``
list, so it holds the same commands in every process whatever was imported first."""

from __future__ import annotations

from collections.abc import Iterable

from gtt_domain.commands import (
    adoption,
    agreement,
    calendar,
    community,
    exchange,
    exemption,
    finding,
    institution,
    internship,
    person,
)
from gtt_domain.commands.base import Command

MODULES = (adoption, agreement, calendar, community, exchange, exemption, finding, institution,
           internship, person)


def build_registry(models: Iterable[type[Command]]) -> dict[str, type[Command]]:
    """``group.verb`` -> model; a name used twice is an error."""
    registry: dict[str, type[Command]] = {}
    for model in models:
        name = model.command_name()
        if not model.group or not model.verb:
            raise RuntimeError(f"{model.__name__} has no group or verb")
        if name in registry:
            raise RuntimeError(f"command {name} defined twice")
        registry[name] = model
    return registry


#: every command model, by ``group.verb``
REGISTRY: dict[str, type[Command]] = build_registry(m for mod in MODULES for m in mod.COMMANDS)

__all__ = ["Command", "REGISTRY", "build_registry"]
