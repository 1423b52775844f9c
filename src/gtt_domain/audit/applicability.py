"""Where a pack applies: national packs by law to the scope they name, plans and local
packs only to what adopted them, while the adoption lasts.

An adoption by an **institution** covers the subjects it takes part in (an internship it
sends or hosts, an exchange it sends or hosts, a community it heads, an agreement it is
party to, a person at home there, itself); by a **bureau**, the subjects of its region.
An adoption by an **agreement** covers the internships and exchanges run under it and the
agreement itself; by a **community**, the community and the exchanges run in it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from gtt_domain.audit import facts as f

if TYPE_CHECKING:
    from gtt_domain.audit.world import World


def _institutions(s: Any, day: date | None) -> list[str]:
    if isinstance(s, f.InternshipFacts):
        return [s.school_id, s.host_id]
    if isinstance(s, f.ExchangeFacts):
        return [s.sending_id, s.host_id]
    if isinstance(s, f.CommunityFacts):
        return [s.core_institution_id]
    if isinstance(s, f.AgreementFacts):
        return list(s.parties)
    if isinstance(s, f.PersonFacts):
        home = s.home_on(day) if day is not None else None
        return [home] if home else []
    if isinstance(s, f.InstitutionFacts):
        return [s.id]
    return []


def adopters(s: Any, day: date | None) -> set[tuple[str, str]]:
    """``(kind, id)`` of everything whose adoption would cover ``s``."""
    out = {("institution", i) for i in _institutions(s, day)}
    if isinstance(s, f.InternshipFacts | f.ExchangeFacts) and s.agreement_id:
        out.add(("agreement", s.agreement_id))
    if isinstance(s, f.ExchangeFacts) and s.community_id:
        out.add(("community", s.community_id))
    if isinstance(s, f.AgreementFacts):
        out.add(("agreement", s.id))
    if isinstance(s, f.CommunityFacts):
        out.add(("community", s.id))
    return out


def regions(world: World, s: Any, day: date | None) -> set[str]:
    """The regions a subject belongs to (a bureau's adoption covers them)."""
    out = {inst.region for i in _institutions(s, day) if (inst := world.institution(i)) is not None}
    if isinstance(s, f.CommunityFacts):
        out.add(s.region)
    return out


def covers(world: World, adoption: f.AdoptionFacts, s: Any, day: date | None) -> bool:
    """Whether ``adoption`` covers ``s`` (on ``day``; any day when None)."""
    if day is not None and not adoption.on(day):
        return False
    if (adoption.adopter_kind, adoption.adopter_id) in adopters(s, day):
        return True
    if adoption.adopter_kind == "institution":
        bureau = world.institution(adoption.adopter_id)
        return bureau is not None and bureau.kind == "bureau" and bureau.region in regions(world, s, day)
    return False


def adopted(world: World, pack_id: str, s: Any, day: date | None, until: date | None = None) -> bool:
    """Whether ``pack_id`` is adopted for ``s`` on ``day`` (``day`` None: at any time that
    began by ``until``)."""
    for a in world.adoptions(pack_id):
        if day is None and until is not None and not any(p.first <= until for p in a.periods):
            continue
        if covers(world, a, s, day):
            return True
    return False


def adoption_for(world: World, pack_id: str, s: Any, day: date) -> f.AdoptionFacts | None:
    """The adoption that covers ``s`` on ``day`` (evidence for a finding), if any."""
    return next((a for a in world.adoptions(pack_id) if covers(world, a, s, day)), None)
