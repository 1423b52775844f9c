"""District scorecard of basic-education communities (P3-R1, P3-R2, P3-R4) on a
hand-built history; expected ratios worked out by hand in the comments."""

from __future__ import annotations

from decimal import Decimal

from eval_history import D, Recorder

from gtt_domain.evaluation import evaluate, evaluation_period


def test_district_scorecard(rec: Recorder):
    r = rec
    def school(name, stage, locality, region="Anxi"):
        return r("institution.register", kind="school", name=name, region=region,
                 school_stage=stage, locality=locality)
    u1 = school("Anxi Experimental Primary", "primary", "urban")
    r1 = school("Hutou Primary", "primary", "rural")
    r2 = school("Hutou Junior", "junior", "rural")
    r3 = school("Hutou Kindergarten", "kindergarten", "rural")
    school("Longmen Primary", "primary", "rural")  # r4: in nothing, never paired
    o1 = school("Nan'an No.1 Senior", "senior", "urban", region="Nan'an")
    c1 = r("community.establish", kind="co_construction", name="Anxi urban-rural", region="Anxi",
           core_institution_id=u1, established_on=D(2025, 3, 1))
    for m in (r1, r2):
        r("community.join", community_id=c1, institution_id=m, on=D(2025, 3, 1), role="member")
    r("community.establish", kind="fusion", name="Hutou kindergartens", region="Anxi",
      core_institution_id=r3, established_on=D(2025, 5, 1))
    c3 = r("community.establish", kind="education_group", name="Nan'an group", region="Nan'an",
           core_institution_id=o1, established_on=D(2020, 9, 1))
    r("community.join", community_id=c3, institution_id=r3, on=D(2021, 9, 1), role="branch")
    r("community.record-pairing", community_id=c1, school_id=r1, partner_id=u1, on=D(2025, 4, 1))

    cards = {c.subject_id: c for c in evaluate(r.app, "community", evaluation_period(2025))}
    assert set(cards) == {"Anxi", "Nan'an"}
    v = {m.key.split(".", 1)[1]: (m.value, m.met) for m in cards["Anxi"].metrics}
    assert v["schools"] == (5, None)
    assert v["in_community_share"] == (Decimal("0.8000"), True)  # all but Longmen
    assert v["integrated_share"] == (Decimal("0.8000"), True)  # c1 spans stages, c3 regions
    assert v["rural_coconstruction_share"] == (Decimal("0.5000"), False)  # Hutou Primary, Junior of 4
    assert v["online_pairing_coverage"] == (Decimal("0.3333"), False)  # 1 of 3 rural primary/junior
    assert v["new_tight_groups"] == (2, True)  # c1 and the fusion; c3 is older and elsewhere
    assert v["new_cross_stage_groups"] == (1, True)  # c1
    assert cards["Anxi"].metric("community.online_pairing_coverage").rule == "P3-R4"
