"""P3: the city's basic-education communities, in Anxi (the bureau adopted P3 for its region).

Three kinds (P3-S1): a fusion community of a junior school and two primary campuses (one
legal person: staff are deployed inside it, "rigid" flow, P3-R5), an urban–rural
co-construction community "1+N" whose rural members include a Dehua school (the three
approvals of P3-R3 in order, before it joins) and whose rural primaries are paired online
with the core school (P3-R4), and a collaboration community of two junior schools across
the county line (flexible flow), whose Yongchun member joins before the city filing (P3-R3,
declared). Both tight communities are new in 2025 and both span school stages (P3-R1:
the fusion one a junior school and primaries, the co-construction one takes in a kindergarten)."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from gtt_domain.demo.calendar import cmd
from gtt_domain.demo.governance import school_calendar
from gtt_domain.demo.people import staff
from gtt_domain.demo.places import institution
from gtt_domain.demo.story import Story

ACTOR = "anxi.bureau"
BUREAU = "Anxi County Education Bureau"


def basic_education_communities(story: Story) -> None:
    day0 = date(2024, 8, 26)

    def school(key: str, name: str, region: str, locality: str, stage: str) -> UUID:
        sid = institution(story, day0, ACTOR, f"p3-{key}", "school", name, region, locality=locality, stage=stage)
        school_calendar(story, day0, ACTOR, sid)
        return sid

    fusion_core = school("fengcheng", "Anxi Fengcheng Experimental School", "Anxi", "urban", "junior")
    campuses = [school("fengcheng-primary", "Fengcheng Experimental Primary Campus", "Anxi", "urban", "primary"),
                school("lantian", "Lantian Campus of Fengcheng Experimental School", "Anxi", "rural", "primary")]
    cc_core = school("no3", "Anxi No.3 Primary", "Anxi", "urban", "primary")
    rural = [school("xiangqi", "Xiangqi Central Primary", "Anxi", "rural", "primary"),
             school("shangqing", "Shangqing Central Primary", "Anxi", "rural", "primary"),
             school("xiangqi-kg", "Xiangqi Central Kindergarten", "Anxi", "rural", "kindergarten")]
    dehua = school("dehua-gaide", "Gaide Central Primary", "Dehua", "rural", "primary")
    collab_core = school("no8", "Anxi No.8 Junior Middle School", "Anxi", "urban", "junior")
    yongchun = school("yongchun-hushan", "Hushan Junior Middle School", "Yongchun", "rural", "junior")

    fusion = _community(story, "p3-fusion", "fusion", "Fengcheng Experimental School (fusion community)",
                        fusion_core, campuses, date(2025, 3, 1))
    coc = _community(story, "p3-coconstruction", "co_construction", "Anxi No.3 Primary urban-rural community (1+N)",
                     cc_core, rural, date(2025, 4, 1))
    collab = _community(story, "p3-collaboration", "collaboration", "Anxi-Yongchun junior schools collaboration",
                        collab_core, [], date(2024, 10, 15))
    # P3-R3: a member from another county: its bureau consents, the core's bureau approves,
    # the city files, and only then it joins
    joined = date(2025, 5, 6)
    for step, by, on in (("member_bureau_consent", "Dehua County Education Bureau", date(2025, 4, 8)),
                         ("core_bureau_approval", BUREAU, date(2025, 4, 18)),
                         ("city_filing", "Quanzhou Municipal Education Bureau", date(2025, 4, 29))):
        story.at(on, ACTOR, cmd("community.record-approval", community_id=coc, step=step, by=by, on=on,
                                institution_id=dehua))
    story.at(joined, ACTOR, cmd("community.join", community_id=coc, institution_id=dehua, on=joined, role="member"))
    # the Yongchun school joins on the core bureau's approval; the city files three weeks later
    joined = date(2024, 11, 4)
    for step, by, on in (("member_bureau_consent", "Yongchun County Education Bureau", date(2024, 10, 21)),
                         ("core_bureau_approval", BUREAU, date(2024, 10, 30)),
                         ("city_filing", "Quanzhou Municipal Education Bureau", date(2024, 11, 25))):
        story.at(on, ACTOR, cmd("community.record-approval", community_id=collab, step=step, by=by, on=on,
                                institution_id=yongchun))
    story.at(joined, ACTOR, cmd("community.join", community_id=collab, institution_id=yongchun, on=joined,
                                role="member"))
    story.intend("P3-R3-steps", collab, "the Yongchun member joined before the city filed it")
    # P3-R4: the co-construction community's rural primaries have online classes with the core
    for k, member in enumerate([*rural[:2], dehua]):
        on = date(2025, 5, 12) + timedelta(days=7 * k)
        story.at(on, ACTOR, cmd("community.record-pairing", community_id=coc, school_id=member,
                                partner_id=cc_core, on=on))
    # P3-R5: rigid deployment inside the fusion community, flexible flow in the others
    _flow(story, "p3-fusion-rotation", fusion, fusion_core, campuses[1], "rotation", "rigid", date(2025, 9, 1))
    _flow(story, "p3-coc-support", coc, cc_core, rural[0], "support_teaching", "flexible", date(2025, 9, 1))
    _flow(story, "p3-collab-support", collab, collab_core, yongchun, "support_teaching", "flexible",
          date(2025, 2, 17))


def _community(story: Story, key: str, kind: str, name: str, core: UUID, members: list[UUID], est: date) -> UUID:
    cid, ext = story.new_id("community", key)
    story.at(est, ACTOR, cmd("community.establish", kind=kind, name=name, region="Anxi", core_institution_id=core,
                             established_on=est, external_id=ext),
             *[cmd("community.join", community_id=cid, institution_id=m, on=est,
                   role="branch" if kind == "fusion" else "member") for m in members])
    return cid


def _flow(story: Story, key: str, community: UUID, sender: UUID, host: UUID, kind: str, mode: str,
          start: date) -> None:
    """A teacher of ``sender`` teaching at ``host`` for a school year."""
    [teacher] = staff(story, start - timedelta(days=60), ACTOR, "teacher", sender, key, 1)
    if kind == "rotation":  # the fusion community deploys a backbone teacher to its rural campus (N-ROT-2)
        story.at(start - timedelta(days=60), ACTOR, cmd("person.assign-role", person_id=teacher,
                                                        role="backbone_teacher", since=start - timedelta(days=60)))
    xid, ext = story.new_id("exchange", key)
    end = start + timedelta(days=300)
    story.at(start - timedelta(days=30), ACTOR, cmd(
        "exchange.plan", person_id=teacher, sending_id=sender, host_id=host, kind=kind, mode=mode,
        community_id=community, planned_start=start, planned_end=end, external_id=ext,
        targets=["Teach a full timetable at the host", "Lead the host's subject group"]))
    story.at(start - timedelta(days=20), ACTOR, cmd("exchange.approve", exchange_id=xid, by=BUREAU,
                                                    on=start - timedelta(days=20)))
    story.at(start, ACTOR, cmd("exchange.start", exchange_id=xid, on=start))
    if end <= date(2026, 9, 30):
        story.at(end, ACTOR, cmd("exchange.complete", exchange_id=xid, on=end))
