"""The fact projections' names and definition versions, apart from their handlers.

An audit on a current store checks, with one SQL query, that the fact tables are current
(:class:`gtt_projections.current.CurrentReadModel`) before anything of the write side is
loaded; this module lets it name them without importing the projections (a test keeps it
equal to :data:`gtt_projections.facts.FACT_PROJECTIONS`).
"""

from __future__ import annotations

#: projection name -> definition version, in the order a catch-up runs them
VERSIONS: dict[str, int] = {
    "fact_internships": 2,
    "fact_institution_states": 2,
    "fact_person_states": 2,
    "fact_agreement_states": 2,
    "fact_exchange_states": 2,
    "fact_community_states": 2,
    "fact_adoption_states": 1,
    "fact_calendar_states": 1,
    "fact_exemption_states": 1,
    "fact_finding_case_states": 1,
}

FACT_NAMES: tuple[str, ...] = tuple(VERSIONS)
