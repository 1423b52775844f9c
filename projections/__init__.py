"""gtt_projections: the read side — read tables kept current from the one event log.

Entry points::

    from gtt_projections import ReadModel
    rm = ReadModel(app)            # or ReadModel(app, read_url="sqlite:///read.db")
    rm.catch_up(); rm.rebuild(); rm.follow(stop=event); rm.status()

Adding a projection: see projections/README.md.
"""

from eventsourcing.dispatch import singledispatchmethod
from gtt_projections.projection import GttProjection
from gtt_projections.readmodel import CatchUpReport, ProjectionStatus, ReadModel
from gtt_projections.registry import register, registered
from gtt_projections.view import ReadView, TrackingConflictError
from gtt_projections.writer import Inc, RowWriter

__all__ = [
    "CatchUpReport", "GttProjection", "Inc", "ProjectionStatus", "ReadModel", "ReadView",
    "RowWriter", "TrackingConflictError", "register", "registered", "singledispatchmethod",
]
