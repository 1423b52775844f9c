"""Education-group scorecard (P1) on a hand-built history: flows, filing, research
activities, shadow days, funding, teaching-quality trends with "rotation due" (P1-R7) and
the bundled score (P1-R11); expected values worked out by hand in the comments."""

from __future__ import annotations

from decimal import Decimal

from eval_history import D, Recorder

from gtt_domain.evaluation import evaluate, evaluation_period
from gtt_domain.evaluation.trend import progressed, rotation_due

Y2025 = evaluation_period(2025)
TEACHING_MONTHS = (1, 2, 3, 4, 5, 6, 9, 10, 11, 12)


def build(r: Recorder) -> dict:
    head = r.inst("school", "Anxi No.1 Primary", school_stage="primary")
    b1, b2, b3 = (r.inst("school", f"Branch {n}", school_stage="primary") for n in (1, 2, 3))
    g = r("community.establish", kind="education_group", name="Anxi No.1 group", region="Anxi",
          core_institution_id=head, established_on=D(2022, 9, 1))
    for b in (b1, b2, b3):
        r("community.join", community_id=g, institution_id=b, on=D(2022, 9, 1), role="branch")
    quality = {head: {2023: 90, 2024: 85, 2025: 80},           # two declines: rotation due
               b1: {2024: 75, 2025: 74},                       # one decline: not due
               b2: {2022: 70, 2023: 65, 2024: 68, 2025: 60},   # decline, rise, decline: not due
               b3: {2024: 60, 2025: 70}}                       # a rise: progress
    for inst, years in quality.items():
        for year, score in years.items():
            r("institution.assess-quality", institution_id=inst, year=year, score=score, assessor="bureau")
    ht = [r.person("teacher", f"Head teacher {n}", head) for n in range(3)]
    bt = r.person("teacher", "Branch teacher", b1)
    # P1-R5/R6 count cadres and backbone teachers: head teachers 0 and 1 are backbone, 2 is not
    for t in ht[:2]:
        r("person.assign-role", person_id=t, role="backbone_teacher", since=D(2020, 1, 1))
    r("person.assign-role", person_id=bt, role="mid_level_cadre", since=D(2020, 1, 1))
    # b1 is the weak branch (P1-R5 sends to weak branches); b2 and b3 are not
    r("community.rate-branch", community_id=g, institution_id=b1, weak=True, on=D(2022, 9, 1), basis="ranking")
    # school year 2024/25: out head -> b1 rotation x2 (one filed late), head -> b2 rotation
    # (Sep 2024, not a weak branch); in b1 -> head. 2025/26: head -> b2 by a non-backbone teacher
    r.exchange("rotation", ht[0], head, b1, D(2025, 2, 10), filed=D(2025, 1, 5), community=g)
    r.exchange("rotation", ht[1], head, b1, D(2025, 2, 10), filed=D(2025, 3, 1), community=g)
    r.exchange("support_teaching", ht[2], head, b2, D(2025, 9, 1), filed=D(2025, 8, 1), community=g)
    r.exchange("shadow_learning", bt, b1, head, D(2025, 3, 1), filed=D(2025, 2, 1), community=g)
    r.exchange("rotation", ht[0], head, b2, D(2024, 9, 1), filed=D(2024, 8, 1), community=g)  # 2024
    for day in (D(2025, 3, 5), D(2025, 5, 5), D(2025, 10, 5)):  # spring 2, autumn 1
        r("community.record-activity", community_id=g, kind="research_activity", held_on=day,
          participants=[ht[0]], record="lesson study")
    for month in TEACHING_MONTHS:  # every teaching month but November
        if month != 11:
            r("community.record-activity", community_id=g, kind="shadow_day",
              held_on=D(2025, month, 15), participants=[bt], record="attended lessons")
    r("community.record-funding", community_id=g, amount="200000", received_on=D(2025, 3, 1), source="county")
    r("community.record-funding", community_id=g, amount="150000", received_on=D(2024, 12, 31), source="county")
    return {"group": g, "head": head, "b1": b1, "b2": b2, "b3": b3}


