"""Pure "facts" adapters: what the rules read, taken from aggregate states.

Rules never touch aggregate internals; when an aggregate's state changes shape, only
the adapter here changes. Each fact carries the :class:`Ref` of the event it came from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from gtt_domain.audit.refs import EventIndex, Ref, StoredRef


@dataclass(frozen=True)
class Doc:
    kind: str
    provided_on: date
    cover_from: date | None
    cover_to: date | None
    withdrawn_on: date | None
    ref: Ref | None

    def in_force_on(self, day: date) -> bool:
        if self.provided_on > day or (self.withdrawn_on is not None and self.withdrawn_on <= day):
            return False
        if self.cover_from is not None and day < self.cover_from:
            return False
        return self.cover_to is None or day <= self.cover_to


class Day(NamedTuple):
    """One attendance day. A named tuple: an audit builds one per intern per day, and a
    frozen dataclass's ``__init__`` costs several times a tuple's."""

    day: date
    hours: Decimal
    night_shift: bool
    statutory_holiday: bool
    overtime_hours: Decimal
    channel: str
    location: str | None
    recorded_at: datetime
    ref: Ref | StoredRef | None  # a day's pointer, decoded when a finding cites it


@dataclass(frozen=True)
class LeaveFact:
    index: int
    asked_on: date
    first_day: date
    last_day: date
    written: bool
    approved: bool | None
    decided_on: date | None
    ref: Ref | None
    decision_ref: Ref | None


@dataclass(frozen=True)
class PayFact:
    period_start: date
    period_end: date
    amount: Decimal
    regular_wage: Decimal
    paid_directly: bool
    in_kind: bool
    paid_on: date
    ref: Ref | None


@dataclass(frozen=True)
class Dated:
    """A dated fact with a short description (fee, held document, evaluation, step …)."""

    on: date
    what: str
    ref: Ref | None
    until: date | None = None
    until_ref: Ref | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class QuitFact:
    """A request to leave the placement for good (P10-R9) and the host's decision."""

    asked_on: date
    last_day: date
    written: bool
    approved: bool | None
    decided_on: date | None
    ref: Ref | None
    decision_ref: Ref | None


@dataclass(frozen=True)
class InternshipFacts:
    id: str
    student_id: str
    school_id: str
    host_id: str
    agreement_id: str | None
    kind: str
    programme: str
    post_category: str
    planned_start: date
    planned_end: date
    started_on: date | None
    ended_on: date | None
    status: str
    plan_agreed: Dated | None
    documents: dict[str, list[Doc]]
    teacher: Dated | None
    mentor: Dated | None
    attendance: list[Day]
    absences: list[Dated]
    leaves: list[LeaveFact]
    pay: list[PayFact]
    fees: list[Dated]
    held_documents: list[Dated]
    evaluations: list[Dated]
    events: EventIndex
    KIND: str = "internship"
    quit_requests: list[QuitFact] = field(default_factory=list)
    quit: Dated | None = None  # the day the student left for good
    post: str = ""  # the post the student holds (N-INT-11 counts interns per post)
    #: skills certification results (what = exam, extra["passed"]; P13-R3)
    certifications: list[Dated] = field(default_factory=list)

    def first_document(self, kind: str) -> Doc | None:
        docs = self.documents.get(kind, [])
        return min(docs, key=lambda d: d.provided_on) if docs else None

    def has_document_on(self, kind: str, day: date) -> bool:
        return any(d.in_force_on(day) for d in self.documents.get(kind, []))

    def in_force_spans(self, kind: str) -> list[tuple[date, date]]:
        """The days documents of ``kind`` are in force, as inclusive ``(first, last)`` spans:
        ``has_document_on(kind, day)`` is ``any(first <= day <= last)`` (one pass per
        internship, not per day)."""
        out = []
        for d in self.documents.get(kind, []):
            first = max(d.provided_on, d.cover_from or d.provided_on)
            last = date.max
            if d.cover_to is not None:
                last = d.cover_to
            if d.withdrawn_on is not None:
                last = min(last, d.withdrawn_on - timedelta(days=1))
            if first <= last:
                out.append((first, last))
        return out

    def last_day(self, as_of: date) -> date:
        """The last internship day that counts on ``as_of``."""
        end = self.ended_on or self.planned_end
        return min(end, as_of)


