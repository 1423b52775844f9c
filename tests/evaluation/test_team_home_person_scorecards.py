"""Learning team (P5), home–school community (P2-R1) and person in a medical community
(P4-R3) scorecards on hand-built histories; expected values worked out by hand."""

from __future__ import annotations

from eval_history import D, Recorder

from gtt_domain.evaluation import evaluate, evaluation_period


def test_learning_team_scorecard(rec: Recorder):
    r = rec
    school = r.inst("school", "Anxi No.2 Middle", school_stage="junior")
    t = r("community.establish", kind="learning_team", name="Grade 7 maths team", region="Anxi",
          core_institution_id=school, established_on=D(2025, 6, 2))  # a Monday
    r("community.define-team", community_id=t, subject="maths", grade="grade-7", topic=None)
    kids = [r.person("student", f"Pupil {n}", school) for n in range(3)]
    for k in kids:
        r("community.add-team-member", community_id=t, person_id=k, on=D(2025, 6, 2))
    r("community.remove-team-member", community_id=t, person_id=kids[2], on=D(2025, 6, 20))
    for day in (D(2025, 6, 3), D(2025, 6, 10), D(2025, 6, 26)):  # weeks 1, 2 and 4
        r("community.record-activity", community_id=t, kind="team_activity", held_on=day,
          participants=kids[:2], record="problem session")
    for month, grade, score in (("2025-06", "grade-7", "88"), ("2025-06", "grade-8", "92"),
                                ("2025-07", "grade-8", "70"), ("2025-07", "grade-7", "75")):
        r("community.score-results", community_id=t, month=month, grade=grade, score=score, scorer="panel")
    r("community.dissolve", community_id=t, on=D(2025, 7, 27), reason="end of term")  # a Sunday
    [card] = evaluate(r.app, "team", evaluation_period(2025, "spring"), str(t))
    v = {m.key: (m.value, m.met) for m in card.metrics}
    assert v["team.size"] == (2, None)  # three joined, one left
    assert v["team.weeks"] == (8, None)  # 2 Jun .. 27 Jul
    assert v["team.weeks_without_activity"] == (5, False)  # 16 Jun and the four weeks of July
    assert card.details["idle_weeks"] == ["2025-W25", "2025-W27", "2025-W28", "2025-W29", "2025-W30"]
    ranking = card.details["ranking"]
    assert [(x["grade"], x["rank"]) for x in ranking["2025-06"]] == [("grade-8", 1), ("grade-7", 2)]
    assert [(x["grade"], x["rank"]) for x in ranking["2025-07"]] == [("grade-7", 1), ("grade-8", 2)]


def test_home_school_scorecard(rec: Recorder):
    r = rec
    school = r.inst("school", "Anxi No.3 Primary", school_stage="primary")
    hs = r("community.establish", kind="home_school", name="No.3 home-school", region="Anxi",
           core_institution_id=school, established_on=D(2024, 9, 1))
    parent = r.person("parent", "A parent", None)
    for grade, day in (("grade-1", D(2025, 3, 10)), ("grade-1", D(2025, 10, 10)), ("grade-2", D(2025, 3, 12))):
        r("community.record-activity", community_id=hs, kind="parent_meeting", held_on=day,
          participants=[parent], grade=grade, record="meeting")
    [card] = evaluate(r.app, "home_school", evaluation_period(2025), str(hs))
    v = {m.key: (m.value, m.met) for m in card.metrics}
    assert v["home_school.grades"] == (2, None)
    assert v["home_school.parent_meetings"] == (3, None)
    assert v["home_school.grades_short_of_meetings"] == (1, False)  # grade-2 in autumn


def test_person_primary_service(rec: Recorder):
    r = rec
    hospital = r.inst("hospital", "County Hospital")
    centre = r.inst("health_centre", "Hutou Health Centre")
    r("community.establish", kind="medical_community", name="County medical community", region="Anxi",
      core_institution_id=hospital, established_on=D(2023, 1, 1))
    d1, d2 = r.person("doctor", "Doctor 1", hospital), r.person("doctor", "Doctor 2", hospital)
    r.exchange("medical_dispatch", d1, hospital, centre, D(2024, 3, 1), end=D(2025, 2, 28), completed=D(2025, 2, 28))
    r.exchange("medical_dispatch", d2, hospital, centre, D(2025, 6, 1), end=D(2026, 5, 31))
    cards = {c.subject_id: {m.key: (m.value, m.met) for m in c.metrics}
             for c in evaluate(r.app, "person", evaluation_period(2025))}
    assert cards[str(d1)]["person.continuous_primary_months"] == (12, True)  # 1 Mar 2024 .. 28 Feb 2025
    assert cards[str(d2)]["person.continuous_primary_months"] == (7, False)  # 1 Jun .. 31 Dec 2025
