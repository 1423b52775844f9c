"""Build facts from aggregate states (the only module that reads aggregate attributes)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from gtt_domain.audit import facts as f
from gtt_domain.audit.refs import EventIndex, Ref
from gtt_domain.domain.adoption import Adoption
from gtt_domain.domain.agreement import Agreement
from gtt_domain.domain.calendar import SchoolCalendar
from gtt_domain.domain.community import Community
from gtt_domain.domain.exchange import Exchange
from gtt_domain.domain.exemption import Exemption
from gtt_domain.domain.finding_case import FindingCase
from gtt_domain.domain.institution import Institution, later
from gtt_domain.domain.person import Person, retained_age_on

if TYPE_CHECKING:
    from gtt_domain.domain.internship import Internship


def _dated(on: date | None, what: str, ref: Ref | None, **extra: Any) -> f.Dated | None:
    return None if on is None else f.Dated(on, what, ref, extra=extra)


def internship(a: Internship, ix: EventIndex) -> f.InternshipFacts:
    # reading folds call keep_details(); the command side's compact aggregate has no days here
    assert a.attendance is not None and a.absences is not None, "an Internship folded without its details"
    docs: dict[str, list[f.Doc]] = {}
    for kind, items in a.documents.items():
        provided = ix.all("DocumentProvided", doc=kind)
        docs[kind] = [f.Doc(kind, d.provided_on, d.cover_from, d.cover_to, d.withdrawn_on,
                            provided[i][0] if i < len(provided) else None)
                      for i, d in enumerate(items)]
    decided = {e.request: r for r, e in ix.all("LeaveDecided")}
    plan = min(ix.all("PlanAgreedWithHost"), key=lambda re: re[1].agreed_on, default=None)
    held = []
    for doc, h in a.held_documents.items():
        held.append(f.Dated(h.since, doc, ix.last("DocumentHeldByHost", doc=doc), h.returned_on,
                            ix.last("DocumentReturnedByHost", doc=doc) if h.returned_on else None))
    return f.InternshipFacts(
        id=str(a.id), student_id=a.student_id, school_id=a.school_id, host_id=a.host_id,
        agreement_id=a.agreement_id, kind=a.kind, programme=a.programme,
        post_category=a.post_category, planned_start=a.planned_start, planned_end=a.planned_end,
        started_on=a.started_on, ended_on=a.ended_on, status=a.status,
        plan_agreed=_dated(plan[1].agreed_on, "plan", plan[0]) if plan else None,
        documents=docs,
        teacher=_dated(a.accompanying_teacher_since, a.accompanying_teacher_id or "",
                       ix.last("AccompanyingTeacherAssigned")),
        mentor=_dated(a.mentor_since, a.mentor_id or "", ix.last("MentorAssigned")),
        attendance=[f.Day(d.day, d.hours, d.night_shift, d.statutory_holiday, d.overtime_hours,
                          d.channel, d.location, d.recorded_at,
                          ix.first("AttendanceRecorded", day=d.day))
                    for d in sorted(a.attendance.values(), key=lambda x: x.day)],
        absences=[f.Dated(x.day, x.reason or "", ix.first("AbsenceRecorded", day=x.day))
                  for x in sorted(a.absences.values(), key=lambda x: x.day)],
        leaves=[f.LeaveFact(i, lv.asked_on, lv.first_day, lv.last_day, lv.written, lv.approved,
                            lv.decided_on, ix.nth("LeaveRequested", i), decided.get(i))
                for i, lv in enumerate(a.leaves) if not getattr(lv, "retracted", False)],
        pay=[f.PayFact(p.period_start, p.period_end, p.amount, p.regular_wage, p.paid_directly,
                       p.in_kind, p.paid_on, _restated(ix, p, "PayRecorded", i))
             for i, p in enumerate(a.pay)],
        fees=[f.Dated(x.charged_on, x.description, ix.nth("FeeCharged", i), extra={"amount": x.amount})
              for i, x in enumerate(a.fees)],
        held_documents=held,
        evaluations=[f.Dated(x.on, x.by, _restated(ix, x, "Evaluated", i)) for i, x in enumerate(a.evaluations)],
        events=ix,
        quit_requests=_quits(a, ix),
        quit=_dated(a.quit_on, a.termination_reason or "", ix.last("StudentQuit")),
        post=a.post,
        certifications=[f.Dated(x.on, x.exam, ix.nth("CertificationResultRecorded", i), extra={"passed": x.passed})
                        for i, x in enumerate(a.certifications)],
    )


def _restated(ix: EventIndex, item: Any, recorded: str, i: int) -> Ref | None:
    """The event that last stated ``item``: its correction, else its record (by version;
    by place for a state stored before items carried their version)."""
    version = getattr(item, "corrected_by", 0) or getattr(item, "version", 0)
    if not version:
        return ix.nth(recorded, i)
    return ix.by_version(version)


def _quits(a: Internship, ix: EventIndex) -> list[f.QuitFact]:
    decided = [r for r, _ in ix.all("QuitDecided")]
    out, d = [], 0
    for i, q in enumerate(a.quit_requests):
        ref = ix.nth("QuitRequested", i)
        dref = None
        if q.approved is not None and d < len(decided):
            dref, d = decided[d], d + 1
        out.append(f.QuitFact(q.asked_on, q.last_day, q.written, q.approved, q.decided_on, ref, dref))
    return out


def exchange(a: Exchange, ix: EventIndex) -> f.ExchangeFacts:
    targets = ix.all("TargetsSet")
    return f.ExchangeFacts(
        id=str(a.id), person_id=a.person_id, sending_id=a.sending_id, host_id=a.host_id,
        kind=a.kind, mode=a.mode, community_id=a.community_id, agreement_id=a.agreement_id,
        planned_start=a.planned_start, planned_end=a.planned_end,
        started=_dated(a.started_on, "started", ix.first("Started")),
        completed=_dated(a.completed_on, "completed", ix.first("Completed")),
        cancelled_on=a.cancelled_on,
        targets=f.Dated(targets[0][0].effective, "; ".join(a.targets), targets[0][0]) if targets and a.targets else None,
        filed=_dated(a.filed_on, "filed", ix.first("Filed")),
        approved=_dated(a.approved_on, a.approved_by or "", ix.first("Approved")),
        on_site=[f.Dated(s.from_day, "on site", ix.first("DaysOnSiteLogged", from_day=s.from_day),
                         s.to_day, extra={"days": s.days}) for s in a.on_site],
        assessments=[f.Dated(x.on, x.result, ix.nth("Assessed", i)) for i, x in enumerate(a.assessments)],
        events=ix,
    )


def agreement(a: Agreement, ix: EventIndex) -> f.AgreementFacts:
    return f.AgreementFacts(
        id=str(a.id), kind=a.kind, parties={p.party_id: p.role for p in a.parties.values()},
        majors=list(a.majors), term_start=a.term_start, term_end=a.term_end,
        activated_on=a.activated_on, ended_on=a.ended_on, active_on=a.is_active_on,
        obligations=[f.Obligation(o.obligation_id, o.cadence, o.quantity, o.dropped_in_version is None, o.obligor)
                     for o in a.obligations.values()],
        fulfilments=[f.Dated(x.on, x.obligation_id, _restated(ix, x, "FulfilmentRecorded", i),
                             extra={"quantity": x.quantity if x.quantity is not None else Decimal(1),
                                    "amount": x.amount})
                     for i, x in enumerate(a.fulfilments)],
        events=ix, also_kinds=tuple(a.also_kinds),
    )


def community(a: Community, ix: EventIndex) -> f.CommunityFacts:
    records = {e.activity_id: bool(e.record.strip()) for _, e in ix.all("ActivityHeld")}
    for _, e in ix.items:  # a correction restates the record (issue 19)
        if type(e).__name__ == "ActivityCorrected" and not e.retracted:
            records[e.activity_id] = bool(e.record.strip())
    return f.CommunityFacts(
        id=str(a.id), kind=a.kind, region=a.region, core_institution_id=a.core_institution_id,
        established_on=a.established_on, dissolved_on=a.dissolved_on,
        members=[f.Member(s.institution_id, s.role, s.joined_on, s.left_on,
                          ix.first("MemberJoined", institution_id=s.institution_id) or ix.created,
                          s.plaque_on, _plaque_ref(ix, s.institution_id, s.plaque_on))
                 for s in a.members],
        charters=[f.Dated(c.adopted_on, c.agreement_id or "", ix.first("CharterAdopted", adopted_on=c.adopted_on))
                  for c in a.charters],
        activities=[f.Activity(k, x.kind, x.held_on, x.grade, x.approved_by, records.get(k, False),
                               ix.first("ActivityHeld", activity_id=k), tuple(x.participants))
                    for k, x in a.activities.items()],
        funding=[f.Dated(x.received_on, x.source, _restated(ix, x, "FundingReceived", i), extra={"amount": x.amount})
                 for i, x in enumerate(a.funding)],
        approvals=[f.Dated(x.on, x.step, ix.nth("ApprovalStepRecorded", i),
                           extra={"institution_id": x.institution_id})
                   for i, x in enumerate(a.approvals)],
        team_reports=[f.Dated(d, "team report", ix.nth("TeamReported", i)) for i, d in enumerate(a.team_reports)],
        team_on=a.team_on, members_on=a.members_on, role_on=a.member_role_on,
        events=ix,
        standings=[f.Dated(x.on, x.institution_id, ix.nth("BranchStandingRecorded", i),
                           extra={"weak": x.weak, "basis": x.basis})
                   for i, x in enumerate(a.standings)],
        roles=[f.Dated(r.since, r.role, ix.first("RoleAssigned", person_id=r.person_id), r.until,
                       extra={"person_id": r.person_id}) for r in a.roles],
        teacher_pairs=[f.Dated(p.since, p.mentor_id, ix.first("TeachersPaired", mentee_id=p.mentee_id), p.until,
                               extra={"mentee_id": p.mentee_id}) for p in a.teacher_pairs],
    )


def _plaque_ref(ix: EventIndex, institution_id: str, on: date | None) -> Ref | None:
    if on is None:
        return None
    return ix.first("PlaqueHung", institution_id=institution_id) or \
        ix.first("MemberJoined", institution_id=institution_id)


def person(a: Person, ix: EventIndex) -> f.PersonFacts:
    registered = ix.created.effective

    def home_since(day: date) -> date:
        since = registered
        for spell in a.homes[1:]:
            if spell.since is not None and spell.since <= day:
                since = spell.since
        return since

    enr = a.enrolment
    return f.PersonFacts(
        id=str(a.id), kind=a.kind, registered_on=registered, home_on=a.home_on,
        home_since=home_since, age_on=a.age_on, semester_on=a.semester_on, roles_on=a.roles_on,
        roles=[f.Dated(r.since, r.role, ix.first("RoleAssigned", role=r.role), r.until) for r in a.roles],
        major_code=enr.major_code if enr else None, department=enr.department if enr else None,
        events=ix, admitted_on=enr.admitted_on if enr else None,
    )


def retained_ages(fold: Any) -> Callable[[date], int | None] | None:
    """A person's age on a day from the facts retained before their erasure, when the
    fold's personal data is gone (the key destroyed) and such facts exist for its events."""
    if getattr(fold.aggregate, "personal", None) is not None or not fold.retained:
        return None
    return retained_age_on(fold.retained, (version for version, _, _ in fold.applied))


