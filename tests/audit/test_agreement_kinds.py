"""An agreement of several kinds (issue 19): a training base that is also a work-study
agreement is judged by the rules of both kinds, from the replay and the fact tables alike."""

from __future__ import annotations

from datetime import date

from audit_world import Builder
from cases_bodies import term
from gtt_projections import ReadModel
from gtt_projections.facts import FACT_PROJECTIONS
from gtt_projections.facts.audit import run_audit as facts_audit

from gtt_domain.audit import run_audit


def test_a_training_base_that_is_also_work_study_is_judged_as_both(db_url):
    b = Builder(db_url)
    school, host = b.school(), b.enterprise()
    term(b, school, date(2025, 2, 17), date(2025, 7, 11), "2025-spring")
    term(b, school, date(2025, 9, 1), date(2026, 1, 16), "2025-autumn")
    aid = b.agreement("training_base", school, host, start=date(2025, 2, 17))
    b.internship(school, host, b.student(school), programme="work_study", agreement=aid,
                 start=date(2025, 3, 10), end=date(2025, 4, 30))
    as_of = date(2026, 1, 16)
    assert run_audit(b.app, as_of=as_of, rule_ids=["P9-R2-alternation"]) == []  # not a work-study agreement
    b.h("agreement.add-kind", agreement_id=aid, kind="work_study", on=date(2025, 2, 17))
    found = run_audit(b.app, as_of=as_of, rule_ids=["P9-R2-alternation"])
    assert [f.period_start for f in found] == [date(2025, 9, 1)]  # no work-study in the autumn term
    rm = ReadModel(b.app, projections=FACT_PROJECTIONS)
    assert [f.model_dump() for f in facts_audit(rm, as_of=as_of, rule_ids=["P9-R2-alternation"])] == \
        [f.model_dump() for f in found]
    # still a training base: its own rules keep applying
    assert run_audit(b.app, as_of=as_of, rule_ids=["P10-R3-plan"]) == []
