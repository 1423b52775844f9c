"""The audit's fact adapters: those named by topic name real aggregate classes."""

from __future__ import annotations

from eventsourcing.utils import resolve_topic

from gtt_domain.audit.adapters import ADAPTERS, ADAPTERS_BY_TOPIC, internship


def test_the_adapters_named_by_topic_resolve_to_aggregate_classes():
    from gtt_domain.domain.internship import Internship

    classes = {resolve_topic(t) for t in ADAPTERS_BY_TOPIC}
    assert classes == {Internship} and not classes & set(ADAPTERS)
    assert ADAPTERS_BY_TOPIC["gtt_domain.domain.internship:Internship"] is internship


def test_an_audit_of_the_fact_tables_does_not_import_the_internship_class():
    import json
    import subprocess
    import sys

    code = ("import json, sys; import gtt_projections.facts.audit; "
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith('gtt_'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(out.stdout.strip().splitlines()[-1]))
    assert "gtt_projections.facts.world" in loaded and "gtt_domain.domain.internship" not in loaded
