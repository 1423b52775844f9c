"""gtt-domain: the replayable record of cooperation in communities of shared future.

The names below are imported on first use (PEP 562), so importing a light module such
as ``gtt_domain.domain.internship_state`` does not load the whole write side (~0.7 s of
start-up for every CLI query otherwise).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gtt_domain.application import BatchError, GttApplication
    from gtt_domain.application.retry import retry_on_conflict
    from gtt_domain.commands import REGISTRY as COMMANDS
    from gtt_domain.commands import Command
    from gtt_domain.domain.base import natural_id
    from gtt_domain.domain.errors import (
        ConflictError,
        DomainError,
        GttError,
        NotAuthorisedError,
        NotFoundError,
    )
    from gtt_domain.domain.meta import EventMeta

#: public name -> (module, name there); every module is imported after the application,
#: which registers every command model in ``COMMANDS``
_EXPORTS: dict[str, tuple[str, str]] = {
    "GttApplication": ("gtt_domain.application", "GttApplication"),
    "BatchError": ("gtt_domain.application", "BatchError"),
    "retry_on_conflict": ("gtt_domain.application.retry", "retry_on_conflict"),
    "COMMANDS": ("gtt_domain.commands", "REGISTRY"),
    "Command": ("gtt_domain.commands", "Command"),
    "natural_id": ("gtt_domain.domain.base", "natural_id"),
    "GttError": ("gtt_domain.domain.errors", "GttError"),
    "DomainError": ("gtt_domain.domain.errors", "DomainError"),
    "NotFoundError": ("gtt_domain.domain.errors", "NotFoundError"),
    "ConflictError": ("gtt_domain.domain.errors", "ConflictError"),
    "NotAuthorisedError": ("gtt_domain.domain.errors", "NotAuthorisedError"),
    "EventMeta": ("gtt_domain.domain.meta", "EventMeta"),
}

__all__ = [
    "GttApplication", "BatchError", "Command", "COMMANDS", "EventMeta", "natural_id",
    "retry_on_conflict",
    "GttError", "DomainError", "NotFoundError", "ConflictError", "NotAuthorisedError",
]


def __getattr__(name: str) -> Any:
    try:
        module, attr = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'gtt_domain' has no attribute {name!r}") from None
    importlib.import_module("gtt_domain.application")
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
