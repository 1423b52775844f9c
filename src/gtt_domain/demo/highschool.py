"""P2 and P5 at one high school: a home–school community and teacher learning teams.

The school records its terms and adopts P2 and P5.
P2: parent meetings per grade and semester (grade-11 misses one semester, P2-R1), Sunday
parent academy (P2-R2), counselling with approval (one without, P2-R3).
P5: teams of 4–6 per grade and subject (one of 3, P5-R1), reported by 25 September (the
grade-12 teams late in 2025, P5-R2), an activity every term week (one team skips some
weeks, P5-R4), monthly scores (P5-R5).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from gtt_domain.demo.calendar import MIN_SCHOOL_DAYS, SEMESTERS, START, cmd, school_days
from gtt_domain.demo.governance import adopt, school_calendar
from gtt_domain.demo.people import register, staff
from gtt_domain.demo.places import institution
from gtt_domain.demo.story import Story, months

GRADES = ["grade-10", "grade-11", "grade-12"]
SUBJECTS = ["mathematics", "chinese", "english", "physics"]
ACTOR = "no1-high.research-office"


def high_school(story: Story) -> None:
    day0 = START + timedelta(days=20)
    school = institution(story, day0, ACTOR, "p2-high", "school", "Anxi No.1 High School", "Anxi",
                         locality="urban", stage="senior")
    school_calendar(story, day0, ACTOR, school)
    adopt(story, day0, ACTOR, "P2", "institution", school, since=date(2024, 8, 25), authority="school office meeting")
    adopt(story, day0, ACTOR, "P5", "institution", school, since=date(2024, 9, 1), authority="school office meeting")
    teachers = staff(story, day0, ACTOR, "teacher", school, "p2-teacher", story.count(24, 12))
    counsellor = register(story, day0, ACTOR, "teacher", school, "p2-counsellor")
    _home_school(story, school, teachers, counsellor)
    _learning_teams(story, school, teachers)


def _home_school(story: Story, school: UUID, teachers: list[UUID], counsellor: UUID) -> None:
    rng = story.rng
    cid, ext = story.new_id("community", "p2-home-school")
    est = date(2024, 8, 25)
    story.at(est, ACTOR, cmd("community.establish", kind="home_school", name="No.1 High Home–School Community",
                             region="Anxi", core_institution_id=school, established_on=est, external_id=ext))
    story.at(est, ACTOR, cmd("community.assign-role", community_id=cid, person_id=counsellor,
                             role="counsellor", since=est))
    directors = teachers[:3]
    for s, (first, last) in enumerate(SEMESTERS):
        for g, grade in enumerate(GRADES):
            n = 0 if (grade == "grade-11" and s == 2) else rng.choice([1, 2])
            if n == 0:
                story.intend("P2-R1-parent-meetings", cid, "no grade-11 parent meeting in autumn 2025")
            for k in range(n):
                held = first + timedelta(days=20 + 60 * k + g)
                story.at(held, ACTOR, cmd("community.record-activity", community_id=cid,
                                          activity_id=f"p2-meeting-{s}-{grade}-{k}", kind="parent_meeting",
                                          held_on=held, grade=grade, record="Grade parent meeting"))
            for k in range(2):
                held = first + timedelta(days=25 + 45 * k)
                approved = None if (s == 1 and g == 0 and k == 0) else directors[g]
                if approved is None:
                    story.intend("P2-R3-counselling", cid, "counselling without the grade director's approval")
                story.at(held, ACTOR, cmd("community.record-activity", community_id=cid,
                                          activity_id=f"p2-counsel-{s}-{grade}-{k}", kind="counselling",
                                          held_on=held, grade=grade, participants=[counsellor],
                                          approved_by=approved, record="Special counselling session"))
        for grade in GRADES:  # P2-R4: each grade's semester summary to the research office
            story.at(last - timedelta(days=3), ACTOR, cmd(
                "community.record-activity", community_id=cid, activity_id=f"p2-summary-{s}-{grade}",
                kind="semester_summary", held_on=last - timedelta(days=3), grade=grade, record="Semester summary"))
        story.at(last - timedelta(days=2), ACTOR, cmd(
            "community.record-activity", community_id=cid, activity_id=f"p2-commendation-{s}", kind="commendation",
            held_on=last - timedelta(days=2), record="Commendation of parents and classes"))
        sunday = first + timedelta(days=(6 - first.weekday()) % 7)
        while sunday <= last:
            story.at(sunday, ACTOR, cmd("community.record-activity", community_id=cid,
                                        activity_id=f"p2-academy-{sunday}", kind="parent_academy",
                                        held_on=sunday, record="Parent academy session"))
            sunday += timedelta(days=7)


def _learning_teams(story: Story, school: UUID, teachers: list[UUID]) -> None:
    rng = story.rng
    est = date(2024, 9, 2)
    cal = school_days()
    pool = list(teachers)
    team_no = 0
    for g, grade in enumerate(GRADES):
        for subject in SUBJECTS[: 2 if story.scale < 1 else 4]:
            size = 3 if team_no == 1 else rng.randint(4, 6)
            cid, ext = story.new_id("community", f"p5-team-{grade}-{subject}")
            if size < 4:
                story.intend("P5-R1-size", cid, "a team of 3")
            members = [pool[(team_no * 5 + i) % len(pool)] for i in range(size)]
            members = list(dict.fromkeys(members))
            story.at(est, ACTOR, cmd("community.establish", kind="learning_team",
                                     name=f"{grade} {subject} strategy team", region="Anxi",
                                     core_institution_id=school, established_on=est, external_id=ext))
            story.at(est, ACTOR, cmd("community.define-team", community_id=cid, subject=subject, grade=grade,
                                     topic=rng.choice(["Questioning strategies", "Layered homework",
                                                       "Reading to learn", "Error analysis"])))
            story.at(est, ACTOR, cmd("community.assign-role", community_id=cid, person_id=members[0],
                                     role="team_leader", since=est))
            for p in members:
                story.at(est, ACTOR, cmd("community.add-team-member", community_id=cid, person_id=p, on=est))
            for year in (2024, 2025, 2026):
                reported = date(year, 9, 28) if g == 2 and year == 2025 else date(year, 9, 20 + g)
                story.at(reported, ACTOR, cmd("community.report-team", community_id=cid, reported_on=reported))
                if reported > date(year, 9, 25):
                    story.intend("P5-R2-report", cid, f"reported on {reported}, after 25 September (remedied late)")
            for first, last in SEMESTERS:
                week = first - timedelta(days=first.weekday())
                while week <= last:
                    days = list(cal.school_days(max(week, first), min(week + timedelta(days=6), last)))
                    judged = cal.count(week, week + timedelta(days=6)) >= MIN_SCHOOL_DAYS["week"]
                    held = next((d for d in days if d.weekday() >= 2), days[0]) if days else None
                    if held is not None and judged and team_no == 2 and rng.random() < 0.3:
                        story.intend("P5-R4-weekly", cid, "some term weeks without a team activity")
                    elif held is not None:
                        story.at(held, ACTOR, cmd("community.record-activity", community_id=cid,
                                                  activity_id=f"p5-{cid}-{held}", kind="team_activity",
                                                  held_on=held, participants=members, grade=grade,
                                                  record="Lesson study and reflection"))
                    week += timedelta(days=7)
            team_no += 1
            if subject == SUBJECTS[0]:
                for first, last in SEMESTERS:
                    for m in months(first + timedelta(days=27), last):
                        story.at(m + timedelta(days=27), ACTOR, cmd(
                            "community.score-results", community_id=cid, month=f"{m:%Y-%m}", grade=grade,
                            score=Decimal(rng.randint(700, 950)) / 10, scorer="Expert panel"))
