"""Per district/county (P3): shares of the region's schools in basic-education communities
(P3-R2), online pairing of rural primary and junior schools (P3-R4) and new tight groups
(P3-R1). The subject is the region; membership is read on the period's last day.

Communities counted: fusion, co-construction, collaboration and education groups; "tight"
are fusion and co-construction. A community is integrated when its members span two
school stages or two regions; rural compulsory schools and kindergartens count as covered
by an urban–rural co-construction community when it also has an urban member. New
branches run by a renowned school (P3-R1) are ``BranchEntrusted`` facts of any community
whose branch school lies in the region. The P3-R1 counts are per year: a quarter or month
card counts the year to date (stated in ``details["windows"]``).
"""

from __future__ import annotations

from gtt_domain.domain.community import Community
from gtt_domain.domain.institution import Institution
from gtt_domain.evaluation.common import state_windows
from gtt_domain.evaluation.model import Scorecard, ratio
from gtt_domain.evaluation.pack import EvaluationPack
from gtt_domain.evaluation.periods import Period, annual_window
from gtt_domain.evaluation.snapshot import Snapshot

BASIC = frozenset({"fusion", "co_construction", "collaboration", "education_group"})
TIGHT = frozenset({"fusion", "co_construction"})
RURAL_COVERED_STAGES = frozenset({"kindergarten", "primary", "junior", "nine_year"})
PAIRING_STAGES = frozenset({"primary", "junior", "nine_year"})


def subjects(snap: Snapshot) -> list[str]:
    return sorted({i.region for i in snap.institutions.values() if i.kind == "school"})


def members(snap: Snapshot, comm: Community, period: Period) -> list[Institution]:
    return [snap.institutions[m] for m in sorted(comm.members_on(period.end)) if m in snap.institutions]


def integrated(snap: Snapshot, comm: Community, period: Period) -> bool:
    ms = members(snap, comm, period)
    return len({m.school_stage for m in ms}) > 1 or len({m.region for m in ms}) > 1


def cross_stage(snap: Snapshot, comm: Community, period: Period) -> bool:
    return len({m.school_stage for m in members(snap, comm, period)}) > 1


def scorecard(snap: Snapshot, region: str, period: Period, pack: EvaluationPack) -> Scorecard:
    schools = {i: s for i, s in snap.institutions.items() if s.kind == "school" and s.region == region}
    basic = [c for c in snap.communities.values() if c.kind in BASIC]
    in_any = {m for c in basic for m in c.members_on(period.end)} & set(schools)
    in_integrated = {m for c in basic if integrated(snap, c, period) for m in c.members_on(period.end)} & set(schools)
    rural = {i for i, s in schools.items() if s.locality == "rural" and s.school_stage in RURAL_COVERED_STAGES}
    urban_rural = [c for c in snap.communities.values() if c.kind == "co_construction"
                   and any(m.locality == "urban" for m in members(snap, c, period))]
    rural_covered = {m for c in urban_rural for m in c.members_on(period.end)} & rural
    to_pair = {i for i in rural if schools[i].school_stage in PAIRING_STAGES}
    paired = {p.school_id for c in snap.communities.values() for p in c.pairings if p.on <= period.end} & to_pair
    year = annual_window(period)
    new_tight = [c for c in snap.communities.values()
                 if c.kind in TIGHT and c.region == region and year.contains(c.established_on)]
    entrusted = sorted({(e.branch_id, e.run_by_id) for c in snap.communities.values() for e in c.entrustments
                        if year.contains(e.on) and region_of(snap, e.branch_id, c) == region})
    m = pack.metric
    card = Scorecard("community", region, region, period.label, [
        m("community.schools", len(schools)),
        m("community.in_community_share", ratio(len(in_any), len(schools))),
        m("community.integrated_share", ratio(len(in_integrated), len(schools))),
        m("community.rural_coconstruction_share", ratio(len(rural_covered), len(rural))),
        m("community.online_pairing_coverage", ratio(len(paired), len(to_pair))),
        m("community.new_tight_groups", len(new_tight)),
        m("community.new_cross_stage_groups", sum(1 for c in new_tight if cross_stage(snap, c, period))),
        m("community.new_branches_run_by_renowned_schools", len(entrusted)),
    ])
    card.details = {"entrusted_branches": [
        {"branch_id": b, "branch": snap.name_of(b), "run_by_id": r, "run_by": snap.name_of(r)} for b, r in entrusted]}
    return state_windows(card, period, dict.fromkeys(
        ("community.new_tight_groups", "community.new_cross_stage_groups",
         "community.new_branches_run_by_renowned_schools"), year))


def region_of(snap: Snapshot, institution_id: str, comm: Community) -> str:
    """The branch school's region (the community's when the school is not on record)."""
    inst = snap.institutions.get(institution_id)
    return inst.region if inst is not None else comm.region
