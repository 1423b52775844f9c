"""The fixed catalogue of rule types a pack may name, from an explicit list of modules."""

from __future__ import annotations

from gtt_domain.audit import (
    types_bodies,
    types_cadence,
    types_evidence,
    types_internship,
    types_plans,
    types_timing,
)
from gtt_domain.audit.catalogue import RuleType

MODULES = (types_bodies, types_cadence, types_evidence, types_internship, types_timing, types_plans)


def _catalogue() -> dict[str, RuleType]:
    out: dict[str, RuleType] = {}
    for module in MODULES:
        for fn in module.RULE_TYPES:
            kind: RuleType = fn.rule_type  # type: ignore[attr-defined]
            if kind.name in out:
                raise RuntimeError(f"rule type {kind.name!r} defined twice")
            out[kind.name] = kind
    return out


#: rule type name -> its parameters and evaluation
CATALOGUE: dict[str, RuleType] = _catalogue()
