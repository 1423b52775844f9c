"""Audits answered from the fact tables: catch the fact projections up, read the world as
of the audit date and as known at ``known_at``, and run the rules over it.

Same inputs and the same findings as :func:`gtt_domain.audit.run_audit` (the replay),
which stays as the reference (``gtt audit run --replay``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from gtt_projections.facts import FACT_NAMES
from gtt_projections.facts.world import day_chunks, fact_world
from gtt_projections.readmodel import Progress, ReadModel

from gtt_domain.audit.engine import audit_date, evaluate, load_packs
from gtt_domain.audit.findings import Finding
from gtt_domain.audit.packs import Pack


def run_audit(rm: ReadModel, packs: Iterable[str | Path] | Iterable[Pack] | None = None,
              as_of: date | datetime | None = None, known_at: date | datetime | None = None,
              rule_ids: Iterable[str] | None = None, *, catch_up: bool = True,
              progress: Progress | None = None) -> list[Finding]:
    """Findings on ``as_of`` as the record stood at ``known_at``, from the fact tables."""
    loaded = load_packs(packs)
    day = audit_date(rm.app, as_of, known_at)
    if catch_up:
        rm.catch_up(FACT_NAMES, progress=progress)
    with rm.connect() as conn:
        world = fact_world(rm.app, conn, as_of=day, known_at=known_at, days=False)
        return evaluate(loaded, world, day, rule_ids,
                        chunks=day_chunks(conn, world, as_of=day, known_at=known_at))


def world_of(rm: ReadModel, as_of: date | datetime | None, known_at: date | datetime | None) -> Any:
    """The audit world under the bounds (after catching the fact projections up)."""
    rm.catch_up(FACT_NAMES)
    with rm.connect() as conn:
        return fact_world(rm.app, conn, as_of=as_of, known_at=known_at)