def with_retained_ages(found: f.PersonFacts, fold: Any) -> f.PersonFacts:
    """``found`` with :func:`retained_ages` when there are any."""
    age_on = retained_ages(fold)
    return found if age_on is None else dataclasses.replace(found, age_on=age_on)


def institution(a: Institution, ix: EventIndex) -> f.InstitutionFacts:
    return f.InstitutionFacts(
        id=str(a.id), kind=a.kind, name=a.name, region=a.region, locality=a.locality,
        on_post_staff=a.on_post_staff, headcount=ix.last("HeadcountReported"),
        departments={n: f.Dated(date.min, d.liaison_person_id or "", ix.first("DepartmentOpened", name=n),
                                extra={"teacher_count": d.teacher_count})
                     for n, d in a.departments.items()},
        majors={code: m.department for code, m in a.majors.items() if code not in a.closed_majors},
        events=ix, school_stage=a.school_stage,
        post_staff={post: f.Dated(r.effective, post, r, extra={"staff": n})
                    for post, n in later(a, "post_staff", {}).items()
                    if (r := ix.last("PostHeadcountReported", post=post)) is not None},
        intermediary=[f.Dated(x.on, x.kind or "", ix.nth("IntermediaryStatusRecorded", i), extra={"basis": x.basis})
                      for i, x in enumerate(later(a, "intermediary", []))],
        majors_opened={code: f.Dated(r.effective, code, r) for code in a.majors
                       if (r := ix.first("MajorOpened", code=code)) is not None},
        demonstrations={code: f.Dated(on, code, ix.first("MajorDemonstrated", code=code))
                        for code, on in later(a, "demonstrations", {}).items()},
    )