@dataclass(frozen=True)
class ExchangeFacts:
    id: str
    person_id: str
    sending_id: str
    host_id: str
    kind: str
    mode: str
    community_id: str | None
    agreement_id: str | None
    planned_start: date
    planned_end: date
    started: Dated | None
    completed: Dated | None
    cancelled_on: date | None
    targets: Dated | None
    filed: Dated | None
    approved: Dated | None
    on_site: list[Dated]  # on = from_day, until = to_day, extra["days"]
    assessments: list[Dated]
    events: EventIndex
    KIND: str = "exchange"

    def days_on_site_between(self, start: date, end: date) -> tuple[int, list[Ref]]:
        spans = [s for s in self.on_site if start <= s.on and (s.until or s.on) <= end]
        return sum(int(s.extra["days"]) for s in spans), [s.ref for s in spans if s.ref]


@dataclass(frozen=True)
class Obligation:
    obligation_id: str
    cadence: str
    quantity: Decimal | None
    in_force: bool
    obligor: str | None = None  # the party who owes it (P6-R1)


@dataclass(frozen=True)
class AgreementFacts:
    id: str
    kind: str
    parties: dict[str, str]  # party id -> role
    majors: list[str]
    term_start: date
    term_end: date | None
    activated_on: date | None
    ended_on: date | None
    active_on: Callable[[date], bool]
    obligations: list[Obligation]
    fulfilments: list[Dated]  # what = obligation id, extra["quantity"]
    events: EventIndex
    KIND: str = "agreement"
    also_kinds: tuple[str, ...] = ()  # kinds added later (issue 19)

    @property
    def kinds(self) -> tuple[str, ...]:
        return (self.kind, *self.also_kinds)


@dataclass(frozen=True)
class Activity:
    activity_id: str
    kind: str
    held_on: date
    grade: str | None
    approved_by: str | None
    has_record: bool
    ref: Ref | None
    participants: tuple[str, ...] = ()


@dataclass(frozen=True)
class Member:
    institution_id: str
    role: str
    joined_on: date
    left_on: date | None
    ref: Ref | None
    plaque_on: date | None = None  # the head school's plaque hung (P1-S2)
    plaque_ref: Ref | None = None


@dataclass(frozen=True)
class CommunityFacts:
    id: str
    kind: str
    region: str
    core_institution_id: str
    established_on: date
    dissolved_on: date | None
    members: list[Member]
    charters: list[Dated]
    activities: list[Activity]
    funding: list[Dated]  # extra["amount"]
    approvals: list[Dated]  # what = step, extra["institution_id"]
    team_reports: list[Dated]
    team_on: Callable[[date], set[str]]
    members_on: Callable[[date], set[str]]
    role_on: Callable[[str, date], str | None]
    events: EventIndex
    KIND: str = "community"
    #: branches assessed weak (what = institution id, extra["weak"], extra["basis"])
    standings: list[Dated] = field(default_factory=list)
    #: persons' roles in the community (what = role, extra["person_id"], until; P1-S3)
    roles: list[Dated] = field(default_factory=list)
    #: one-to-one teacher pairings (what = backbone teacher id, extra["mentee_id"], until; P1-R13)
    teacher_pairs: list[Dated] = field(default_factory=list)

    def weak_branches_on(self, day: date) -> set[str] | None:
        """Branches assessed weak on ``day``; None when no branch was ever assessed."""
        if not self.standings:
            return None
        latest: dict[str, bool] = {}
        for s in sorted(self.standings, key=lambda s: s.on):
            if s.on <= day:
                latest[s.what] = bool(s.extra["weak"])
        return {i for i, weak in latest.items() if weak}

    def alive_until(self, as_of: date) -> date:
        return min(self.dissolved_on, as_of) if self.dissolved_on else as_of


