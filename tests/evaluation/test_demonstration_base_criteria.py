"""P14-R4 demonstration-base criteria (the shipped rule pack) on a hand-built host: every
criterion met exactly at its threshold, then each history that fails exactly one of them
at the boundary; a user's pack; a pack with a wrong field fails naming it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from eval_history import D, Recorder

from gtt_domain.evaluation import evaluate, evaluation_period, load_pack
from gtt_domain.evaluation.pack import load_criteria

Y2025 = evaluation_period(2025)
FIRST_JANUARY_2024 = D(2024, 1, 1)
DOCS = ("recommendation_form", "student_status_record", "id_copy", "guardian_consent", "student_consent",
        "tripartite_agreement")


def build(r: Recorder, *, staff: int = 50, base_from: date = FIRST_JANUARY_2024, scores=("80",) * 5,
          completed: int = 4) -> str:
    """Five interns at one host, all placed with their documents (no finding of severity
    high or above), started 1 Mar 2025 and ended 31 Aug."""
    school = r.inst("school", "Anxi Vocational", school_stage="vocational_secondary")
    r("institution.open-department", institution_id=school, name="Mechanical", teacher_count=10)
    r("institution.open-major", institution_id=school, code="660301", name="AC repair", department="Mechanical",
      teacher_count=4)
    host = r.inst("enterprise", "Gree AC")
    r("institution.report-headcount", institution_id=host, on_post_staff=staff, as_of=D(2024, 1, 1))
    base = r.agreement("training_base", [(school, "school"), (host, "enterprise")], base_from,
                       majors=["660301"], end=D(2027, 12, 31))
    teacher, mentor = r.person("teacher", "T", school), r.person("enterprise_staff", "M", host)
    for n, score in enumerate(scores):
        s = r.person("student", f"S{n}", school)
        r("person.enrol", person_id=s, institution_id=school, major_code="660301", department="Mechanical",
          admitted_on=D(2023, 9, 1), semester_at_admission=1)
        i = r("internship.place", student_id=s, school_id=school, host_id=host, agreement_id=base, kind="post",
              programme="none", post="AC fitter", post_category="ordinary",
              planned_start=D(2025, 3, 1), planned_end=D(2025, 8, 31))
        r("internship.agree-plan", internship_id=i, agreed_on=D(2024, 12, 1))
        for doc in DOCS:
            r("internship.provide-document", internship_id=i, doc=doc, provided_on=D(2025, 2, 1))
        r("internship.provide-document", internship_id=i, doc="insurance_policy", provided_on=D(2025, 2, 1),
          cover_from=D(2025, 3, 1), cover_to=D(2025, 12, 31))
        r("internship.assign-teacher", internship_id=i, teacher_id=teacher, on=D(2025, 2, 20))
        r("internship.assign-mentor", internship_id=i, mentor_id=mentor, on=D(2025, 2, 20))
        r("internship.start", internship_id=i, on=D(2025, 3, 1))
        r("internship.evaluate", internship_id=i, by="host", score=score, on=D(2025, 8, 20))
        if n < completed:
            r("internship.complete", internship_id=i, on=D(2025, 8, 31))
        else:
            r("internship.terminate", internship_id=i, on=D(2025, 8, 31), reason="moved away")
    return str(host)


def criteria(r: Recorder, host: str, **kw) -> tuple[dict[str, tuple], object]:
    [card] = evaluate(r.app, "host", Y2025, host, with_findings=True, **kw)
    got = {m.key.removeprefix("host.criterion."): (m.value, m.target, m.met)
           for m in card.metrics if m.key.startswith("host.criterion.")}
    return got, card


def test_host_meeting_every_criterion_at_its_threshold(rec):
    host = build(rec)
    got, card = criteria(rec, host)
    assert got == {
        "interns_hosted": (5, ">= 5", True),  # five started 1 Mar
        "mean_host_evaluation": (Decimal("80.00"), ">= 80", True),  # 5 x 80 / 5
        "completion_rate": (Decimal("0.8000"), ">= 0.80", True),  # 4 completed of 5 ended
        "no_serious_findings": (0, "<= 0", True),  # documents, plan, insurance, teacher, mentor all there
        "cap_headroom": (0, ">= 0", True),  # cap 10% of 50 = 5, five on post from 1 Mar
        "years_of_cooperation": (2, ">= 2", True),  # 1 Jan 2024 .. 31 Dec 2025 is 24 whole months
    }
    verdict = card.metric("host.meets_demonstration_base_criteria")
    assert (verdict.value, verdict.met, verdict.rule) == (1, True, "P14-R4")
    assert card.metric("host.criterion.cap_headroom").rule == "P14-R4 (N-INT-11)"
    assert card.metric("host.criterion.interns_hosted").rule == "P14-R4"
    detail = card.details["demonstration_base"]
    assert (detail["pack"], detail["meets"]) == ("P14-R4-demonstration-base", True)
    assert [c["id"] for c in detail["criteria"]] == list(got)
    # without the audits the findings criterion, and so the verdict, are unknown, not met
    [plain] = evaluate(rec.app, "host", Y2025, host)
    assert plain.metric("host.criterion.no_serious_findings").met is None
    assert plain.metric("host.meets_demonstration_base_criteria").value is None


@pytest.mark.parametrize(("history", "failing", "value"), [
    ({"base_from": D(2024, 1, 2)}, "years_of_cooperation", 1),  # 2 Jan 2024 .. 31 Dec 2025: 23 months
    ({"staff": 49}, "cap_headroom", -1),  # cap 4 (49 * 10 // 100), five on post
    ({"scores": ("80", "80", "80", "80", "79.95")}, "mean_host_evaluation", Decimal("79.99")),
    ({"completed": 3}, "completion_rate", Decimal("0.6000")),  # 3 of 5
    ({"scores": ("80",) * 4, "completed": 4}, "interns_hosted", 4),  # 4 interns, all completed
])
def test_failing_exactly_one_criterion_at_the_boundary(rec, history, failing, value):
    host = build(rec, **history)
    got, card = criteria(rec, host)
    assert {k for k, (_, _, met) in got.items() if met is not True} == {failing}
    assert got[failing][0] == value and got[failing][2] is False
    verdict = card.metric("host.meets_demonstration_base_criteria")
    assert (verdict.value, verdict.met) == (0, False)


SHIPPED = Path(__file__).parents[2] / "src/gtt_domain/evaluation/packs/demonstration-base.toml"


def test_a_user_pack_replaces_the_shipped_criteria(rec, tmp_path):
    host = build(rec)
    mine = tmp_path / "office.toml"
    mine.write_text(SHIPPED.read_text("utf-8").replace("threshold = 5", "threshold = 6"), "utf-8")
    got, card = criteria(rec, host, pack=load_pack(criteria_path=mine))
    assert got["interns_hosted"] == (5, ">= 6", False)
    assert card.metric("host.meets_demonstration_base_criteria").met is False


@pytest.mark.parametrize(("edit", "message"), [
    (('ref = "P14-R4", document = "plans.md" }', 'ref = "P8-R1", document = "plans.md" }'),
     "comes from P14-R4, not P8-R1"),
    (('measure = "cap_headroom"', 'measure = "cap_room"'), "criteria.4.measure"),
    (('draws_on = ["N-INT-11"]', 'draws_on = ["cap rule"]'), "criteria.4.draws_on: .*cap rule: not a plan rule id"),
    (('min_severity = "high"\n', ''), "min_severity is given for open_findings_at_or_above"),
    (('op = ">="\nthreshold = 2', 'op = ">"\nthreshold = 2'), "criteria.5.op"),
])
def test_a_wrong_pack_fails_naming_the_field(tmp_path, edit, message):
    bad = tmp_path / "bad.toml"
    text = SHIPPED.read_text("utf-8")
    assert edit[0] in text
    bad.write_text(text.replace(edit[0], edit[1], 1), "utf-8")
    with pytest.raises(ValueError, match=message):
        load_criteria(bad)
