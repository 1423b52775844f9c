"""Query functions over the read tables; each returns pydantic models.

Every function takes a :class:`~gtt_projections.ReadModel` and, by default, first runs a
catch-up of the projections it reads, so answers are never stale; ``catch_up=False``
skips that (e.g. when a follower keeps the tables current).
"""

from gtt_projections.queries.institutions import (
    Department,
    InstitutionDetail,
    InstitutionSummary,
    Major,
    QualityScore,
    get_institution,
    list_institutions,
    list_majors,
)
from gtt_projections.queries.timeline import TimelineEntry, timeline

__all__ = [
    "Department", "InstitutionDetail", "InstitutionSummary", "Major", "QualityScore",
    "TimelineEntry", "get_institution", "list_institutions", "list_majors", "timeline",
]
