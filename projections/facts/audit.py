"""Audits answered from the fact tables: catch the fact projections up, read the world as
of the audit date and as known at ``known_at``, and run the rules over it.

Same inputs and the same findings as :func:`gtt_domain.audit.run_audit` (the replay),
which stays as the reference (``gtt audit run --replay``).
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gtt_projections.facts import FACT_NAMES
from gtt_projections.facts.world import day_chunks, fact_world, internship_neighbourhood

from gtt_domain.audit.engine import audit_date, evaluate, load_packs
from gtt_domain.audit.findings import Finding
from gtt_domain.audit.packs import Pack
from gtt_domain.audit.upcoming import Obligation, upcoming
from gtt_domain.heap import collector_paused

if TYPE_CHECKING:
    from gtt_projections.readmodel import Progress, ReadModel


def run_audit(rm: ReadModel, packs: Iterable[str | Path] | Iterable[Pack] | None = None,
              as_of: date | datetime | None = None, known_at: date | datetime | None = None,
              rule_ids: Iterable[str] | None = None, *, catch_up: bool = True,
              progress: Progress | None = None) -> list[Finding]:
    """Findings on ``as_of`` as the record stood at ``known_at``, from the fact tables."""
    loaded = load_packs(packs)
    if catch_up:
        rm.catch_up(FACT_NAMES, progress=progress)
    source = log_source(rm)
    day = audit_date(source, as_of, known_at)
    with collector_paused(), rm.connect() as conn, person_keys(source):
        world = fact_world(source, conn, as_of=day, known_at=known_at, days=False)
        found = evaluate(loaded, world, day, rule_ids, chunks=day_chunks(conn, world, as_of=day, known_at=known_at,
                                                                 present=as_of is None and known_at is None))
        # freed now, by reference counting: left to the collector once it is back on, its
        # million young objects would be scanned before anything else (0.4 s at scale 5)
        del world
    return found


def log_source(rm: Any) -> Any:
    """What reads the persons' events and tells the time: the read model's own reader of a
    current plaintext store (no application: :meth:`CurrentReadModel.events`), else the
    application."""
    events = getattr(rm, "events", None)
    found = events() if callable(events) else None
    return found if found is not None else rm.app


def person_keys(app: Any) -> AbstractContextManager[None]:
    """Persons' data keys read in one query for the run (ages are decrypted for thousands)."""
    keys = getattr(app, "person_keys", None)
    return keys.read_batch() if keys is not None else nullcontext()


def subject_audit(rm: ReadModel, subject_id: str, packs: Iterable[str | Path] | Iterable[Pack] | None = None,
                  as_of: date | datetime | None = None, known_at: date | datetime | None = None,
                  rule_ids: Iterable[str] | None = None, *, catch_up: bool = True) -> list[Finding]:
    """The findings about one subject. An internship is judged over its neighbourhood only
    (``internship_neighbourhood``), so the time does not grow with the log; other subjects
    over the whole (light) world."""
    loaded = load_packs(packs)
    if catch_up:
        rm.catch_up(FACT_NAMES)
    source = log_source(rm)
    day = audit_date(source, as_of, known_at)
    with collector_paused(), rm.connect() as conn, person_keys(source):
        near = internship_neighbourhood(source, conn, subject_id, day, known_at)
        if near is not None:
            world, chunks = near
        else:
            world = fact_world(source, conn, as_of=day, known_at=known_at, days=False)
            chunks = day_chunks(conn, world, as_of=day, known_at=known_at,
                                present=as_of is None and known_at is None)
        found = evaluate(loaded, world, day, rule_ids, chunks=chunks)
        del world, chunks  # freed before the collector is back on (see run_audit)
    return [f for f in found if f.subject_id == subject_id]


def run_upcoming(rm: ReadModel, packs: Iterable[str | Path] | Iterable[Pack] | None = None, *,
                 within_days: int = 30, as_of: date | datetime | None = None,
                 known_at: date | datetime | None = None, rule_ids: Iterable[str] | None = None,
                 catch_up: bool = True) -> list[Obligation]:
    """What comes due from ``as_of`` to ``within_days`` later and is not on record yet, read
    from the fact tables (as :func:`gtt_domain.audit.run_upcoming` by replay)."""
    loaded = load_packs(packs)
    day = audit_date(rm.app, as_of, known_at)
    if catch_up:
        rm.catch_up(FACT_NAMES)
    with collector_paused(), person_keys(rm.app):
        with rm.connect() as conn:
            world = fact_world(rm.app, conn, as_of=day, known_at=known_at, days=False)
        found = upcoming(loaded, world, day, within_days, rule_ids)
        del world  # freed before the collector is back on (see run_audit)
    return found


def world_of(rm: ReadModel, as_of: date | datetime | None, known_at: date | datetime | None) -> Any:
    """The audit world under the bounds (after catching the fact projections up)."""
    rm.catch_up(FACT_NAMES)
    with rm.connect() as conn:
        return fact_world(rm.app, conn, as_of=as_of, known_at=known_at)
