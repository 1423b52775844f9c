"""Audit facts and scorecard inputs as bitemporal read tables (see ``temporal``).

``FACT_PROJECTIONS`` keep them current like every other projection; ``audit`` and
``world`` answer "as of a date, as known at a moment" with SQL filters instead of a
replay of the whole log. The projections (and with them the domain's event classes and
the projection machinery) are imported when ``FACT_PROJECTIONS`` is first asked for: an
audit on a current store only reads the tables.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gtt_projections.facts.names import FACT_NAMES

if TYPE_CHECKING:
    from gtt_projections.facts.base import FactsProjection

    FACT_PROJECTIONS: tuple[type[FactsProjection], ...]


def _projections() -> tuple[type[Any], ...]:
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

    # the fact projections, in the order a catch-up runs them (FACT_NAMES')
    return (InternshipFacts, InstitutionStates, PersonStates, AgreementStates, ExchangeStates,
            CommunityStates, AdoptionStates, CalendarStates, ExemptionStates, FindingCaseStates)


def __getattr__(name: str) -> Any:
    if name == "FACT_PROJECTIONS":
        found = _projections()
        globals()["FACT_PROJECTIONS"] = found
        return found
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["FACT_NAMES", "FACT_PROJECTIONS"]
