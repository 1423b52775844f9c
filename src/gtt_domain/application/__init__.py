"""Application layer: the one eventsourcing Application, commands in, ids out.

``GttApplication`` and friends are imported on first use (PEP 562), so light modules of
this package (``config``, ``timetravel``…) can be imported without the use cases.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gtt_domain.application.app import BatchError, GttApplication, system_clock

__all__ = ["GttApplication", "BatchError", "system_clock"]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module("gtt_domain.application.app"), name)
    globals()[name] = value
    return value
