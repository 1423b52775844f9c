"""Audits: rule packs as data, a fixed catalogue of rule types, findings with evidence.

    from gtt_domain.audit import run_audit
    findings = run_audit(app, ["N-INT-2021"], as_of=date(2025, 6, 30))
"""

from gtt_domain.audit.engine import evaluate, run_audit, run_upcoming
from gtt_domain.audit.findings import SEVERITIES, Evidence, Finding, severity_rank
from gtt_domain.audit.packs import Pack, PackError, load_pack, resolve_packs, shipped_packs
from gtt_domain.audit.world import World

__all__ = [
    "run_audit", "run_upcoming", "evaluate", "Finding", "Evidence", "SEVERITIES", "severity_rank",
    "Pack", "PackError", "load_pack", "resolve_packs", "shipped_packs", "World",
]
