"""Every shipped rule: a history that breaks it raises a finding; a history that just
passes at the boundary raises none. Histories are real commands on a real SQLite file."""

from __future__ import annotations

import pytest
from audit_world import Builder
from cases_bodies import CASES as BODY_CASES
from cases_internship import CASES as INTERNSHIP_CASES
from cases_plans import CASES as PLAN_CASES

from gtt_domain.audit import shipped_packs

CASES = {**INTERNSHIP_CASES, **BODY_CASES, **PLAN_CASES}
SHIPPED = sorted(r.rule.id for p in shipped_packs() for r in p.rules)


def test_every_shipped_rule_has_a_case():
    assert sorted(CASES) == SHIPPED


@pytest.mark.parametrize("rule_id", SHIPPED)
def test_a_breach_raises_a_finding(rule_id, sqlite_url):
    b = Builder(sqlite_url)
    as_of = CASES[rule_id](b, True)
    found = b.audit(rule_id, as_of)
    assert found, f"{rule_id}: no finding for the breaking history"
    for f in found:
        assert f.rule_id == rule_id and f.evidence and f.comparison
        assert f.explanation_en and f.explanation_zh and f.source


@pytest.mark.parametrize("rule_id", SHIPPED)
def test_the_boundary_passes(rule_id, sqlite_url):
    b = Builder(sqlite_url)
    as_of = CASES[rule_id](b, False)
    found = b.audit(rule_id, as_of)
    assert found == [], [f.explanation_en for f in found]
