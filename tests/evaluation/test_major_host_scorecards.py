"""Major and host scorecards on a hand-built history (SQLite file and PostgreSQL); every
expected value is worked out by hand in the comments."""

from __future__ import annotations

from decimal import Decimal

from eval_history import D, Recorder

from gtt_domain.audit import run_audit
from gtt_domain.evaluation import evaluate, evaluation_period

Y2025 = evaluation_period(2025)


def build(rec: Recorder) -> dict:
    r = rec
    school = r.inst("school", "Anxi Vocational", school_stage="vocational_secondary")
    r("institution.open-department", institution_id=school, name="Mechanical", teacher_count=10)
    r("institution.open-major", institution_id=school, code="660301", name="AC repair",
      department="Mechanical", teacher_count=4)
    e1, e2, e3 = (r.inst("enterprise", n) for n in ("Gree AC", "Midea", "Haier"))
    r("institution.report-headcount", institution_id=e1, on_post_staff=20, as_of=D(2025, 1, 1))
    both = lambda e: [(school, "school"), (e, "enterprise")]  # noqa: E731
    base1 = r.agreement("training_base", both(e1), D(2025, 2, 1), majors=["660301"], end=D(2027, 1, 31))
    base2 = r.agreement("post_internship_base", both(e2), D(2024, 3, 1), majors=["660301"], end=D(2026, 3, 1))
    r("agreement.terminate", agreement_id=base2, on=D(2025, 6, 30), reason="host closed")
    r.agreement("co_developed_course", both(e3), D(2023, 5, 1), majors=["660301"], end=D(2024, 12, 31))
    r.agreement("co_developed_course", both(e3), D(2022, 5, 1), majors=["660301"], end=D(2022, 12, 31))
    obs = r.agreement("observation", both(e1), D(2025, 2, 1), majors=["660301"], end=D(2026, 12, 31),
                      obligations=[{"obligation_id": "weeks", "description": "Observation weeks",
                                    "obligor": e1, "quantity": "2", "unit": "weeks", "cadence": "per_semester"}])
    r("agreement.record-fulfilment", agreement_id=obs, obligation_id="weeks", on=D(2025, 4, 10), quantity="2")
    r("agreement.record-fulfilment", agreement_id=obs, obligation_id="weeks", on=D(2025, 10, 10), quantity="1")
    for start in (D(2025, 3, 1), D(2025, 9, 1), D(2024, 9, 1)):
        tech = r.person("enterprise_staff", f"Technician {start}", e1)
        r.exchange("expert_teaching", tech, e1, school, start, agreement=base1 if start.year == 2025 else None)
    ids = []
    for n in range(4):
        s = r.person("student", f"Student {n}", school)
        r("person.enrol", person_id=s, institution_id=school, major_code="660301", department="Mechanical",
          admitted_on=D(2023, 9, 1), semester_at_admission=1)
        ids.append(r("internship.place", student_id=s, school_id=school, host_id=e1, agreement_id=base1,
                     kind="post", programme="none", post="AC fitter", post_category="ordinary",
                     planned_start=D(2025, 3, 1), planned_end=D(2025, 12, 31)))
    i1, i2, i3, _i4 = ids
    for i in (i1, i2):
        r("internship.start", internship_id=i, on=D(2025, 3, 1))
    r("internship.start", internship_id=i3, on=D(2025, 9, 1))
    r("internship.evaluate", internship_id=i1, by="host", score="90", on=D(2025, 8, 20))
    r("internship.evaluate", internship_id=i1, by="school", score="60", on=D(2025, 8, 21))
    r("internship.evaluate", internship_id=i2, by="host", score="70", on=D(2025, 4, 30))
    r("internship.record-certification", internship_id=i1, exam="AC fitter L4", passed=True, on=D(2025, 8, 25))
    r("internship.record-certification", internship_id=i2, exam="AC fitter L4", passed=False, on=D(2025, 4, 25))
    r("internship.complete", internship_id=i1, on=D(2025, 8, 31))
    r("internship.hire", internship_id=i1, on=D(2025, 9, 1))
    r("internship.terminate", internship_id=i2, on=D(2025, 5, 1), reason="left")
    return {"school": school, "e1": e1, "internships": [str(i) for i in ids]}


def values(card) -> dict:
    return {m.key.split(".", 1)[1]: (m.value, m.met) for m in card.metrics}


def test_major_scorecard(rec):
    w = build(rec)
    [card] = evaluate(rec.app, "major", Y2025, f"{w['school']}:660301")
    v = values(card)
    assert v["active_bases"] == (1, False)  # base1 in force on 31 Dec; base2 terminated 30 Jun
    assert v["bases_built"] == (1, False)  # base1 activated in 2025; base2 in 2024
    assert v["co_developed_courses_3y"] == (1, True)  # 2023 counts, 2022 is beyond 3 years
    assert v["co_developed_textbooks_3y"] == (0, False)
    assert v["technicians_brought_in"] == (2, False)  # two in 2025 under base1; one in 2024
    assert v["observation_weeks_min_semester"] == (Decimal(1), False)  # spring 2, autumn 1
    assert v["internships_started"] == (3, None)
    assert v["internships_completed"] == (1, None)
    assert v["completion_rate"] == (Decimal("0.5000"), None)  # 1 completed of 2 ended
    assert v["hire_rate"] == (Decimal("1.0000"), None)
    assert v["certification_pass_rate"] == (Decimal("0.5000"), None)
    assert v["mean_host_evaluation"] == (Decimal("80.00"), None)  # (90 + 70) / 2; school's 60 not counted
    assert card.metric("major.active_bases").rule == "P8-R1"


def test_host_scorecard(rec):
    w = build(rec)
    [card] = evaluate(rec.app, "host", Y2025, str(w["e1"]))
    v = values(card)
    assert v["interns_hosted"] == (3, None)  # i4 never started
    assert v["peak_interns_on_a_day"] == (2, None)  # i1, i2 from 1 Mar; i3 starts after i1 ends
    assert v["intern_cap"] == (2, None)  # 10% of 20
    assert v["cap_headroom"] == (0, True)
    assert v["interns_completed"] == (1, None)
    assert v["mean_evaluation"] == (Decimal("80.00"), None)
    assert card.metric("host.cap_headroom").rule == "N-INT-11"


def test_findings_per_100_internships_and_host_findings(rec):
    w = build(rec)
    found = run_audit(rec.app, None, as_of=Y2025.end)
    on_interns = sum(1 for f in found if f.status == "open" and f.subject_kind == "internship"
                     and f.subject_id in w["internships"])
    assert on_interns > 0  # placements without plans, documents, insurance, …
    [major] = evaluate(rec.app, "major", Y2025, f"{w['school']}:660301", with_findings=True)
    # all four internships touch 2025 (i4 is placed for Mar–Dec): 100 * findings / 4
    expected = (Decimal(100 * on_interns) / 4).quantize(Decimal("0.01"))
    assert major.metric("major.findings_per_100_internships").value == expected
    [host] = evaluate(rec.app, "host", Y2025, str(w["e1"]), with_findings=True)
    assert host.metric("host.open_findings").value == on_interns
    [plain] = evaluate(rec.app, "major", Y2025, f"{w['school']}:660301")
    assert plain.metric("major.findings_per_100_internships").value is None
