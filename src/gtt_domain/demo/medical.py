"""P4: a county medical community: core hospital, members with the branch plaque, a
charter with the "seven unchanged" and "ten unified" terms, doctors dispatched down for a
year (one cut short, P4-R3) and township staff going up for advanced study (P4-R4). In
March 2026 two dispatched doctors take the associate-senior title: one after his full year at
a township centre, the other after the dispatch cut short at nine full months (N-MED-1, the audit
side of P4-R3; declared)."""

from __future__ import annotations

from datetime import date, timedelta

from gtt_domain.demo.calendar import cmd
from gtt_domain.demo.people import staff
from gtt_domain.demo.places import institution
from gtt_domain.demo.story import Story, months

ACTOR = "anxi.health-commission"
TOWNSHIPS = ["Hutou", "Longmen", "Guanqiao", "Jiandou", "Penglai", "Xiping", "Lutian", "Gande",
             "Fengtian", "Shangqing", "Kuidou", "Bailai"]


def medical_community(story: Story) -> None:
    rng, day0 = story.rng, date(2024, 9, 20)
    core = institution(story, day0, ACTOR, "p4-core", "hospital", "Anxi County No.1 Hospital", "Anxi", locality="urban")
    members = [institution(story, day0, ACTOR, f"p4-{k}", kind, name, "Anxi", locality="urban")
               for k, kind, name in (("mch", "hospital", "Anxi Maternal and Child Health Hospital"),
                                     ("no2", "hospital", "Anxi County No.2 Hospital"),
                                     ("cdc", "bureau", "Anxi Centre for Disease Control"))]
    centres = [institution(story, day0, ACTOR, f"p4-hc-{t}", "health_centre", f"{t} Township Health Centre",
                           "Anxi", locality="rural") for t in TOWNSHIPS[: story.count(8, 3)]]
    mid, ext = story.new_id("community", "p4-medical")
    est = date(2024, 11, 1)  # P4-R5: launch after an October preparation
    story.at(est, ACTOR, cmd("community.establish", kind="medical_community", name="Anxi County Medical Community",
                             region="Anxi", core_institution_id=core, established_on=est, external_id=ext))
    for i, m in enumerate(members + centres):
        story.at(est, ACTOR, cmd("community.join", community_id=mid, institution_id=m, on=est, role="branch",
                                 plaque_on=est + timedelta(days=14 + i)))
    charter, c_ext = story.new_id("agreement", "p4-charter")
    terms = ["legal status", "unit nature", "staffing quota", "funding channel", "duties", "preferential policies",
             "name"]
    unified = ["personnel", "finance", "drug list", "procurement", "clinical standards", "insurance payment",
               "medicine-prevention integration", "performance", "information system", "logistics"]
    obligations = [{"obligation_id": f"unchanged-{i}", "description": f"Unchanged: {t}", "obligor": core}
                   for i, t in enumerate(terms)]
    obligations += [{"obligation_id": f"unified-{i}", "description": f"Unified: {t}", "obligor": core}
                    for i, t in enumerate(unified)]
    story.at(est, ACTOR, cmd(
        "agreement.draft", kind="charter", title="Medical community charter", drafted_on=est,
        term_start=est, term_end=None, community_id=mid, external_id=c_ext, obligations=obligations,
        parties=[{"party_id": core, "role": "core"}] + [{"party_id": m, "role": "member"} for m in members + centres]))
    signed = est
    story.at(signed, ACTOR, *[cmd("agreement.sign", agreement_id=charter, party_id=p, on=signed)
                              for p in [core, *members, *centres]],
             cmd("agreement.activate", agreement_id=charter, on=est))
    story.at(est, ACTOR, cmd("community.adopt-charter", community_id=mid, agreement_id=charter, adopted_on=est))
    doctors = staff(story, day0, ACTOR, "doctor", core, "p4-doctor", story.count(10, 3))
    locals_ = [staff(story, day0, ACTOR, "doctor", c, f"p4-local-{i}", 1)[0] for i, c in enumerate(centres)]
    for k, doctor in enumerate(doctors):
        _exchange(story, f"p4-dispatch-{k}", doctor, core, centres[k % len(centres)], "medical_dispatch",
                  date(2025, 1, 6), date(2025, 10, 31) if k == 0 else date(2026, 1, 5), mid)
    titled = date(2026, 3, 2)  # N-MED-1 / P4-R3: a title after a year at primary level
    for doctor in doctors[:2]:
        story.at(titled, ACTOR, cmd("person.assign-role", person_id=doctor, role="associate_senior_title",
                                    since=titled))
    story.intend("NMED-1-title", doctors[0], "associate-senior title after nine months at a township centre")
    for k, person in enumerate(locals_):
        start = date(2025, 3, 3) + timedelta(days=30 * (k % 4))
        _exchange(story, f"p4-study-{k}", person, centres[k], core, "advanced_study", start,
                  start + timedelta(days=rng.choice([91, 182])), mid)


def _exchange(story: Story, key: str, person: object, sender: object, host: object, kind: str,
              start: date, end: date, community: object) -> None:
    xid, ext = story.new_id("exchange", key)
    story.at(start - timedelta(days=30), ACTOR, cmd(
        "exchange.plan", person_id=person, sending_id=sender, host_id=host, kind=kind, mode="rigid",
        community_id=community, planned_start=start, planned_end=end, external_id=ext,
        targets=["Outpatient sessions at the host", "Train local staff"]))
    story.at(start - timedelta(days=20), ACTOR, cmd("exchange.approve", exchange_id=xid, by="Anxi Health Commission",
                                                    on=start - timedelta(days=20)))
    story.at(start, ACTOR, cmd("exchange.start", exchange_id=xid, on=start))
    for m in months(start, end):
        lo, hi = max(m, start), min(end, (m.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1))
        story.at(hi, ACTOR, cmd("exchange.log-days", exchange_id=xid, from_day=lo, to_day=hi,
                                days=min((hi - lo).days + 1, story.rng.randint(18, 24))))
    story.at(end, ACTOR, cmd("exchange.complete", exchange_id=xid, on=end))
