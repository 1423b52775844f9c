"""gtt_projections: the read side — read tables kept current from the one event log.

Entry points::

    from gtt_projections import ReadModel
    rm = ReadModel(app)            # or ReadModel(app, read_url="sqlite:///read.db")
    rm.catch_up(); rm.rebuild(); rm.follow(stop=event); rm.status()

Adding a projection: see projections/README.md.

Names are imported on first use (PEP 562): a query module (``gtt_projections.queries.…``)
then loads only the tables it reads, not the processing machinery.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eventsourcing.dispatch import singledispatchmethod
    from gtt_projections.consistency import ReadSideTimeout
    from gtt_projections.projection import GttProjection
    from gtt_projections.readmodel import CatchUpReport, ProjectionStatus, ReadModel
    from gtt_projections.registry import registered
    from gtt_projections.view import ReadView, TrackingConflictError
    from gtt_projections.writer import Inc, RowWriter

_EXPORTS: dict[str, str] = {
    "singledispatchmethod": "eventsourcing.dispatch",
    "GttProjection": "gtt_projections.projection",
    "CatchUpReport": "gtt_projections.readmodel",
    "ProjectionStatus": "gtt_projections.readmodel",
    "ReadModel": "gtt_projections.readmodel",
    "registered": "gtt_projections.registry",
    "ReadView": "gtt_projections.view",
    "TrackingConflictError": "gtt_projections.view",
    "Inc": "gtt_projections.writer",
    "RowWriter": "gtt_projections.writer",
    "ReadSideTimeout": "gtt_projections.consistency",
}

__all__ = [
    "CatchUpReport", "GttProjection", "Inc", "ProjectionStatus", "ReadModel", "ReadSideTimeout",
    "ReadView", "RowWriter", "TrackingConflictError", "registered", "singledispatchmethod",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
