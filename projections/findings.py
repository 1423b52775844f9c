"""Findings as a projection of the one log (Promise 2: incremental == rebuild).

Each event is folded into the aggregate it belongs to; the rules are then re-run for the
subjects the event can change (the aggregate, the subjects that refer to it, and their
siblings under the same reference: other internships at the same host), as of the log's
horizon (the latest effective date seen so far). A finding that disappears is kept and
marked ``remedied`` by that event's position; one that reappears is open again. Facts about
where rules apply and how findings are answered (adoptions, school calendars, exemptions,
finding cases) belong to every subject's neighbourhood: one of them re-runs every subject.
Every result is a function of the log prefix, so batches, crashes and rebuilds agree.

Only *subject-local* rule types run here (see :data:`LOCAL_TYPES`). Rules about
something not happening by a date, and rules over a whole population (rotation shares,
department liaisons, interns per teacher), need an explicit audit date and the whole
world: they belong to ``gtt_domain.audit.run_audit`` / ``gtt audit run``.

Use: ``ReadModel(app, projections=[findings_projection(app)])`` (bound to the application
so that it can re-read the log prefix after a restart or a rolled-back batch).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod
from gtt_projections.projection import GttProjection
from gtt_projections.schema import Position, metadata
from gtt_projections.view import ReadView
from gtt_projections.writer import RowWriter
from sqlalchemy import Column, Index, String, Table, Text

from gtt_domain.application.timetravel import Fold, decode, effective_at
from gtt_domain.audit import facts as f
from gtt_domain.audit.adapters import facts_of, with_retained_ages
from gtt_domain.audit.engine import evaluate
from gtt_domain.audit.findings import Evidence, Finding
from gtt_domain.audit.packs import Pack, resolve_packs
from gtt_domain.audit.refs import EventIndex
from gtt_domain.audit.world import World
from gtt_domain.domain.base import GttAggregate

#: rule types whose result for a subject depends only on it and the aggregates it names
LOCAL_TYPES = frozenset({
    "minimum_notice", "leave_approval", "absence_without_leave", "required_before",
    "required_documents", "per_day_cap", "age_at_least", "semester_at_least",
    "insurance_in_force", "pay_direct", "no_fees_or_held_documents", "forbidden_post",
    "duration_bounds", "repeated_location", "regular_times", "approval_required",
    "ordered_steps", "cap_share_of_staff", "ratio_at_least", "ratio_at_most", "quit_notice",
})
LOCAL_MEASURES = frozenset({"pay_to_wage", "makeup_share"})

findings = Table(
    "audit_findings", metadata,
    Column("key", String(300), primary_key=True),
    Column("rule_id", String(80), nullable=False),
    Column("severity", String(10), nullable=False),
    Column("subject_kind", String(20), nullable=False),
    Column("subject_id", String(36), nullable=False),
    Column("status", String(20), nullable=False),
    Column("raised_at", Position, nullable=False),
    Column("resolved_at", Position),
    Column("finding", Text, nullable=False),
    Index("ix_audit_findings_subject", "subject_id"),
)
finding_subjects = Table(
    "audit_finding_subjects", metadata,
    Column("subject_id", String(36), primary_key=True),
    Column("keys", Text, nullable=False),  # JSON list of the keys its last evaluation produced
)


def local_packs(packs: Iterable[Pack]) -> list[Pack]:
    """The packs with only the rules this projection can keep current."""
    out = []
    for p in packs:
        keep = tuple(r for r in p.rules if r.rule.type in LOCAL_TYPES
                     and getattr(r.params, "measure", None) in (None, *LOCAL_MEASURES))
        out.append(Pack(p.header, keep, p.path))
    return out


def references(s: f.Facts) -> set[str]:
    """The ids a subject's facts name (its neighbours in the audit)."""
    if isinstance(s, f.InternshipFacts):
        return {x for x in (s.student_id, s.school_id, s.host_id, s.agreement_id) if x}
    if isinstance(s, f.ExchangeFacts):
        return {x for x in (s.person_id, s.sending_id, s.host_id, s.agreement_id, s.community_id) if x}
    if isinstance(s, f.CommunityFacts):
        return {m.institution_id for m in s.members}
    if isinstance(s, f.AgreementFacts):
        return set(s.parties)
    return set()


