"""Audit facts and scorecard inputs as bitemporal read tables (see ``temporal``).

``FACT_PROJECTIONS`` keep them current like every other projection; ``audit`` and
``world`` answer "as of a date, as known at a moment" with SQL filters instead of a
replay of the whole log.
"""

from __future__ import annotations

from gtt_projections.facts.communities import CommunityStates
from gtt_projections.facts.internships import InternshipFacts
from gtt_projections.facts.states import (
    AdoptionStates,
    AgreementStates,
    CalendarStates,
    ExchangeStates,
    ExemptionStates,
    FindingCaseStates,
    InstitutionStates,
    PersonStates,
)

#: the fact projections, in the order a catch-up runs them
FACT_PROJECTIONS = (InternshipFacts, InstitutionStates, PersonStates,
                    AgreementStates, ExchangeStates, CommunityStates, AdoptionStates, CalendarStates,
                    ExemptionStates, FindingCaseStates)
FACT_NAMES = tuple(p.name for p in FACT_PROJECTIONS)

__all__ = ["FACT_NAMES", "FACT_PROJECTIONS"]
