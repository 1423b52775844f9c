"""P7: a secondary vocational school's order class. The school adopts P7; before streaming
it signs an order-training agreement with an appliance maker (both sides' duties, a
three-year term); the streamed class signs employment agreements with the enterprise,
student and parent (P7-R1: one student's parent never signs, so the agreement is not on
file when the post internship starts), and after two years at school (semester 5) the
class goes on a six-month post internship (P7-R3) with a guidance teacher and a mentor."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from gtt_domain.demo import cohort
from gtt_domain.demo.agreements import agreement
from gtt_domain.demo.calendar import cmd
from gtt_domain.demo.governance import adopt, school_calendar
from gtt_domain.demo.names import birth_date
from gtt_domain.demo.people import register, staff
from gtt_domain.demo.places import institution
from gtt_domain.demo.story import Story

ACTOR = "qz-light-industry.office"
MAJOR, DEPARTMENT = "660301", "Electrical Appliances"


def secondary_order_class(story: Story) -> None:
    day0 = date(2024, 6, 20)
    school = institution(story, day0, ACTOR, "p7-school", "school", "Quanzhou Light Industry Secondary Vocational School",
                         "Quanzhou", locality="urban", stage="vocational_secondary")
    school_calendar(story, day0, ACTOR, school)
    adopt(story, day0, ACTOR, "P7", "institution", school, authority="school party branch")
    story.at(day0, ACTOR, cmd("institution.open-department", institution_id=school, name=DEPARTMENT, teacher_count=12),
             cmd("institution.open-major", institution_id=school, code=MAJOR, name="Household Appliance Repair",
                 department=DEPARTMENT, teacher_count=6))
    teachers = staff(story, day0, ACTOR, "teacher", school, "p7-teacher", 2)
    firm = institution(story, day0, ACTOR, "p7-firm", "enterprise", "Jinjiang Electric Appliances Co., Ltd.", "Quanzhou")
    story.at(day0, ACTOR, cmd("institution.report-headcount", institution_id=firm, on_post_staff=420, as_of=day0))
    mentor = register(story, day0, ACTOR, "enterprise_staff", firm, "p7-mentor")
    # P7-R1: the school-enterprise agreement comes before streaming (September 2024)
    aid = agreement(story, ACTOR, "p7-order-agreement", "order_training", "Order class: household appliance repair",
                    school, firm, date(2024, 6, 24), date(2024, 7, 15), date(2027, 7, 31), majors=[MAJOR],
                    obligations=[
                        {"obligation_id": "equipment", "description": "Fit out the class's repair workshop",
                         "obligor": firm},
                        {"obligation_id": "teach-class", "description": "Teach the order class to the agreed plan",
                         "obligor": school}])
    admitted = date(2023, 9, 1)
    n = story.count(8, 4)
    group: list[UUID] = []
    for i in range(n):
        pid = register(story, day0, ACTOR, "student", school, f"p7-student-{i}",
                       born=birth_date(story.rng, admitted.year - 15), guardian=True)
        story.at(day0, ACTOR, cmd("person.enrol", person_id=pid, institution_id=school, major_code=MAJOR,
                                  admitted_on=admitted))
        group.append(pid)
    unsigned = n - 1  # the parent of the last student never signs the employment agreement
    c = cohort.Cohort(key="p7-order", actor=ACTOR, school=school, host=firm, agreement=aid, students=group,
                      kind="post", programme="order_class", post="Appliance repair technician",
                      start=date(2025, 9, 15), end=date(2026, 3, 20), teacher=teachers[0], mentor=mentor,
                      wage=Decimal(3800), documents=[*cohort.DOCS, "employment_agreement"],
                      missing_docs={unsigned: ["employment_agreement"]})
    ids = cohort.run(story, c, placed_on=date(2025, 8, 25))
    story.intend("P7-R1-employment", ids[unsigned], "no employment agreement with the parent on file by the start")
    for iid in ids[:-1]:  # hired on completion, as the order class promised
        story.at(c.end + timedelta(days=5), ACTOR, cmd("internship.offer-job", internship_id=iid,
                                                       on=c.end + timedelta(days=5), post=c.post))
