"""P1: two county primary-school education groups over two school years.

Each group adopts P1 when it is set up; its schools record their terms. Councils (P1-S3),
charters (P1-R1, group B adopts one a week late), teaching-research activities (P1-R3,
one semester short in group B), backbone teachers sent from the head school to the weak
branches and branch cadres and backbone teachers to the head school for shadow learning
(P1-R4..R6: two plans filed after the start, one without targets, one cycle of ten
months, group B one inbound short in 2025/26), a shadow day a term month for every branch
teacher (P1-R9, a month missed now and then), funding per school year (P1-R12, group B
underfunded in 2025/26), annual teaching quality with one branch declining two years
running (P1-R7). In September 2025 the bureau entrusts group A's first branch to its head
school, a renowned school, to run (P3-R1: one new such branch in Anxi in 2025, none in 2024).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from gtt_domain.demo.calendar import MIN_SCHOOL_DAYS, SEMESTERS, START, YEARS, cmd, school_days
from gtt_domain.demo.governance import adopt, answer, school_calendar
from gtt_domain.demo.people import register, staff
from gtt_domain.demo.places import institution
from gtt_domain.demo.story import Story, months

BUREAU_ACTOR = "anxi.bureau"
TOWNS = ["Hutou", "Longmen", "Guanqiao", "Jiandou", "Penglai", "Chengxiang", "Xiping", "Lutian"]


def education_groups(story: Story, bureau: UUID) -> None:
    for g, (label, n_branches) in enumerate([("A", 3), ("B", 2)]):
        _group(story, bureau, g, label, n_branches)


def _group(story: Story, bureau: UUID, g: int, label: str, n_branches: int) -> None:
    day0, actor = START + timedelta(days=10 + g), BUREAU_ACTOR
    head = institution(story, day0, actor, f"p1-{label}-head", "school",
                       f"Anxi Experimental Primary No.{g + 1}", "Anxi", locality="urban", stage="primary")
    towns = TOWNS[g * 4: g * 4 + n_branches]
    branches = [institution(story, day0, actor, f"p1-{label}-{t}", "school", f"{t} Central Primary",
                            "Anxi", locality="rural", stage="primary") for t in towns]
    schools = [head, *branches]
    for school in schools:
        school_calendar(story, day0, actor, school)
    principals = [register(story, day0, actor, "principal", s, f"p1-{label}-principal-{i}")
                  for i, s in enumerate(schools)]
    per_school = story.count(6, 3)
    teachers = [staff(story, day0, actor, "teacher", s, f"p1-{label}-t{i}", per_school)
                for i, s in enumerate(schools)]
    for t in teachers[0]:  # the head school's teachers are its backbone (P1-R5 sends them)
        story.at(day0, actor, cmd("person.assign-role", person_id=t, role="backbone_teacher", since=day0))
    for b_teachers in teachers[1:]:  # each branch's first two teachers are mid-level cadres (P1-R6)
        for t in b_teachers[:2]:
            story.at(day0, actor, cmd("person.assign-role", person_id=t, role="mid_level_cadre", since=day0))

    gid, ext = story.new_id("community", f"p1-group-{label}")
    est = date(2024, 8, 20)
    story.at(est, actor, cmd("community.establish", kind="education_group",
                             name=f"Anxi Experimental Education Group {label}", region="Anxi",
                             core_institution_id=head, established_on=est, external_id=ext))
    for i, b in enumerate(branches):
        plaque = est + timedelta(days=10 + i) if not (label == "B" and i == 1) else None
        if plaque is None:
            story.intend("P1-S2-plaque", gid, "a branch never hangs the head school's plaque")
        story.at(est, actor, cmd("community.join", community_id=gid, institution_id=b, on=est,
                                 role="branch", plaque_on=plaque))
    adopt(story, est, actor, "P1", "community", gid, authority="Anxi County Education Bureau")
    if label == "A":  # group A's branches are assessed weak; group B records none (all count)
        for b in branches:
            story.at(est, actor, cmd("community.rate-branch", community_id=gid, institution_id=b, weak=True,
                                     on=est, basis="2024 county teaching-quality ranking: bottom third"))
    story.at(est, actor, cmd("community.assign-role", community_id=gid, person_id=principals[0],
                             role="council_chair", since=est))
    for p in principals[1:]:
        story.at(est, actor, cmd("community.assign-role", community_id=gid, person_id=p,
                                 role="council_vice_chair", since=est))
    # P1-R1: group A adopts at founding; group B only 97 days after (recorded then): late
    adopted = date(2024, 9, 1) if label == "A" else date(2024, 11, 25)
    story.at(adopted, actor, cmd("community.adopt-charter", community_id=gid, adopted_on=adopted))
    if label == "B":
        story.intend("P1-R1-charter", gid, "charter adopted 97 days after the group was set up")
    if label == "A":  # P3-R1: a branch run by a renowned school
        entrusted = date(2025, 9, 1)
        story.at(entrusted, actor, cmd("community.entrust-branch", community_id=gid, branch_id=branches[0],
                                       run_by_id=head, on=entrusted, decided_by="Anxi County Education Bureau"))

    _activities(story, gid, label, principals, teachers, head)
    _exchanges(story, gid, label, schools, teachers)
    _funding_and_quality(story, gid, label, schools)


def _activities(story: Story, gid: UUID, label: str, principals: list[UUID],
                teachers: list[list[UUID]], head: UUID) -> None:
    actor, rng = f"p1-{label}.office", story.rng
    everyone = [t for ts in teachers for t in ts]
    for s, (first, _last) in enumerate(SEMESTERS):
        n = 1 if (label == "B" and s == 1) else 2 + (rng.random() < 0.3)
        if n < 2:
            story.intend("P1-R3-research", gid, "one teaching-research activity in spring 2025")
        for k in range(n):
            held = first + timedelta(days=30 + 40 * k)
            part = rng.sample(everyone, min(len(everyone), 8))
            story.at(held, actor, cmd("community.record-activity", community_id=gid,
                                      activity_id=f"p1-{label}-research-{s}-{k}", kind="research_activity",
                                      held_on=held, participants=part, record=f"Open class and critique, term {s + 1}"))
        joint = first + timedelta(days=60)
        story.at(joint, actor, cmd("community.record-activity", community_id=gid,
                                   activity_id=f"p1-{label}-joint-{s}", kind="joint_student_activity",
                                   held_on=joint, participants=principals, record="Joint reading festival"))
    # P1-R9: each branch subject teacher spends a day a term month at the head school, on the
    # middle school day of the month; a month with 10 school days or more is now and then missed
    cal = school_days()
    for b_teachers in teachers[1:]:
        for n_t, t in enumerate(b_teachers):
            on_exchange = n_t < 2  # the cadres also spend months at the head school (P1-R6)
            for first, last in SEMESTERS:
                for m in months(first, last):
                    month_end = (m.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
                    days = list(cal.school_days(max(m, first), min(month_end, last)))
                    if not days:
                        continue
                    judged = cal.count(m, month_end) >= MIN_SCHOOL_DAYS["month"]
                    if judged and rng.random() < 0.08 and not on_exchange:  # a month missed now and then
                        story.intend("P1-R9-monthly", t, f"no day at the head school in {m:%Y-%m}")
                        continue
                    day = days[len(days) // 2]
                    story.at(day, actor, cmd("community.record-activity", community_id=gid,
                                             activity_id=f"p1-{label}-shadow-{t}-{m:%Y%m}", kind="shadow_day",
                                             held_on=day, participants=[t], record="Lessons attended at the head school"))


def _exchanges(story: Story, gid: UUID, label: str, schools: list[UUID], teachers: list[list[UUID]]) -> None:
    actor, rng = BUREAU_ACTOR, story.rng
    head, branches = schools[0], schools[1:]
    for y, (y_start, _) in enumerate(YEARS):
        out_n = 3
        in_n = 2 if (label == "B" and y == 1) else 3
        if in_n < out_n:
            story.intend("P1-R6-equal", gid, "branches sent 2 to the head school against 3 received in 2025/26")
        plans = [(teachers[0][(y * 3 + k) % len(teachers[0])], head, branches[k % len(branches)], "support_teaching")
                 for k in range(out_n)]
        plans += [(teachers[1 + k % len(branches)][y % 2], branches[k % len(branches)], head,
                   "shadow_learning") for k in range(in_n)]  # a branch cadre, branch by branch
        for k, (person, sender, host, kind) in enumerate(plans):
            xid, ext = story.new_id("exchange", f"p1-{label}-y{y}-{k}")
            # P1-R4: cycles of 1-2 years; one plan in group B runs only ten months
            start = y_start + timedelta(days=1)
            end = date(2026, 7, 15) if y == 0 else date(2026, 9, 8)
            if label == "B" and y == 1 and k == 0:
                end = date(2026, 6, 30)
            targets = [] if (label == "A" and y == 0 and k == 4) else [
                "Raise the host class's maths pass rate by 5 points", "Lead two open lessons a term"]
            if not targets:
                story.intend("P1-R4-targets", xid, "an exchange plan without targets")
            if end - start < timedelta(days=365):
                story.intend("P1-R4-cycle", xid, "a cycle of ten months")
            plan_day = y_start - timedelta(days=10)
            story.at(plan_day, actor, cmd("exchange.plan", person_id=person, sending_id=sender, host_id=host,
                                          kind=kind, mode="flexible", community_id=gid, planned_start=start,
                                          planned_end=end, targets=targets, external_id=ext))
            late = label == "A" and k in (1, 3) and y == 0  # P1-R4: filed after the term started
            filed = start + timedelta(days=12) if late else plan_day + timedelta(days=3)
            if late:
                story.intend("P1-R4-filed", xid, "filed 12 days after the start (remedied late)")
                if kind in ("rotation", "support_teaching"):
                    story.intend("P1-S4-deployment", xid, "approved by the bureau only after the start")
            story.at(filed, actor, cmd("exchange.file", exchange_id=xid, filed_on=filed,
                                       authority="Anxi County Education Bureau, personnel section"))
            story.at(filed + timedelta(days=2), actor, cmd("exchange.approve", exchange_id=xid,
                                                           by="Anxi County Education Bureau", on=filed + timedelta(days=2)))
            story.at(start, actor, cmd("exchange.start", exchange_id=xid, on=start))
            for m in months(start, end - timedelta(days=20)):
                lo = max(m, start)
                hi = (m.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
                if m.month in (2, 8):
                    continue
                story.at(hi, f"p1-{label}.office", cmd("exchange.log-days", exchange_id=xid, from_day=lo,
                                                       to_day=hi, days=rng.randint(15, 20)))
            story.at(date(y_start.year + 1, 1, 10), actor, cmd(
                "exchange.record-review", exchange_id=xid, on=date(y_start.year + 1, 1, 10),
                summary="Mid-cycle review with the branch principal", rating=rng.choice(["on_track", "good"])))
            story.at(end, actor, cmd("exchange.complete", exchange_id=xid, on=end))
            story.at(end + timedelta(days=10), actor, cmd(
                "exchange.assess", exchange_id=xid, on=end + timedelta(days=10),
                result=rng.choice(["excellent", "good", "good", "pass"]),
                metrics={"pass_rate_gain": Decimal(rng.randint(-10, 80)) / 10}))


def _funding_and_quality(story: Story, gid: UUID, label: str, schools: list[UUID]) -> None:
    actor, rng = BUREAU_ACTOR, story.rng
    for y, (y_start, _) in enumerate(YEARS):
        amount = Decimal(250_000) if (label == "B" and y == 1) else Decimal(300_000 + 50_000 * rng.randint(0, 2))
        if amount < 300_000:
            story.intend("P1-R12-funding", gid, "250,000 yuan in 2025/26")
            answer(story, date(2026, 9, 10), actor, "waive", "P1-R12-funding", gid, "funding-2025/2026",
                   authority="Anxi County Education Bureau", until=date(2026, 12, 31),
                   reason="county budget cut in 2025; the shortfall is in the 2026 budget")
        got = y_start + timedelta(days=45)
        story.at(got, actor, cmd("community.record-funding", community_id=gid, amount=amount, received_on=got,
                                 source="Anxi County Finance Bureau"))
    for i, school in enumerate(schools):
        base = Decimal(rng.randint(780, 880)) / 10
        for k, year in enumerate((2024, 2025, 2026)):
            if label == "A" and i == 2:  # P1-R7: two declines in a row
                score = base - 4 * k
            else:
                score = base + Decimal(rng.randint(-15, 30)) / 10 * k
            day = date(year, 7, 20)
            story.at(day, actor, cmd("institution.assess-quality", institution_id=school, year=year,
                                     score=score, assessor="Anxi County Education Bureau"))
