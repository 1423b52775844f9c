"""Exchange: a person from a sending institution working at a host for a planned cycle.

Covers rotation, support teaching and shadow learning (P1), rigid/flexible flow (P3),
medical dispatch and advanced study (P4), teachers' enterprise practice (P6-R5, P12-R3,
N-TEP), enterprise experts teaching (P12-R4) and secondments (P13-R6).

Refused are only facts that cannot be true, each named in the command's docstring: a
cycle that ends before it starts, sending to oneself, starting or completing twice, days
on site outside the started (and completed) exchange or counted twice, assessing what is
not completed, anything on a cancelled exchange. Policy breaches are recorded: started
before filing or approval (P1-R4, P1-S4), a cycle shorter than a year, no targets, a host
outside the sender's group (P1-R2). People appear by id only.

Days on site are logged as spans: ``(from_day, to_day, days)`` says ``days`` of the span
were spent on site. One day is ``(d, d, 1)``; a month's count is one row. Spans never
overlap, so totals never count a day twice.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from eventsourcing.domain import event

from gtt_domain.domain.base import GttAggregate, check_period
from gtt_domain.domain.community_parts import values_of
from gtt_domain.domain.errors import DomainError
from gtt_domain.domain.exchange_parts import (
    Assessment,
    AssessmentResult,
    ExchangeKind,
    ExchangeMode,
    ExchangeStatus,
    Filing,
    InterimReview,
    OnSiteDays,
)
from gtt_domain.domain.meta import EventMeta

S = ExchangeStatus


class Exchange(GttAggregate):
    KIND = "exchange"

    class Planned(GttAggregate.Created):
        person_id: str
        sending_id: str
        host_id: str
        kind: str
        mode: str
        community_id: str | None
        agreement_id: str | None
        planned_start: date
        planned_end: date
        external_id: str | None
        meta: EventMeta

    class TargetsSet(GttAggregate.Event):
        targets: list[str]
        meta: EventMeta

    class Filed(GttAggregate.Event):
        authority: str
        filed_on: date
        meta: EventMeta

    class Approved(GttAggregate.Event):
        by: str
        on: date
        meta: EventMeta

    class Started(GttAggregate.Event):
        on: date
        meta: EventMeta

    class DaysOnSiteLogged(GttAggregate.Event):
        from_day: date
        to_day: date
        days: int
        meta: EventMeta

    class InterimReviewRecorded(GttAggregate.Event):
        on: date
        summary: str
        rating: str | None
        meta: EventMeta

    class Completed(GttAggregate.Event):
        on: date
        meta: EventMeta

    class Assessed(GttAggregate.Event):
        on: date
        result: str
        metrics: dict[str, Decimal | str]
        meta: EventMeta

    class DaysOnSiteCorrected(GttAggregate.Event):
        """The days logged from ``from_day`` restated (or, ``retracted``, withdrawn as logged
        in error); the original stays in the log (issue 19)."""

        from_day: date
        to_day: date
        days: int
        retracted: bool
        reason: str
        meta: EventMeta

    class Cancelled(GttAggregate.Event):
        on: date
        reason: str
        meta: EventMeta

    @classmethod
    def plan(
        cls, *, id: UUID, person_id: str, sending_id: str, host_id: str, kind: str,  # noqa: A002
        mode: str, community_id: str | None, agreement_id: str | None, planned_start: date,
        planned_end: date, external_id: str | None, meta: EventMeta,
    ) -> Exchange:
        """Guarded creation: known kind and mode, a cycle that does not end before it starts,
        and a host other than the sender. A 3-month rotation (P1-R4 asks 1–2 years) is
        recorded; the audits flag it."""
        command = "plan"
        if kind not in values_of(ExchangeKind):
            raise DomainError(cls.KIND, command, f"unknown exchange kind {kind!r}", id)
        if mode not in values_of(ExchangeMode):
            raise DomainError(cls.KIND, command, f"unknown exchange mode {mode!r}", id)
        check_period(cls.KIND, command, planned_start, planned_end)
        if sending_id == host_id:
            raise DomainError(cls.KIND, command, "the sending institution cannot also be the host", id)
        return cls(id=id, person_id=person_id, sending_id=sending_id, host_id=host_id, kind=kind,
                   mode=mode, community_id=community_id, agreement_id=agreement_id,
                   planned_start=planned_start, planned_end=planned_end,
                   external_id=external_id, meta=meta)

    @event(Planned)
    def __init__(
        self, id: UUID, person_id: str, sending_id: str, host_id: str, kind: str,  # noqa: A002
        mode: str, community_id: str | None, agreement_id: str | None, planned_start: date,
        planned_end: date, external_id: str | None, meta: EventMeta,
    ) -> None:
        self.person_id = person_id
        self.sending_id = sending_id
        self.host_id = host_id
        self.kind = kind
        self.mode = mode
        self.community_id = community_id
        self.agreement_id = agreement_id
        self.planned_start = planned_start
        self.planned_end = planned_end
        self.external_id = external_id
        self.status: str = S.PLANNED.value
        self.targets: list[str] = []
        self.filings: list[Filing] = []
        self.approved_by: str | None = None
        self.approved_on: date | None = None
        self.started_on: date | None = None
        self.on_site: list[OnSiteDays] = []
        self.reviews: list[InterimReview] = []
        self.completed_on: date | None = None
        self.assessments: list[Assessment] = []
        self.cancelled_on: date | None = None
        self.cancellation_reason: str | None = None

    # --- queries -----------------------------------------------------------------------

    @property
    def filed_on(self) -> date | None:
        """The first filing (P1-R4 compares it with the start)."""
        return min((f.filed_on for f in self.filings), default=None)

    @property
    def days_on_site(self) -> int:
        return sum(s.days for s in self.on_site)

    def days_on_site_between(self, start: date, end: date) -> int:
        """Days of spans lying wholly inside ``[start, end]`` (log monthly for monthly audits)."""
        return sum(s.days for s in self.on_site if start <= s.from_day and s.to_day <= end)

    @property
    def assessment(self) -> Assessment | None:
        """The latest assessment (a re-assessment after appeal follows the first)."""
        return self.assessments[-1] if self.assessments else None

    # --- commands ----------------------------------------------------------------------

    def set_targets(self, targets: list[str], meta: EventMeta) -> None:
        """Replaces the targets (P1-R4, P1-R5); targets set late are recorded."""
        self._require_not_cancelled("set_targets")
        if not targets or any(not t.strip() for t in targets):
            self.refuse("set_targets", "targets must be non-empty texts")
        self._targets_set(targets=list(targets), meta=meta)

    def file(self, authority: str, filed_on: date, meta: EventMeta) -> None:
        """Filing with an authority (P1-R4); filing after the start is recorded."""
        self._require_not_cancelled("file")
        self._filed(authority=authority, filed_on=filed_on, meta=meta.effective_on(filed_on))

    def approve(self, by: str, on: date, meta: EventMeta) -> None:
        """The bureau's approval of a deployment (P1-S4), given once; approval after the
        start is recorded."""
        self._require_not_cancelled("approve")
        if self.approved_on is not None:
            self.refuse("approve", f"already approved on {self.approved_on} by {self.approved_by}")
        self._approved(by=by, on=on, meta=meta.effective_on(on))

    def start(self, on: date, meta: EventMeta) -> None:
        """Starts once, from planned; before filing, approval or the planned start is recorded."""
        self._require_not_cancelled("start")
        if self.status != S.PLANNED.value:
            self.refuse("start", f"already started on {self.started_on}")
        self._started(on=on, meta=meta.effective_on(on))

    def correct_days(self, from_day: date, meta: EventMeta, *, reason: str, retracted: bool = False,
                     to_day: date | None = None, days: int | None = None) -> None:
        cmd = "correct_days"
        old = next((s for s in self.on_site if s.from_day == from_day), None)
        if old is None:
            self.refuse(cmd, f"no days logged from {from_day}")
        last = to_day or old.to_day
        count = old.days if days is None else days
        check_period(self.KIND, cmd, from_day, last)
        self._require_within(cmd, from_day, last)
        span = (last - from_day).days + 1
        if count < 0 or count > span:
            self.refuse(cmd, f"{count} days do not fit in the {span} day(s) from {from_day} to {last}")
        clash = next((s for s in self.on_site if s is not old and s.overlaps(from_day, last)), None)
        if clash is not None:
            self.refuse(cmd, f"days from {from_day} to {last} overlap those logged from {clash.from_day}")
        self._days_corrected(from_day=from_day, to_day=last, days=count, retracted=retracted, reason=reason,
                             meta=meta.effective_on(old.to_day))

    def log_days(self, from_day: date, to_day: date, days: int, meta: EventMeta) -> None:
        """Days on site in a span inside the exchange (from its start, up to completion),
        at most the span's length, overlapping no span already logged."""
        cmd = "log_days"
        self._require_not_cancelled(cmd)
        check_period(self.KIND, cmd, from_day, to_day)
        self._require_within(cmd, from_day, to_day)
        span = (to_day - from_day).days + 1
        if days < 0 or days > span:
            self.refuse(cmd, f"{days} days do not fit in the {span} day(s) from {from_day} to {to_day}")
        clash = next((s for s in self.on_site if s.overlaps(from_day, to_day)), None)
        if clash is not None:
            self.refuse(cmd, f"days from {from_day} to {to_day} overlap those logged from "
                             f"{clash.from_day} to {clash.to_day}")
        self._days_logged(from_day=from_day, to_day=to_day, days=days, meta=meta.effective_on(to_day))

    def record_review(self, on: date, summary: str, rating: str | None, meta: EventMeta) -> None:
        """An interim review falls inside the exchange: not before the start, not after completion."""
        self._require_not_cancelled("record_review")
        self._require_within("record_review", on, on)
        self._reviewed(on=on, summary=summary, rating=rating, meta=meta.effective_on(on))

    def complete(self, on: date, meta: EventMeta) -> None:
        """Completes once, a started exchange, not before its start or a fact already logged."""
        cmd = "complete"
        self._require_not_cancelled(cmd)
        if self.status == S.COMPLETED.value:
            self.refuse(cmd, f"already completed on {self.completed_on}")
        self._require_started(cmd)
        self._require_not_before_last_fact(cmd, on)
        self._completed(on=on, meta=meta.effective_on(on))

    def assess(self, on: date, result: str, metrics: dict[str, Decimal | str], meta: EventMeta) -> None:
        """A completed exchange is assessed (P1-R7), on or after completion; a later
        re-assessment is recorded after the first."""
        cmd = "assess"
        self._require_not_cancelled(cmd)
        if self.completed_on is None:
            self.refuse(cmd, "the exchange is not completed")
        if on < self.completed_on:
            self.refuse(cmd, f"assessed on {on}, before completion on {self.completed_on}")
        if result not in values_of(AssessmentResult):
            self.refuse(cmd, f"unknown assessment result {result!r}")
        self._assessed(on=on, result=result, metrics=dict(metrics), meta=meta.effective_on(on))

    def cancel(self, on: date, reason: str, meta: EventMeta) -> None:
        """A planned or running exchange is cancelled once; a started one not before its
        start or a fact already logged. A completed exchange is not cancelled."""
        cmd = "cancel"
        self._require_not_cancelled(cmd)
        if self.status == S.COMPLETED.value:
            self.refuse(cmd, f"the exchange was completed on {self.completed_on}")
        if self.started_on is not None:
            self._require_not_before_last_fact(cmd, on)
        self._cancelled(on=on, reason=reason, meta=meta.effective_on(on))

    # --- guards ------------------------------------------------------------------------

    def _require_not_cancelled(self, command: str) -> None:
        if self.cancelled_on is not None:
            self.refuse(command, f"the exchange was cancelled on {self.cancelled_on}")

    def _require_started(self, command: str) -> date:
        if self.started_on is None:
            self.refuse(command, "the exchange has not started")
        return self.started_on

    def _require_within(self, command: str, first: date, last: date) -> None:
        started = self._require_started(command)
        if first < started:
            self.refuse(command, f"{first} is before the exchange started on {started}")
        if self.completed_on is not None and last > self.completed_on:
            self.refuse(command, f"{last} is after the exchange was completed on {self.completed_on}")

    def _require_not_before_last_fact(self, command: str, on: date) -> None:
        started = self._require_started(command)
        facts = [started, *(s.to_day for s in self.on_site), *(r.on for r in self.reviews)]
        last = max(facts)
        if on < last:
            self.refuse(command, f"dated {on}, before a fact on record on {last}")

    # --- mutators (no guards: replay never re-judges history) ---------------------------

    @event(TargetsSet)
    def _targets_set(self, targets: list[str], meta: EventMeta) -> None:
        self.targets = list(targets)

    @event(Filed)
    def _filed(self, authority: str, filed_on: date, meta: EventMeta) -> None:
        self.filings.append(Filing(authority, filed_on))

    @event(Approved)
    def _approved(self, by: str, on: date, meta: EventMeta) -> None:
        self.approved_by = by
        self.approved_on = on

    @event(Started)
    def _started(self, on: date, meta: EventMeta) -> None:
        self.started_on = on
        self.status = S.STARTED.value

    @event(DaysOnSiteLogged)
    def _days_logged(self, from_day: date, to_day: date, days: int, meta: EventMeta) -> None:
        self.on_site.append(OnSiteDays(from_day, to_day, days))

    @event(DaysOnSiteCorrected)
    def _days_corrected(self, from_day: date, to_day: date, days: int, retracted: bool, reason: str,
                        meta: EventMeta) -> None:
        i = next((j for j, s in enumerate(self.on_site) if s.from_day == from_day), None)
        if i is None:
            raise KeyError(from_day)  # the bounds left the original out: skipped
        if retracted:
            self.on_site = [s for j, s in enumerate(self.on_site) if j != i]
        else:
            self.on_site = [OnSiteDays(from_day, to_day, days) if j == i else s for j, s in enumerate(self.on_site)]

    @event(InterimReviewRecorded)
    def _reviewed(self, on: date, summary: str, rating: str | None, meta: EventMeta) -> None:
        self.reviews.append(InterimReview(on, summary, rating))

    @event(Completed)
    def _completed(self, on: date, meta: EventMeta) -> None:
        self.completed_on = on
        self.status = S.COMPLETED.value

    @event(Assessed)
    def _assessed(self, on: date, result: str, metrics: dict[str, Decimal | str], meta: EventMeta) -> None:
        self.assessments.append(Assessment(on, result, dict(metrics)))

    @event(Cancelled)
    def _cancelled(self, on: date, reason: str, meta: EventMeta) -> None:
        self.cancelled_on = on
        self.cancellation_reason = reason
        self.status = S.CANCELLED.value
