"""The replay as oracle: compare what the fact tables give with what folding the log gives.

Used by the property tests (generated histories) and the demo-store test.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

from gtt_projections import ReadModel
from gtt_projections.facts import FACT_PROJECTIONS
from gtt_projections.facts.audit import run_audit as facts_audit
from gtt_projections.facts.audit import run_upcoming as facts_upcoming
from gtt_projections.facts.audit import subject_audit
from gtt_projections.facts.evaluate import FactSource
from gtt_projections.facts.world import fact_world

from gtt_domain.application.timetravel import load_folds
from gtt_domain.audit import run_audit, run_upcoming
from gtt_domain.audit.world import World
from gtt_domain.evaluation import evaluation_period
from gtt_domain.evaluation.run import FAMILIES, evaluate

#: days on which the facts' functions (age, home, roles, membership…) are compared
PROBE_DAYS = [date(2024, 9, 1), date(2025, 1, 1), date(2025, 3, 10), date(2025, 4, 2),
              date(2025, 6, 30), date(2025, 9, 1), date(2026, 1, 15)]


def fact_model(app: Any) -> ReadModel:
    return ReadModel(app, projections=FACT_PROJECTIONS)


def _same(a: Any, b: Any, where: str, out: list[str]) -> None:
    for fld in dataclasses.fields(a):
        va, vb = getattr(a, fld.name), getattr(b, fld.name)
        if fld.name == "events":
            for typ in ("Started", "Completed", "TerminatedEarly"):
                if hasattr(a, "started_on") and va.first(typ) != vb.first(typ):
                    out.append(f"{where}.events[{typ}]: {va.first(typ)} != {vb.first(typ)}")
            if va.created != vb.created:
                out.append(f"{where}.events.created: {va.created} != {vb.created}")
            continue
        if callable(va):
            for day in PROBE_DAYS:
                try:
                    ra = va(day)
                except TypeError:  # a two-argument function (a role on a day)
                    continue
                rb = vb(day)
                if ra != rb:
                    out.append(f"{where}.{fld.name}({day}): {ra!r} != {rb!r}")
            continue
        if va != vb:
            out.append(f"{where}.{fld.name}: {str(va)[:300]} != {str(vb)[:300]}")


def world_differences(replayed: World, projected: World) -> list[str]:
    out: list[str] = []
    for kind in sorted(replayed.by_kind.keys() | projected.by_kind.keys()):
        a, b = replayed.by_kind.get(kind, {}), projected.by_kind.get(kind, {})
        if list(a) != list(b):
            out.append(f"{kind}: subjects differ {sorted(set(a) ^ set(b))[:5]} (or their order)")
            continue
        for key in a:
            _same(a[key], b[key], f"{kind} {key}", out)
    return out


def compare(app: Any, rm: ReadModel, as_of: date | None, known_at: datetime | None, *,
            year: int = 2025) -> list[str]:
    """Every difference between replay and fact tables under the bounds (empty: equal)."""
    day = as_of or app.clock().date()
    with rm.connect() as conn:
        projected = fact_world(app, conn, as_of=day, known_at=known_at)
    replayed = World.from_folds(load_folds(app, known_at=known_at, as_of=day))
    out = world_differences(replayed, projected)
    a = [f.model_dump() for f in run_audit(app, as_of=day, known_at=known_at)]
    b = [f.model_dump() for f in facts_audit(rm, as_of=day, known_at=known_at, catch_up=False)]
    if a != b:
        out.append(f"findings differ: {len(a)} by replay, {len(b)} from facts; first: "
                   f"{next((x['key'] for x in a if x not in b), None)} / {next((x['key'] for x in b if x not in a), None)}")
    for subject in sorted({x["subject_id"] for x in a if x["subject_kind"] == "internship"})[:3]:
        one = [f.model_dump() for f in subject_audit(rm, subject, as_of=day, known_at=known_at, catch_up=False)]
        if one != [x for x in a if x["subject_id"] == subject]:
            out.append(f"the audit of subject {subject} alone differs from the whole audit's")
    ua = [o.model_dump() for o in run_upcoming(app, as_of=day, known_at=known_at, within_days=45)]
    ub = [o.model_dump() for o in facts_upcoming(rm, as_of=day, known_at=known_at, within_days=45,
                                                 catch_up=False)]
    if ua != ub:
        out.append(f"upcoming obligations differ: {len(ua)} by replay, {len(ub)} from facts")
    period = evaluation_period(year)
    source = FactSource(rm, catch_up=False)
    for family in FAMILIES:
        with_findings = family in ("major", "host")
        ca = [c.as_dict() for c in evaluate(app, family, period, as_of=as_of, known_at=known_at,
                                            with_findings=with_findings)]
        cb = [c.as_dict() for c in evaluate(app, family, period, as_of=as_of, known_at=known_at,
                                            with_findings=with_findings, source=source)]
        if ca != cb:
            out.append(f"{family} scorecards differ")
    return out