class Findings(GttProjection):
    name = "findings"
    version = 2  # 2: statuses of a finding's life (acknowledged …), context facts
    tables = (findings, finding_subjects)
    app: ClassVar[Any] = None
    packs: ClassVar[list[Pack]] = []

    def __init__(self, view: ReadView, *, prepare: bool = True):
        super().__init__(view, prepare=prepare)
        self._folds: dict[UUID, Fold] | None = None
        self._facts: dict[str, f.Facts] = {}
        self._referrers: dict[str, set[str]] = {}
        self._pos = 0
        self._horizon = date.min

    @singledispatchmethod
    def apply(self, event: Any, rows: RowWriter) -> None:
        """Events that are not aggregate events."""

    @apply.register
    def _(self, event: GttAggregate.Event, rows: RowWriter) -> None:
        position = rows.position
        if self._folds is None or self._pos >= position:
            self._reload(position)
        assert self._folds is not None
        self._fold(event, position)
        affected = self._affected(str(event.originator_id))
        world = World(self._neighbourhood(affected))
        found = [x for x in evaluate(self.packs, world, self._horizon) if x.subject_id in affected]
        self._write(rows, affected, found, position)

    # --- the in-memory fold of the log prefix ------------------------------------------

    def _reload(self, position: int) -> None:
        """Fold every event before ``position`` (after a restart or a rolled-back batch)."""
        self._folds, self._facts, self._referrers = {}, {}, {}
        self._pos, self._horizon = 0, date.min
        for pos, event in _events_before(self.app, position):
            if isinstance(event, GttAggregate.Event):
                self._fold(event, pos)

    def _fold(self, event: Any, position: int) -> None:
        assert self._folds is not None
        fold = self._folds.setdefault(event.originator_id, Fold())
        fold.add(event, position, True)
        self._pos = position
        self._horizon = max(self._horizon, effective_at(event).date())
        key = str(event.originator_id)
        old = self._facts.pop(key, None)
        if old is not None:
            for ref in references(old):
                self._referrers.get(ref, set()).discard(key)
        if fold.aggregate is not None:
            new = facts_of(fold.aggregate, EventIndex(event.originator_id, fold.applied))
            if isinstance(new, f.PersonFacts):
                new = with_retained_ages(new, fold)
            if new is not None:
                self._facts[key] = new
                for ref in references(new):
                    self._referrers.setdefault(ref, set()).add(key)

    def _affected(self, key: str) -> set[str]:
        subject = self._facts.get(key)
        if subject is not None and subject.KIND in f.CONTEXT_KINDS:
            return {k for k, x in self._facts.items() if x.KIND not in f.CONTEXT_KINDS}
        out = {key} | self._referrers.get(key, set())
        if subject is not None:
            for ref in references(subject):
                out |= self._referrers.get(ref, set())
        return out

    def _neighbourhood(self, affected: set[str]) -> Iterator[f.Facts]:
        keys = set(affected) | {k for k, x in self._facts.items() if x.KIND in f.CONTEXT_KINDS}
        for k in affected:
            if k in self._facts:
                keys |= references(self._facts[k])
        return (self._facts[k] for k in sorted(keys) if k in self._facts)

    # --- rows ----------------------------------------------------------------------------

    def _write(self, rows: RowWriter, affected: set[str], found: list[Finding], position: int) -> None:
        for subject_id in sorted(affected):
            mine = {x.key: x for x in found if x.subject_id == subject_id}
            row = rows.get(finding_subjects, {"subject_id": subject_id})
            before = json.loads(row["keys"]) if row else []
            for x in mine.values():
                self._put_finding(rows, x, position)
            for key in before:
                if key not in mine:
                    old = rows.get(findings, {"key": key})
                    if old is not None and old["resolved_at"] is None:
                        rows.update(findings, {"key": key}, status="remedied", resolved_at=position)
            keys = sorted(mine)
            if keys != before:
                rows.put(finding_subjects, {"subject_id": subject_id, "keys": json.dumps(keys)})

    @staticmethod
    def _put_finding(rows: RowWriter, x: Finding, position: int) -> None:
        text = x.model_dump_json()
        old = rows.get(findings, {"key": x.key})
        if old is not None and old["finding"] == text and old["resolved_at"] is None:
            return
        rows.put(findings, {
            "key": x.key, "rule_id": x.rule_id, "severity": x.severity, "subject_kind": x.subject_kind,
            "subject_id": x.subject_id, "status": x.status,
            "raised_at": old["raised_at"] if old is not None else position,
            "resolved_at": None, "finding": text,
        })


def _events_before(app: Any, position: int, batch_size: int = 1000) -> Iterator[tuple[int, Any]]:
    start = 0
    while start < position - 1:
        page = app.recorder.select_notifications(start=start, limit=batch_size, stop=position - 1,
                                                 inclusive_of_start=False)
        for n in page:
            yield n.id, decode(app, n)
        if len(page) < batch_size:
            return
        start = page[-1].id


def findings_projection(app: Any, packs: Iterable[str] | None = None) -> type[Findings]:
    """The findings projection bound to ``app`` and to ``packs`` (default: every shipped pack)."""
    return type("Findings", (Findings,), {"app": app, "packs": local_packs(resolve_packs(packs))})


def stored_findings(rm: Any, status: str | None = None) -> list[Finding]:
    """The findings the projection holds (optionally only those of one status: ``open``,
    ``remedied`` — no longer found after an event —, ``waived`` …)."""
    from sqlalchemy import select

    q = select(findings.c.finding, findings.c.status, findings.c.resolved_at).order_by(findings.c.key)
    if status is not None:
        q = q.where(findings.c.status == status)
    out = []
    with rm.connect() as c:
        for text, st, resolved_at in c.execute(q):
            x = Finding.model_validate_json(text)
            update: dict[str, Any] = {"status": st}
            if st == "remedied" and x.resolved_by is None:
                update["resolved_by"] = Evidence(position=resolved_at, note="no longer found after this event")
            out.append(x.model_copy(update=update))
    return out
