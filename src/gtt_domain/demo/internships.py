"""P10, P9/P13 and general post internships at the college's partners.

P10: an air-conditioning training-base agreement, which adopts P10 (equipment pledge of
200,000 yuan, 60-day planning lead), with spring work-study batches (3 months, from 10 days
after term starts): a student who quits the placement with two days' oral notice (P10-R9;
the same student's short-notice oral leave of absence is no breach), underpaid interns, a
missing ID copy, night shifts, a 15-year-old, an absence without leave, one intern never
evaluated, one insurance policy renewed before it lapses, the 2026 plan agreed too late.
P9/P13: order classes on 2+1 (one internship planned for only 4 months) and an
enterprise-named class on 1.5+0.5+1, which adopts P13, with quarterly review meetings (one
quarter missed). P6-R3: each major observes an enterprise for two weeks every term.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from gtt_domain.demo import cohort
from gtt_domain.demo.agreements import agreement
from gtt_domain.demo.calendar import TERMS, cmd, working_days
from gtt_domain.demo.college import ACTOR, DEPARTMENTS, College
from gtt_domain.demo.governance import adopt, answer
from gtt_domain.demo.names import birth_date
from gtt_domain.demo.people import register
from gtt_domain.demo.places import institution
from gtt_domain.demo.story import Story


def students(story: Story, col: College, key: str, n: int, major: str, admitted: date,
             *, young: int | None = None) -> list[UUID]:
    """Register and enrol ``n`` students; index ``young`` is born to be 15 at a spring 2025 start."""
    out = []
    for i in range(n):
        born = date(2009, 6, 10) if i == young else birth_date(story.rng, admitted.year - 16)
        pid = register(story, admitted, ACTOR, "student", col.id, f"{key}-{i}", born=born, guardian=True)
        story.at(admitted, ACTOR, cmd("person.enrol", person_id=pid, institution_id=col.id, major_code=major,
                                      admitted_on=admitted))
        out.append(pid)
    return out


def air_conditioning(story: Story, col: College) -> None:
    dept = "Mechanical and Electrical"
    day0 = date(2024, 10, 8)
    firm = institution(story, day0, ACTOR, "p10-firm", "enterprise",
                       "Minnan Refrigeration Equipment Co., Ltd.", "Quanzhou")
    story.at(day0, ACTOR, cmd("institution.report-headcount", institution_id=firm, on_post_staff=640, as_of=day0))
    mentor = register(story, day0, "host:p10", "enterprise_staff", firm, "p10-mentor")
    aid = agreement(story, ACTOR, "p10-agreement", "training_base", "Refrigeration and AC training base",
                    col.id, firm, date(2024, 10, 10), date(2024, 11, 1), date(2027, 10, 31), majors=["460701"],
                    obligations=[
                        {"obligation_id": "equipment", "description": "Welding guns and air conditioners for two rooms",
                         "obligor": firm, "amount": Decimal(200_000), "unit": "yuan"},
                        {"obligation_id": "plan", "description": "Joint internship plan before each batch",
                         "obligor": col.id, "cadence": "before_each_internship", "lead_days": 60}])
    adopt(story, date(2024, 11, 1), ACTOR, "P10", "agreement", aid, authority="training-base leadership group")
    story.intend("P10-R2-equipment", aid, "180,000 of the 200,000 yuan of equipment delivered in the first year")
    for k, (on, amount) in enumerate([(date(2024, 12, 2), 90_000), (date(2025, 3, 14), 60_000),
                                      (date(2025, 9, 20), 30_000)]):
        story.at(on, ACTOR, cmd("agreement.record-fulfilment", agreement_id=aid, obligation_id="equipment", on=on,
                                amount=Decimal(amount), evidence_ref=f"delivery note {k + 1}"))
    teacher = col.teachers[dept][1]
    for year, start, agreed in ((2025, date(2025, 2, 27), date(2024, 12, 20)),
                                (2026, date(2026, 3, 5), date(2026, 1, 19))):
        n = story.count(20, 6)
        group = students(story, col, f"p10-{year}", n, "460701", date(year - 2, 9, 1),
                         young=2 if year == 2025 else None)
        quit_day = start + timedelta(days=42)
        c = cohort.Cohort(key=f"p10-{year}", actor=ACTOR, school=col.id, host=firm, agreement=aid, students=group,
                          kind="post", programme="work_study", post="AC assembly and repair", start=start,
                          end=start + timedelta(days=91), teacher=teacher, mentor=mentor, wage=Decimal(4500), p10=True,
                          missing_docs={4: ["id_copy"]} if year == 2025 else {},
                          night_shifts={1} if year == 2025 else set(), underpaid={0, 3, 5},
                          no_evaluation={n - 1} if year == 2025 else set(),
                          absences={3: start + timedelta(days=33)} if year == 2025 else {},
                          quits={0: (quit_day - timedelta(days=2), quit_day, False)} if year == 2025 else {},
                          short_policies={1: (start + timedelta(days=59), start + timedelta(days=50))}
                          if year == 2025 else {})
        ids = cohort.run(story, c, placed_on=min(start - timedelta(days=50), agreed - timedelta(days=10)))
        for iid in ids:
            story.at(agreed, ACTOR, cmd("internship.agree-plan", internship_id=iid, agreed_on=agreed))
            if (start - agreed).days < 60:
                story.intend("P10-R3-plan", iid, f"joint plan agreed {(start - agreed).days} days before the start")
        if year == 2025:
            story.intend("NINT21-4-age", ids[2], "a 15-year-old on a post internship")
            # the missing ID copy: acknowledged by the college, remedied a week into the batch
            answer(story, start + timedelta(days=5), ACTOR, "ack", "P10-R7-documents", ids[4], "document:id_copy",
                   note="seen at the batch review")
            answer(story, start + timedelta(days=7), ACTOR, "remedy", "P10-R7-documents", ids[4], "document:id_copy",
                   evidence="ID copy filed with the host (delivery note 2025-03-06)", on=start + timedelta(days=7))
        story.at(agreed, ACTOR, cmd("agreement.record-fulfilment", agreement_id=aid, obligation_id="plan",
                                    on=agreed, note=f"{year} spring batch plan"))
        if year == 2025:
            first = start + timedelta(days=20)
            story.at(first - timedelta(days=2), f"host:p10-{year}",  # P10-R9: two days' notice, oral
                     cmd("internship.request-leave", internship_id=ids[0], asked_on=first - timedelta(days=2),
                         first_day=first, last_day=first + timedelta(days=1), written=False),
                     cmd("internship.decide-leave", internship_id=ids[0], request=0, approved=True,
                         decided_on=first - timedelta(days=1)))
            story.at(first - timedelta(days=14), f"host:p10-{year}",
                     cmd("internship.request-leave", internship_id=ids[1], asked_on=first - timedelta(days=14),
                         first_day=first + timedelta(days=7), last_day=first + timedelta(days=7), written=True),
                     cmd("internship.decide-leave", internship_id=ids[1], request=0, approved=True,
                         decided_on=first - timedelta(days=12)))
            story.at(start + timedelta(days=40), f"host:p10-{year}", cmd(
                "internship.record-certification", internship_id=ids[2], exam="Refrigeration fitter L4",
                passed=True, on=start + timedelta(days=40)))


def order_classes(story: Story, col: College) -> None:
    rng = story.rng
    for key, kind, programme, major, admitted, start, end, firm_i in (
            ("p9-2plus1", "order_training", "two_plus_one", "460301", date(2023, 9, 1),
             date(2025, 9, 8), date(2026, 6, 30), 1),
            ("p13-named", "named_class", "one_half_half_one", "510301", date(2024, 9, 1),
             date(2026, 2, 23), date(2026, 7, 10), 2)):
        firm = col.firms[firm_i % len(col.firms)]
        aid = agreement(story, ACTOR, f"{key}-agreement", kind, f"Order class ({programme})", col.id, firm,
                        admitted - timedelta(days=90), admitted - timedelta(days=60), date(2027, 7, 31),
                        majors=[major], obligations=[
                            {"obligation_id": "review-meeting", "description": "Quarterly review meeting or visit",
                             "obligor": firm, "quantity": Decimal(1), "unit": "meeting", "cadence": "per_quarter"},
                            {"obligation_id": "teach-class", "description": "Teach the order class to the agreed plan",
                             "obligor": col.id}])  # P6-R1: each side's duties
        if kind == "named_class":  # the computer majors' plan binds its enterprise-named class
            adopt(story, admitted - timedelta(days=60), ACTOR, "P13", "agreement", aid, authority="school-enterprise council")
        q = date(2024, 1, 15) if admitted.year == 2023 else date(2024, 7, 15)
        while q < date(2026, 10, 1):
            if key == "p13-named" and q.year == 2025 and q.month == 7:  # P13-R2: Q3 2025 missed
                story.intend("P13-R2-quarterly", aid, "no review meeting in the third quarter of 2025")
            else:
                held = q + timedelta(days=rng.randint(0, 40))
                story.at(held, ACTOR, cmd("agreement.record-fulfilment", agreement_id=aid,
                                          obligation_id="review-meeting", on=held, quantity=Decimal(1),
                                          note="Review meeting at the enterprise"))
            q = date(q.year + (q.month + 3 > 12), (q.month + 2) % 12 + 1, 15)
        n = story.count(45, 8)
        group = students(story, col, key, n, major, admitted)
        host_staff = col.firm_staff[firm]
        dept = col.teachers["Information Engineering"]
        c = cohort.Cohort(key=key, actor=ACTOR, school=col.id, host=firm, agreement=aid, students=group,
                          kind="post" if programme == "two_plus_one" else "observation", programme=programme,
                          post="Line technician" if programme == "two_plus_one" else "Network operations trainee",
                          start=start, end=end, teacher=dept[1 if programme == "two_plus_one" else 2],
                          extra_teachers=[dept[-1 if programme == "two_plus_one" else -2]],
                          mentor=host_staff[0], underpaid={7} if n > 7 else set(), overtime=programme == "two_plus_one",
                          ends={3: date(2026, 1, 9)} if programme == "two_plus_one" else {})
        ids = cohort.run(story, c, placed_on=start - timedelta(days=45))
        if programme == "two_plus_one":
            story.intend("P9-R3-two-plus-one", ids[3], "a 2+1 post internship planned for four months")
            # N-INT-6: the host's line work in spring 2026 needs longer shifts; filed with the city bureau
            story.at(date(2025, 12, 20), ACTOR, cmd(
                "exemption.file", kind="overtime", authority="Quanzhou Municipal Education Bureau",
                reference="QZJY-2025-118", filed_on=date(2025, 12, 20), school_id=col.id, host_ids=[firm],
                majors=[major], from_day=date(2026, 1, 1), until=date(2026, 6, 30),
                note="seasonal line work of the 2+1 class"))
        for iid in ids[: max(1, n // 2)]:
            story.at(c.end + timedelta(days=5), ACTOR, cmd("internship.offer-job", internship_id=iid,
                                                           on=c.end + timedelta(days=5), post=c.post))


def post_internships(story: Story, col: College) -> None:
    """Ordinary post internships in semester 5, spread over the partner enterprises."""
    n_per = max(2, min(12, round(12 * story.scale)))  # more partners, not bigger cohorts: linear
    info = col.teachers["Information Engineering"]
    for f, firm in enumerate(col.firms):
        major = ["460701", "460301", "510301", "510201", "530701"][f % 5]
        group = students(story, col, f"post-{f}", n_per, major, date(2023, 9, 1))
        c = cohort.Cohort(key=f"post-{f}", actor=ACTOR, school=col.id, host=firm, agreement=None,
                          students=group, kind="post", programme="none", post="Assistant technician",
                          start=date(2025, 9, 15), end=date(2026, 1, 16), overtime=f == 0,
                          teacher=None if f == 1 else info[(f % 8 + 3) % len(info)],
                          mentor=col.firm_staff[firm][1], underpaid={0} if f % 4 == 0 else set())
        cohort.run(story, c, placed_on=date(2025, 8, 20))


def observation(story: Story, col: College) -> None:
    """P6-R3: every major spends two weeks (12 working days) observing at a partner each term,
    with that school year's first-year class."""
    codes = [code for majors in DEPARTMENTS.values() for code, _ in majors]
    depts = {code: dept for dept, majors in DEPARTMENTS.items() for code, _ in majors}
    for m, code in enumerate(codes):
        firm = col.firms[m % len(col.firms)]
        for y, admitted in enumerate((date(2024, 9, 1), date(2025, 9, 1))):
            group = students(story, col, f"obs-{code}-{admitted.year}", story.count(4, 2), code, admitted)
            for label, first, _last in TERMS[2 * y: 2 * y + 2]:
                start = first + timedelta(days=42)
                days = working_days(start, start + timedelta(days=30))[:12]
                c = cohort.Cohort(key=f"obs-{code}-{label}", actor=ACTOR, school=col.id, host=firm, agreement=None,
                                  students=group, kind="observation", programme="none", post="Production line visits",
                                  start=start, end=days[-1], teacher=col.teachers[depts[code]][4],
                                  mentor=col.firm_staff[firm][0], paid=False)
                cohort.run(story, c, placed_on=start - timedelta(days=14))
