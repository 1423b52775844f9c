"""P8/P14 (and P6, P12): a vocational college, its departments and majors, partner
enterprises with training and demonstration bases, teachers' enterprise practice
(P6-R5, N-TEP: one too short, one never evaluated, P12-R3), enterprise experts teaching
(P12-R4), a steering committee that meets twice a year (P12-R5; once in 2025) and holds a
yearly gala (P9-R5), and two weeks of observation at an enterprise for each major every
term (P6-R3). The college records its terms and adopts P6, P8-P9 and P12; the Business
department cooperates without a liaison (P6-R8)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID

from gtt_domain.demo.agreements import agreement
from gtt_domain.demo.calendar import START, YEARS, cmd, working_days
from gtt_domain.demo.governance import adopt, school_calendar
from gtt_domain.demo.people import register, staff
from gtt_domain.demo.places import institution
from gtt_domain.demo.story import Story, months
from gtt_domain.evaluation.common import TWO_MONTHS_DAYS

ACTOR = "qz-college.employment-office"
DEPARTMENTS = {"Mechanical and Electrical": [("460701", "Refrigeration and Air-Conditioning"),
                                             ("460301", "Mechatronics")],
               "Information Engineering": [("510301", "Computer Networking"), ("510201", "Software Technology")],
               "Business": [("530701", "E-commerce")]}
FIRM_WORDS = ["Minnan", "Haixi", "Quangang", "Tong'an", "Jinjiang", "Nan'an", "Dehua", "Yongchun"]
TRADES = ["Refrigeration Equipment", "Network Technology", "Precision Machinery", "Software",
          "Logistics", "Electric Appliances", "Automation", "Trading"]


@dataclass
class College:
    id: UUID
    teachers: dict[str, list[UUID]]
    firms: list[UUID] = field(default_factory=list)
    firm_staff: dict[UUID, list[UUID]] = field(default_factory=dict)
    #: each partner's training-base agreement and the major it names
    bases: dict[UUID, tuple[UUID, str]] = field(default_factory=dict)


def college(story: Story) -> College:
    rng, day0 = story.rng, START + timedelta(days=5)
    cid = institution(story, day0, ACTOR, "p14-college", "school", "Quanzhou Vocational and Technical College",
                      "Quanzhou", locality="urban", stage="vocational_college")
    school_calendar(story, day0, ACTOR, cid)
    for pack in ("P6", "P8-P9", "P12"):
        adopt(story, day0, ACTOR, pack, "institution", cid, authority="college party committee")
    teachers: dict[str, list[UUID]] = {}
    for d, (dept, majors) in enumerate(DEPARTMENTS.items()):
        n = story.count(20, 10)
        story.at(day0, ACTOR, cmd("institution.open-department", institution_id=cid, name=dept, teacher_count=n))
        for code, name in majors:  # P6-R7: examined by experts and employers before opening
            story.at(day0, ACTOR, cmd("institution.record-demonstration", institution_id=cid, code=code,
                                      on=day0 - timedelta(days=45), by="panel of experts and employers"))
            story.at(day0, ACTOR, cmd("institution.open-major", institution_id=cid, code=code, name=name,
                                      department=dept, teacher_count=n // 2))
        teachers[dept] = [register(story, day0, ACTOR, "teacher", cid, f"p14-t-{d}-{i}") for i in range(n)]
        if dept != "Business":  # P6-R8: Business cooperates without a liaison
            story.at(day0, ACTOR, cmd("institution.name-liaison", institution_id=cid, department=dept,
                                      person_id=teachers[dept][0]))
        else:
            story.intend("P6-R8-liaison", cid, "the Business department cooperates without a liaison")
    col = College(cid, teachers)
    n_firms = story.count(24, 6)
    codes = [c for ms in DEPARTMENTS.values() for c, _ in ms]
    for f in range(n_firms):
        region = FIRM_WORDS[f % len(FIRM_WORDS)]
        name = f"{region} {TRADES[(f * 3) % len(TRADES)]} Co., Ltd. No.{f + 1}"
        firm = institution(story, day0, ACTOR, f"p14-firm-{f}", "enterprise", name, "Quanzhou")
        col.firms.append(firm)
        story.at(day0, ACTOR, cmd("institution.report-headcount", institution_id=firm,
                                  on_post_staff=rng.randint(700, 1500), as_of=day0))
        col.firm_staff[firm] = staff(story, day0, ACTOR, "enterprise_staff", firm, f"p14-firm-{f}-staff", 2)
        drafted = date(2024, 7, 1) + timedelta(days=rng.randint(0, 60))
        major = codes[f % len(codes)]
        aid = agreement(story, ACTOR, f"p14-base-{f}", "training_base", f"Off-campus training base: {name}",
                        cid, firm, drafted, drafted + timedelta(days=14), date(2027, 8, 31), majors=[major])
        col.bases[firm] = (aid, major)
        story.at(drafted + timedelta(days=30), ACTOR, cmd("agreement.hang-plaque", agreement_id=aid, party_id=firm,
                                                          on=drafted + timedelta(days=30),
                                                          text="Off-campus training base"))
        if f % 3 == 0:
            agreement(story, ACTOR, f"p14-demo-{f}", "demonstration_base", f"Demonstration base: {name}",
                      cid, firm, drafted + timedelta(days=90), drafted + timedelta(days=100), date(2028, 8, 31),
                      majors=[major])
    _practice(story, col)
    _committee(story, col)
    return col


def _practice(story: Story, col: College) -> None:
    """P6-R5: about 10% of each department's teachers practise at a partner for a year's two
    months (60 days on site), from the winter break into the spring term, under the partner's
    training-base agreement for one of the department's majors (which is how a spell counts
    for the department); one spell is too short (40 days)."""
    rng = story.rng
    k = 0
    for dept, teachers in col.teachers.items():
        codes = {code for code, _ in DEPARTMENTS[dept]}
        partners = [firm for firm, (_, major) in col.bases.items() if major in codes]
        for y, (y_start, _) in enumerate(YEARS):
            for i in range(max(1, len(teachers) // 10)):
                teacher = teachers[(y * 5 + i + 1) % len(teachers)]
                firm = partners[(y + i) % len(partners)]
                start = date(y_start.year + 1, 1, 12)
                on_site = working_days(start, start + timedelta(days=40 if k == 1 else 120))  # one too short
                end = on_site[-1] if k == 1 else on_site[TWO_MONTHS_DAYS + 1]
                xid, ext = story.new_id("exchange", f"p6-practice-{k}")
                story.at(start - timedelta(days=30), ACTOR, cmd(
                    "exchange.plan", person_id=teacher, sending_id=col.id, host_id=firm, kind="enterprise_practice",
                    planned_start=start, planned_end=end, external_id=ext, agreement_id=col.bases[firm][0],
                    targets=["Practise on the production line", "Bring back a teaching case"]))
                story.at(start - timedelta(days=20), ACTOR, cmd("exchange.file", exchange_id=xid, filed_on=start - timedelta(days=20),
                                                                authority="College personnel office"))
                story.at(start, ACTOR, cmd("exchange.start", exchange_id=xid, on=start))
                for m in months(start, end):  # the working days on site, logged month by month
                    lo, hi = max(m, start), min(end, (m.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1))
                    story.at(hi, ACTOR, cmd("exchange.log-days", exchange_id=xid, from_day=lo, to_day=hi,
                                            days=len(working_days(lo, hi))))
                story.at(end, ACTOR, cmd("exchange.complete", exchange_id=xid, on=end))
                if k != 2:  # P12-R3: one practice completed without the enterprise's evaluation
                    story.at(end + timedelta(days=7), ACTOR, cmd(
                        "exchange.assess", exchange_id=xid, on=end + timedelta(days=7),
                        result=rng.choice(["excellent", "good", "pass"]), metrics={"evaluator": "enterprise"}))
                else:
                    story.intend("P12-R3-evaluation", xid, "enterprise practice never evaluated")
                k += 1
    experts = [(f, firm, date(2025, 3, 3)) for f, firm in enumerate(col.firms[:3])]
    experts += [(3, col.firms[0], date(2024, 3, 4)), (4, col.firms[1], date(2025, 10, 13))]
    for f, firm, start in experts:  # P12-R4: experts teach at the college every school year
        expert = col.firm_staff[firm][0]
        xid, ext = story.new_id("exchange", f"p12-expert-{f}")
        story.at(start - timedelta(days=20), ACTOR, cmd(
            "exchange.plan", person_id=expert, sending_id=firm, host_id=col.id, kind="expert_teaching",
            planned_start=start, planned_end=start + timedelta(days=90), external_id=ext,
            targets=["Teach the practical module"]))
        story.at(start, ACTOR, cmd("exchange.start", exchange_id=xid, on=start))
        story.at(start + timedelta(days=90), ACTOR, cmd("exchange.complete", exchange_id=xid,
                                                        on=start + timedelta(days=90)))


def _committee(story: Story, col: College) -> None:
    sid, ext = story.new_id("community", "p12-steering")
    est = date(2024, 9, 10)
    story.at(est, ACTOR, cmd("community.establish", kind="school_enterprise", name="Teaching advisory committee",
                             region="Quanzhou", core_institution_id=col.id, established_on=est, external_id=ext))
    for firm in col.firms[:4]:
        story.at(est, ACTOR, cmd("community.join", community_id=sid, institution_id=firm, on=est))
    for held in (date(2024, 10, 15), date(2025, 4, 18), date(2025, 11, 12), date(2026, 4, 20), date(2026, 9, 15)):
        if held.year == 2025 and held.month == 4:
            story.intend("P12-R5-committee", sid, "one committee meeting in 2025")
            continue  # P12-R5: 2025 had only one meeting
        story.at(held, ACTOR, cmd("community.record-activity", community_id=sid, activity_id=f"p12-meeting-{held}",
                                  kind="committee_meeting", held_on=held, record="Curriculum review"))
    for held in (date(2024, 12, 20), date(2025, 12, 19), date(2026, 6, 19)):  # P9-R5: a gala a year
        story.at(held, ACTOR, cmd("community.record-activity", community_id=sid, activity_id=f"p9-gala-{held}",
                                  kind="gala", held_on=held, record="School-enterprise gala"))
        lecture = held - timedelta(days=30)  # P9-R5: an entrepreneur lecture a year
        story.at(lecture, ACTOR, cmd("community.record-activity", community_id=sid,
                                     activity_id=f"p9-lecture-{lecture}", kind="entrepreneur_lecture",
                                     held_on=lecture, record="Entrepreneur lecture"))
