"""Department (P6-R5, P6-R8) and institution (P14, N-TEP-1, N-ROT) scorecards on a
hand-built history; expected values worked out by hand in the comments."""

from __future__ import annotations

from decimal import Decimal

from eval_history import D, Recorder

from gtt_domain.evaluation import evaluate, evaluation_period

Y2025 = evaluation_period(2025)


def build(r: Recorder, stage: str = "vocational_secondary") -> dict:
    school = r.inst("school", "Anxi Vocational", school_stage=stage)
    branch = r.inst("school", "Hutou Central", school_stage="primary")
    for dept, n in (("Mechanical", 10), ("Business", 5)):
        r("institution.open-department", institution_id=school, name=dept, teacher_count=n)
    r("institution.open-major", institution_id=school, code="660301", name="AC repair",
      department="Mechanical", teacher_count=4)
    r("institution.open-major", institution_id=school, code="530701", name="E-commerce",
      department="Business", teacher_count=3)
    e1, e2 = r.inst("enterprise", "Gree AC"), r.inst("enterprise", "Midea")
    t1, t2, t3 = (r.person("teacher", f"Teacher {n}", school) for n in (1, 2, 3))
    r("institution.name-liaison", institution_id=school, department="Mechanical", person_id=t1)
    base = r.agreement("training_base", [(school, "school"), (e1, "enterprise")], D(2020, 2, 1),
                       majors=["660301"], end=D(2027, 1, 31))
    r.agreement("demonstration_base", [(school, "school"), (e2, "enterprise")], D(2025, 3, 1),
                majors=["660301"], end=D(2025, 10, 31))  # built in 2025, no longer in force on 31 Dec
    # T1: 61 days in 2025 (>= 2 months) under the Mechanical base; T2: 30 days; T3: 200 in 2022
    r.exchange("enterprise_practice", t1, school, e1, D(2025, 3, 1), agreement=base,
               days=[(D(2025, 3, 1), D(2025, 5, 31), 61)])
    r.exchange("enterprise_practice", t2, school, e1, D(2025, 3, 1), agreement=base,
               days=[(D(2025, 3, 1), D(2025, 3, 31), 30)])
    r.exchange("enterprise_practice", t3, school, e1, D(2022, 1, 1), agreement=base,
               end=D(2022, 12, 31), days=[(D(2022, 1, 1), D(2022, 9, 30), 200)])
    r("person.assign-role", person_id=t2, role="backbone_teacher", since=D(2020, 1, 1))
    for t in (t1, t2, t3):  # N-TEP-1 judges specialty teachers who held the role all 5 years
        r("person.assign-role", person_id=t, role="specialty_teacher", since=D(2019, 9, 1))
    r.exchange("rotation", t2, school, branch, D(2025, 9, 1), filed=D(2025, 8, 1))
    return {"school": school}


def values(card) -> dict:
    return {m.key.split(".", 1)[1]: (m.value, m.met) for m in card.metrics}


def test_department_scorecards(rec):
    s = str(build(rec)["school"])
    cards = {c.subject_id: values(c) for c in evaluate(rec.app, "department", Y2025)
             if c.subject_id.startswith(s)}
    mech, biz = cards[f"{s}:Mechanical"], cards[f"{s}:Business"]
    assert mech["teachers_with_2_months_practice"] == (1, None)  # T1 only; T2 30 days, T3 in 2022
    assert mech["practice_share"] == (Decimal("0.1000"), True)  # 1 of 10
    assert mech["liaison_named"] == (1, True)
    assert biz["practice_share"] == (Decimal("0.0000"), False)  # 0 of 5
    assert biz["liaison_named"] == (0, False)


def test_institution_scorecard(rec):
    """A vocational college: P14 and N-TEP targets judged; N-ROT (compulsory schools) read only."""
    s = str(build(rec, "vocational_college")["school"])
    [card] = evaluate(rec.app, "institution", Y2025, s)
    v = values(card)
    assert v["partner_enterprises"] == (1, False)  # Gree via the base; Midea's agreement ended
    assert v["demonstration_bases_built"] == (1, False)  # 1 of the 10 asked
    assert v["departments_without_demonstration_base"] == (2, False)  # none in force on 31 Dec
    assert v["teachers"] == (3, None)
    assert v["teachers_below_6_months_5y"] == (2, False)  # T1 61, T2 30 days; T3 has 200
    assert v["rotation_share"] == (Decimal("0.3333"), None)  # T2 rotated: 1 of 3, not judged here
    assert v["backbone_share"] == (Decimal("1.0000"), None)  # T2 is a backbone teacher
    assert set(card.details["targets_not_applicable"]) == {"institution.rotation_share", "institution.backbone_share"}


def test_p14_targets_do_not_score_a_secondary_school_nor_a_primary_one(rec):
    """P14 is a vocational college's plan; N-ROT's shares judge compulsory schools only."""
    s = str(build(rec, "vocational_secondary")["school"])
    [card] = evaluate(rec.app, "institution", Y2025, s)
    v = values(card)
    assert v["partner_enterprises"] == (1, None) and v["demonstration_bases_built"] == (1, None)
    assert v["teachers_below_6_months_5y"] == (2, False)  # N-TEP-1: vocational schools
    assert "P14-R1 applies to vocational_college" in card.details["targets_not_applicable"]["institution.partner_enterprises"]
    primary = str(rec.inst("school", "Anxi Primary", school_stage="primary"))
    [card] = evaluate(rec.app, "institution", Y2025, primary)
    v = values(card)
    assert v["partner_enterprises"] == (0, None) and v["teachers_below_6_months_5y"] == (0, None)
    assert v["rotation_share"][1] is None or v["rotation_share"][0] is None  # no teachers: nothing to judge
