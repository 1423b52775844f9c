"""Concrete projections, one module each. ``PROJECTIONS`` is the default read model, an
explicit list (timeline first, the audit fact tables of ``gtt_projections.facts`` last),
the same in every process."""

from __future__ import annotations

from gtt_projections.facts import FACT_PROJECTIONS
from gtt_projections.models import (
    agreements,
    communities,
    exchanges,
    institutions,
    internships,
    persons,
    timeline,
)

PROJECTIONS = (
    timeline.Timeline,
    agreements.Agreements,
    communities.Communities,
    exchanges.Exchanges,
    institutions.Institutions,
    internships.Internships,
    persons.Persons,
    *FACT_PROJECTIONS,
)
