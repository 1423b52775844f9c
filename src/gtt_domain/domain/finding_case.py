"""FindingCase: what people did about one audit finding (acknowledge, assign, dispute,
waive, remedy, close, reopen), keyed by the finding's stable key.

The audit derives the breach from the record; this aggregate records the response, each
step with its actor and both times (``meta``). A breach that happened stays a breach: a
remedy or a waiver changes the finding's status, never whether it is found. The first step
taken on a finding creates its case (``FindingTracked``) in the same transaction.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from gtt_domain.domain.base import GttAggregate, natural_id
from gtt_domain.domain.meta import EventMeta

#: statuses in which the finding still needs an answer
UNANSWERED = ("open", "acknowledged", "assigned", "disputed", "reopened")


def case_id(key: str) -> UUID:
    """The case of the finding with this stable key (``rule|subject|what``)."""
    return natural_id("finding", key)


class FindingCase(GttAggregate):
    KIND = "finding"

    class FindingTracked(GttAggregate.Created):
        key: str
        rule_id: str
        subject_kind: str
        subject_id: str
        meta: EventMeta

    class Acknowledged(GttAggregate.Event):
        note: str | None
        meta: EventMeta

    class Assigned(GttAggregate.Event):
        assignee: str
        due: date | None
        note: str | None
        meta: EventMeta

    class Disputed(GttAggregate.Event):
        reason: str
        meta: EventMeta

    class DisputeRejected(GttAggregate.Event):
        reason: str
        meta: EventMeta

    class Waived(GttAggregate.Event):
        authority: str
        reason: str
        until: date | None
        meta: EventMeta

    class Remedied(GttAggregate.Event):
        evidence: str
        on: date
        meta: EventMeta

    class Closed(GttAggregate.Event):
        note: str | None
        meta: EventMeta

    class Reopened(GttAggregate.Event):
        reason: str
        meta: EventMeta

    @event(FindingTracked)
    def __init__(self, id: UUID, key: str, rule_id: str, subject_kind: str, subject_id: str,  # noqa: A002
                 meta: EventMeta) -> None:
        self.key = key
        self.rule_id = rule_id
        self.subject_kind = subject_kind
        self.subject_id = subject_id
        self.status = "open"
        self.assignee: str | None = None
        self.due: date | None = None
        self.dispute: str | None = None
        self.waiver_authority: str | None = None
        self.waiver_reason: str | None = None
        self.waived_until: date | None = None
        self.remedy: str | None = None
        self.remedied_on: date | None = None

    @classmethod
    def track(cls, key: str, rule_id: str, subject_kind: str, subject_id: str, meta: EventMeta) -> FindingCase:
        return cls(id=case_id(key), key=key, rule_id=rule_id, subject_kind=subject_kind,
                   subject_id=subject_id, meta=meta)

    # --- commands -------------------------------------------------------------------

    def acknowledge(self, note: str | None, meta: EventMeta) -> None:
        self._require_not("acknowledge", "closed")
        self._acknowledged(note=note, meta=meta)

    def assign(self, assignee: str, due: date | None, note: str | None, meta: EventMeta) -> None:
        self._require_not("assign", "closed")
        self._assigned(assignee=assignee, due=due, note=note, meta=meta)

    def dispute_finding(self, reason: str, meta: EventMeta) -> None:
        self._require_not("dispute", "closed", "disputed")
        self._disputed(reason=reason, meta=meta)

    def reject_dispute(self, reason: str, meta: EventMeta) -> None:
        if self.status != "disputed":
            self.refuse("reject_dispute", f"the finding is {self.status}, not disputed")
        self._dispute_rejected(reason=reason, meta=meta)

    def waive(self, authority: str, reason: str, until: date | None, meta: EventMeta) -> None:
        self._require_not("waive", "closed")
        if until is not None and until < meta.effective.date():
            self.refuse("waive", f"the waiver would end ({until}) before it takes effect ({meta.effective.date()})")
        self._waived(authority=authority, reason=reason, until=until, meta=meta)

    def record_remedy(self, evidence: str, on: date, meta: EventMeta) -> None:
        self._require_not("remedy", "closed")
        self._remedied(evidence=evidence, on=on, meta=meta.effective_on(on))

    def close(self, note: str | None, meta: EventMeta) -> None:
        self._require_not("close", "closed")
        self._closed(note=note, meta=meta)

    def reopen(self, reason: str, meta: EventMeta) -> None:
        if self.status in UNANSWERED:
            self.refuse("reopen", f"the finding is {self.status}: nothing to reopen")
        self._reopened(reason=reason, meta=meta)

    def _require_not(self, command: str, *statuses: str) -> None:
        if self.status in statuses:
            self.refuse(command, f"the finding is {self.status}")

    # --- mutators -------------------------------------------------------------------

    @event(Acknowledged)
    def _acknowledged(self, note: str | None, meta: EventMeta) -> None:
        self.status = "acknowledged"

    @event(Assigned)
    def _assigned(self, assignee: str, due: date | None, note: str | None, meta: EventMeta) -> None:
        self.status = "assigned"
        self.assignee, self.due = assignee, due

    @event(Disputed)
    def _disputed(self, reason: str, meta: EventMeta) -> None:
        self.status = "disputed"
        self.dispute = reason

    @event(DisputeRejected)
    def _dispute_rejected(self, reason: str, meta: EventMeta) -> None:
        self.status = "assigned" if self.assignee else "acknowledged"

    @event(Waived)
    def _waived(self, authority: str, reason: str, until: date | None, meta: EventMeta) -> None:
        self.status = "waived"
        self.waiver_authority, self.waiver_reason, self.waived_until = authority, reason, until

    @event(Remedied)
    def _remedied(self, evidence: str, on: date, meta: EventMeta) -> None:
        self.status = "remedied"
        self.remedy, self.remedied_on = evidence, on

    @event(Closed)
    def _closed(self, note: str | None, meta: EventMeta) -> None:
        self.status = "closed"

    @event(Reopened)
    def _reopened(self, reason: str, meta: EventMeta) -> None:
        self.status = "reopened"
