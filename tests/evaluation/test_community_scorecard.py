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


def test_new_branch_run_by_a_renowned_school(rec: Recorder):
    """P3-R1: at least one new branch run by a renowned school per district and year,
    counted by the branch's district; a quarter or month counts the year to its end."""
    r = rec
    renowned = r("institution.register", kind="school", name="Anxi Experimental", region="Anxi",
                 school_stage="primary", locality="urban")
    branch = r("institution.register", kind="school", name="Longmen Primary", region="Anxi",
               school_stage="primary", locality="rural")
    old_branch = r("institution.register", kind="school", name="Hutou Primary", region="Anxi",
                   school_stage="primary", locality="rural")
    far = r("institution.register", kind="school", name="Nan'an Central", region="Nan'an",
            school_stage="primary", locality="rural")
    g = r("community.establish", kind="education_group", name="Anxi Experimental group", region="Anxi",
          core_institution_id=renowned, established_on=D(2023, 9, 1))
    r("community.entrust-branch", community_id=g, branch_id=old_branch, run_by_id=renowned,
      on=D(2024, 9, 1), decided_by="Anxi bureau")  # 2024: not new in 2025
    r("community.entrust-branch", community_id=g, branch_id=branch, run_by_id=renowned,
      on=D(2025, 5, 10), decided_by="Anxi bureau")  # Q2 2025
    r("community.entrust-branch", community_id=g, branch_id=far, run_by_id=renowned,
      on=D(2025, 2, 1), decided_by="Nan'an bureau")  # counts for Nan'an, where the branch is

    def new(period):
        cards = {c.subject_id: c for c in evaluate(r.app, "community", period)}
        return {region: (c.metric("community.new_branches_run_by_renowned_schools").value,
                         c.metric("community.new_branches_run_by_renowned_schools").met) for region, c in cards.items()}

    assert new(evaluation_period(2025)) == {"Anxi": (1, True), "Nan'an": (1, True)}
    assert new(evaluation_period(2024)) == {"Anxi": (1, True), "Nan'an": (0, False)}
    assert new(evaluation_period(2025, quarter_no=1)) == {"Anxi": (0, False), "Nan'an": (1, True)}
    assert new(evaluation_period(2025, month_no=4)) == {"Anxi": (0, False), "Nan'an": (1, True)}  # year to 30 Apr
    assert new(evaluation_period(2025, month_no=6)) == {"Anxi": (1, True), "Nan'an": (1, True)}
    [june] = [c for c in evaluate(r.app, "community", evaluation_period(2025, month_no=6)) if c.subject_id == "Anxi"]
    metric = june.metric("community.new_branches_run_by_renowned_schools")
    assert (metric.rule, metric.target) == ("P3-R1", ">= 1")
    assert june.details["windows"]["community.new_branches_run_by_renowned_schools"]["kind"] == "year_to_date"
    assert june.details["entrusted_branches"] == [{"branch_id": str(branch), "branch": "Longmen Primary",
                                                   "run_by_id": str(renowned), "run_by": "Anxi Experimental"}]