def test_group_scorecard(rec):
    w = build(rec)
    [card] = evaluate(rec.app, "group", Y2025, str(w["group"]))
    v = {m.key.split(".", 1)[1]: (m.value, m.met) for m in card.metrics}
    # the 2025 card counts the school year 2024/25 (September 2024 to August 2025)
    assert card.details["windows"]["group.exchanges_out"]["label"] == "2024/2025"
    assert v["exchanges_out"] == (2, False)  # to the weak branch b1; the one to b2 does not count
    assert v["exchanges_in"] == (1, False)
    assert v["exchange_balance"] == (2, False)  # 3 sent to branches, 1 back
    assert v["filed_before_start_share"] == (Decimal("0.7500"), False)  # 3 of 4 filed first
    assert v["research_activities_min_semester"] == (1, False)  # autumn has 1
    assert v["shadow_days_min_teacher_month"] == (0, False)  # November
    assert v["funding"] == (Decimal("350000"), True)  # Dec 2024 and Mar 2025: one school year
    assert v["members_rotation_due"] == (1, False)  # the head school
    # group: 1 met of 8 judged = 0.125; members: 1 of 4 rose = 0.25
    # bundled = 100 * (0.6 * 0.125 + 0.4 * 0.25) = 17.50
    assert v["bundled_score"] == (Decimal("17.50"), None)
    [next_year] = evaluate(rec.app, "group", evaluation_period(2026), str(w["group"]))
    assert next_year.metric("group.exchanges_out").value == 0  # 2025/26: a teacher, not a backbone one
    due = {m["institution_id"]: m["rotation_due"] for m in card.details["members"]}
    assert due == {str(w["head"]): True, str(w["b1"]): False, str(w["b2"]): False, str(w["b3"]): False}
    flows = {f["branch_id"]: (f["out"], f["in"]) for f in card.details["flows"]}
    assert flows == {str(w["b1"]): (2, 1), str(w["b2"]): (1, 0), str(w["b3"]): (0, 0)}


def q(**scores: int) -> dict[str, Decimal]:
    return {k[1:]: Decimal(v) for k, v in scores.items()}


def test_rotation_due_needs_two_consecutive_declines_ending_in_the_year():
    assert rotation_due(q(y2023=90, y2024=85, y2025=80), 2025)
    assert not rotation_due(q(y2024=85, y2025=80), 2025)  # one decline
    assert not rotation_due(q(y2022=90, y2023=80, y2024=85, y2025=80), 2025)  # decline-rise-decline
    assert not rotation_due(q(y2023=90, y2024=85, y2025=85), 2025)  # a flat year breaks the run
    assert not rotation_due(q(y2022=90, y2023=85, y2024=80, y2025=82), 2025)  # recovered this year
    assert rotation_due(q(y2022=90, y2023=85, y2024=80, y2025=82), 2024)  # but was due in 2024
    assert progressed(q(y2024=60, y2025=70), 2025) is True
    assert progressed(q(y2025=70), 2025) is None


def test_a_past_evaluation_is_reproduced_from_the_log_as_it_stood(rec, clock):
    """Scorecards are derived on demand: facts recorded later change today's scorecard,
    and ``known_at`` gives back the one computed before them."""
    w = build(rec)
    before = evaluate(rec.app, "group", Y2025, str(w["group"]))[0].as_dict()
    cut = clock.now
    clock.now = cut.replace(year=cut.year + 1)
    bt = rec.person("teacher", "Late branch teacher", w["b2"])
    rec("person.assign-role", person_id=bt, role="backbone_teacher", since=D(2020, 1, 1))
    rec.exchange("shadow_learning", bt, w["b2"], w["head"], D(2025, 4, 1), filed=D(2025, 3, 1),
                 community=w["group"])
    now = evaluate(rec.app, "group", Y2025, str(w["group"]))[0]
    assert now.metric("group.exchanges_in").value == 2  # the late record counts today
    again = evaluate(rec.app, "group", Y2025, str(w["group"]), known_at=cut)[0].as_dict()
    assert again == before
