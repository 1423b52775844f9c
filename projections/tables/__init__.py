"""The read tables of the default projections, declared apart from their event handlers.

A query imports SQLAlchemy Core and the tables it reads from here: not the ORM, not the
domain's event classes, not the write side (CLI start-up, issue 18). ``VERSIONS`` lists
each projection's definition version, so the read side can tell whether it is current
with one SQL query before anything else is loaded (:mod:`gtt_projections.current`).
"""

from __future__ import annotations

from gtt_projections.tables import (
    agreements,
    communities,
    exchanges,
    institutions,
    internships,
    persons,
    timeline,
)

#: projection name -> definition version, for the projections whose tables live here
VERSIONS: dict[str, int] = {m.NAME: m.VERSION for m in (
    timeline, agreements, communities, exchanges, institutions, internships, persons)}