@dataclass(frozen=True)
class PersonFacts:
    id: str
    kind: str
    registered_on: date
    home_on: Callable[[date], str | None]
    home_since: Callable[[date], date]
    age_on: Callable[[date], int | None]
    semester_on: Callable[[date], int | None]
    roles_on: Callable[[date], set[str]]
    roles: list[Dated]  # what = role, until
    major_code: str | None
    department: str | None
    events: EventIndex
    KIND: str = "person"
    admitted_on: date | None = None  # enrolment (P9-R1)


@dataclass(frozen=True)
class InstitutionFacts:
    id: str
    kind: str
    name: str
    region: str
    locality: str | None
    on_post_staff: int | None
    headcount: Ref | None
    departments: dict[str, Dated]  # what = liaison person id or "", extra["teacher_count"]
    majors: dict[str, str | None]  # code -> department
    events: EventIndex
    KIND: str = "institution"
    school_stage: str | None = None
    #: staff on each post (what = post, extra["staff"]; N-INT-11's share per post)
    post_staff: dict[str, Dated] = field(default_factory=dict)
    #: recorded as a labour-dispatch firm, HR agency or other intermediary (what = kind; N-INT-9)
    intermediary: list[Dated] = field(default_factory=list)
    #: majors' opening (what = code) and their expert demonstrations (P6-R7)
    majors_opened: dict[str, Dated] = field(default_factory=dict)
    demonstrations: dict[str, Dated] = field(default_factory=dict)

    def intermediary_on(self, day: date) -> Dated | None:
        """The latest intermediary status recorded by ``day`` when it says the host is one."""
        latest = None
        for x in sorted(self.intermediary, key=lambda x: x.on):
            if x.on <= day:
                latest = x
        return latest if latest is not None and latest.what else None


@dataclass(frozen=True)
class Span:
    """Named days, both included (a term, a break, a period of adoption)."""

    label: str
    first: date
    last: date | None  # None: open-ended

    def contains(self, day: date) -> bool:
        return self.first <= day and (self.last is None or day <= self.last)

    def overlaps(self, start: date, end: date) -> bool:
        return self.first <= end and (self.last is None or start <= self.last)


@dataclass(frozen=True)
class AdoptionFacts:
    """An institution, agreement or community applying a pack over periods (both days included)."""

    id: str
    pack_id: str
    adopter_kind: str
    adopter_id: str
    periods: list[Span]
    events: EventIndex
    KIND: str = "adoption"

    def on(self, day: date) -> bool:
        return any(p.contains(day) for p in self.periods)


@dataclass(frozen=True)
class CalendarFacts:
    """One institution's recorded terms and breaks."""

    id: str
    institution_id: str
    terms: list[Span]
    breaks: list[Span]
    events: EventIndex
    KIND: str = "calendar"


@dataclass(frozen=True)
class ExemptionFacts:
    """A specialty exemption filed with an authority; empty scope lists admit any value."""

    id: str
    kind: str
    authority: str
    reference: str
    filed_on: date
    school_id: str
    host_ids: list[str]
    majors: list[str]
    post_categories: list[str]
    internship_ids: list[str]
    period: Span  # from .. until, cut short by a revocation
    events: EventIndex
    KIND: str = "exemption"

    @property
    def ref(self) -> Ref:
        return self.events.created


@dataclass(frozen=True)
class CaseStep:
    """One step of a finding's life: what, when it took effect, when and by whom recorded."""

    kind: str  # tracked, acknowledged, assigned, disputed, dispute_rejected, waived, remedied, closed, reopened
    on: date
    recorded_at: datetime
    actor: str
    fields: dict[str, Any]
    ref: Ref | None


@dataclass(frozen=True)
class FindingCaseFacts:
    id: str
    key: str
    rule_id: str
    subject_kind: str
    subject_id: str
    steps: list[CaseStep]
    events: EventIndex
    KIND: str = "finding"


Facts = (InternshipFacts | ExchangeFacts | AgreementFacts | CommunityFacts | PersonFacts | InstitutionFacts
         | AdoptionFacts | CalendarFacts | ExemptionFacts | FindingCaseFacts)
#: kinds of facts about how rules apply and how findings are answered (not audit subjects)
CONTEXT_KINDS = frozenset({"adoption", "calendar", "exemption", "finding"})