def adoption(a: Adoption, ix: EventIndex) -> f.AdoptionFacts:
    return f.AdoptionFacts(
        id=str(a.id), pack_id=a.pack_id, adopter_kind=a.adopter_kind, adopter_id=a.adopter_id,
        periods=[f.Span(a.pack_id, p.from_day, p.until) for p in a.periods], events=ix)


def calendar(a: SchoolCalendar, ix: EventIndex) -> f.CalendarFacts:
    def spans(items: Any) -> list[f.Span]:
        return sorted((f.Span(x.label, x.first_day, x.last_day) for x in items.values()), key=lambda s: s.first)
    return f.CalendarFacts(id=str(a.id), institution_id=a.institution_id, terms=spans(a.terms),
                           breaks=spans(a.breaks), events=ix)


def exemption(a: Exemption, ix: EventIndex) -> f.ExemptionFacts:
    until = a.until
    if a.revoked_on is not None:  # revoked from that day: the last day covered is the one before
        until = min(until or date.max, a.revoked_on - timedelta(days=1))
    return f.ExemptionFacts(
        id=str(a.id), kind=a.kind, authority=a.authority, reference=a.reference, filed_on=a.filed_on,
        school_id=a.school_id, host_ids=list(a.host_ids), majors=list(a.majors),
        post_categories=list(a.post_categories), internship_ids=list(a.internship_ids),
        period=f.Span(a.reference, a.from_day, until), events=ix)


