"""Query functions over the read tables; each returns pydantic models.

Every function takes a :class:`~gtt_projections.ReadModel` and, by default, first runs a
catch-up of the projections it reads, so answers are never stale; ``catch_up=False``
skips that (e.g. when a follower keeps the tables current; then
``rm.wait_for(position)`` gives read-your-writes).

Everything is exported here (``from gtt_projections.queries import list_internships``) and
imported on first use (PEP 562), so importing one query does not load every table.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# ``timeline`` names both a function and its module: importing the module first (here) keeps
# the package attribute the function, whatever imports the module later
from gtt_projections.queries.timeline import TimelineEntry, timeline  # noqa: E402

if TYPE_CHECKING:
    from gtt_projections.findings import stored_findings
    from gtt_projections.queries.agreements import (
        AgreementDetail,
        AgreementParty,
        AgreementSummary,
        Fulfilment,
        Obligation,
        StatusChange,
        get_agreement,
        list_agreements,
    )
    from gtt_projections.queries.communities import (
        Activity,
        CommunityDetail,
        CommunityRole,
        CommunitySummary,
        Membership,
        get_community,
        list_activities,
        list_communities,
        list_members,
    )
    from gtt_projections.queries.exchanges import (
        DaysOnSite,
        ExchangeDetail,
        ExchangeSummary,
        Review,
        get_exchange,
        list_exchanges,
    )
    from gtt_projections.queries.ids import (
        AmbiguousIdError,
        KeyOfManyError,
        find_by_name,
        is_short_id,
        resolve_id,
        resolve_key,
    )
    from gtt_projections.queries.institutions import (
        Department,
        InstitutionDetail,
        InstitutionSummary,
        Major,
        QualityScore,
        get_institution,
        list_institutions,
        list_majors,
    )
    from gtt_projections.queries.internships import (
        AttendanceDay,
        InternshipDetail,
        InternshipDocument,
        InternshipEvaluation,
        InternshipSummary,
        LeaveRequest,
        PayPeriod,
        get_internship,
        list_attendance,
        list_internships,
    )
    from gtt_projections.queries.names import (
        agreement_titles,
        community_names,
        institution_names,
        person_names,
        subject_names,
    )
    from gtt_projections.queries.persons import (
        PersonDetail,
        PersonRole,
        PersonSummary,
        get_person,
        list_persons,
    )

#: exported name -> the module that defines it
_EXPORTS: dict[str, str] = {
    **dict.fromkeys((
        "AgreementDetail", "AgreementParty", "AgreementSummary", "Fulfilment", "Obligation",
        "StatusChange", "get_agreement", "list_agreements"), "agreements"),
    **dict.fromkeys((
        "Activity", "CommunityDetail", "CommunityRole", "CommunitySummary", "Membership",
        "get_community", "list_activities", "list_communities", "list_members"), "communities"),
    **dict.fromkeys((
        "DaysOnSite", "ExchangeDetail", "ExchangeSummary", "Review", "get_exchange",
        "list_exchanges"), "exchanges"),
    **dict.fromkeys(("AmbiguousIdError", "KeyOfManyError", "find_by_name", "is_short_id", "resolve_id",
                     "resolve_key"), "ids"),
    **dict.fromkeys((
        "Department", "InstitutionDetail", "InstitutionSummary", "Major", "QualityScore",
        "get_institution", "list_institutions", "list_majors"), "institutions"),
    **dict.fromkeys((
        "AttendanceDay", "InternshipDetail", "InternshipDocument", "InternshipEvaluation",
        "InternshipSummary", "LeaveRequest", "PayPeriod", "get_internship", "list_attendance",
        "list_internships"), "internships"),
    **dict.fromkeys(("agreement_titles", "community_names", "institution_names", "person_names",
                     "subject_names"), "names"),
    **dict.fromkeys(("PersonDetail", "PersonRole", "PersonSummary", "get_person", "list_persons"), "persons"),
}
#: read models outside this package whose query functions are exported here too
_ELSEWHERE: dict[str, str] = {"stored_findings": "gtt_projections.findings"}

__all__ = [
    "Activity", "AgreementDetail", "AgreementParty", "AgreementSummary", "AmbiguousIdError",
    "AttendanceDay", "CommunityDetail", "CommunityRole", "CommunitySummary", "DaysOnSite",
    "Department", "ExchangeDetail", "ExchangeSummary", "Fulfilment", "InstitutionDetail",
    "InstitutionSummary", "InternshipDetail", "InternshipDocument", "InternshipEvaluation",
    "InternshipSummary", "KeyOfManyError", "LeaveRequest", "Major", "Membership", "Obligation",
    "PayPeriod", "PersonDetail", "PersonRole", "PersonSummary", "QualityScore", "Review",
    "StatusChange", "TimelineEntry", "agreement_titles", "community_names", "find_by_name",
    "get_agreement", "get_community", "get_exchange", "get_institution", "get_internship",
    "get_person", "institution_names", "is_short_id", "list_activities", "list_agreements",
    "list_attendance", "list_communities", "list_exchanges", "list_institutions",
    "list_internships", "list_majors", "list_members", "list_persons", "person_names",
    "resolve_id", "resolve_key", "stored_findings", "subject_names", "timeline",
]


def __getattr__(name: str) -> Any:
    module = _ELSEWHERE.get(name) or (f"{__name__}.{_EXPORTS[name]}" if name in _EXPORTS else None)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