#: event type -> (step kind, fields read from the event)
CASE_STEPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "FindingTracked": ("tracked", ()), "Acknowledged": ("acknowledged", ("note",)),
    "Assigned": ("assigned", ("assignee", "due", "note")), "Disputed": ("disputed", ("reason",)),
    "DisputeRejected": ("dispute_rejected", ("reason",)),
    "Waived": ("waived", ("authority", "reason", "until")), "Remedied": ("remedied", ("evidence", "on")),
    "Closed": ("closed", ("note",)), "Reopened": ("reopened", ("reason",)),
}


def finding_case(a: FindingCase, ix: EventIndex) -> f.FindingCaseFacts:
    steps = []
    for ref, e in ix.items:
        kind, names = CASE_STEPS.get(ref.event_type, (None, ()))
        if kind is None:
            continue
        steps.append(f.CaseStep(kind, ref.effective, e.meta.recorded_at, e.meta.actor,
                                {n: getattr(e, n) for n in names}, ref))
    return f.FindingCaseFacts(id=str(a.id), key=a.key, rule_id=a.rule_id, subject_kind=a.subject_kind,
                              subject_id=a.subject_id, steps=steps, events=ix)


ADAPTERS: dict[type[Any], Callable[[Any, EventIndex], f.Facts]] = {
    Exchange: exchange, Agreement: agreement,
    Community: community, Person: person, Institution: institution,
    Adoption: adoption, SchoolCalendar: calendar, Exemption: exemption, FindingCase: finding_case,
}
#: adapters of classes named by their topic, not imported here: only a replay folds
#: internships (an audit of the fact tables reads their facts itself), and importing the
#: class and its event classes costs an audit's start-up a quarter of a second
ADAPTERS_BY_TOPIC: dict[str, Callable[[Any, EventIndex], f.Facts]] = {
    "gtt_domain.domain.internship:Internship": internship,
}


def facts_of(aggregate: Any, ix: EventIndex) -> f.Facts | None:
    """The facts of one aggregate, or ``None`` for a kind the audits do not read."""
    cls = type(aggregate)
    adapter = ADAPTERS.get(cls) or ADAPTERS_BY_TOPIC.get(f"{cls.__module__}:{cls.__qualname__}")
    return adapter(aggregate, ix) if adapter is not None else None
