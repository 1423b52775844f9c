"""Rule *types* and the context a rule is evaluated in.

A pack's rule names a type and gives its parameters; each type is a function
``(ctx, params) -> findings`` registered here with a pydantic model of its parameters,
so a pack with a wrong parameter fails to load and the error names the field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

from gtt_domain.audit import facts as f
from gtt_domain.audit.applicability import adopted
from gtt_domain.audit.calendars import SchoolDays
from gtt_domain.audit.exemptions import exemption_for
from gtt_domain.audit.findings import Evidence, Finding, Status
from gtt_domain.audit.schema import PackHeader, Rule
from gtt_domain.audit.world import World


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


P = TypeVar("P", bound=Params)
Evaluate = Callable[["Context", Any], Iterable[Finding]]


@dataclass(frozen=True)
class RuleType:
    name: str
    params: type[Params]
    evaluate: Evaluate
    #: evaluated over elapsed periods or deadlines as of a date ("nothing happened" rules)
    omission: bool
    doc: str


def rule_type(name: str, params: type[P], *, omission: bool = False) -> Callable[[Callable[[Context, P], Iterable[Finding]]], Callable[[Context, P], Iterable[Finding]]]:
    """Describe ``fn`` as the rule type ``name`` with its parameter model. It becomes known
    to packs only through an explicit list (:mod:`gtt_domain.audit.rule_types`)."""

    def deco(fn: Callable[[Context, P], Iterable[Finding]]) -> Callable[[Context, P], Iterable[Finding]]:
        fn.rule_type = RuleType(name, params, fn, omission, (fn.__doc__ or "").strip())  # type: ignore[attr-defined]
        return fn

    return deco


def subject_people(s: f.Facts) -> tuple[list[str], list[str]]:
    """The persons and institutions a finding about ``s`` concerns."""
    if isinstance(s, f.InternshipFacts):
        return [s.student_id], [s.school_id, s.host_id]
    if isinstance(s, f.ExchangeFacts):
        return [s.person_id], [s.sending_id, s.host_id]
    if isinstance(s, f.CommunityFacts):
        return [], [s.core_institution_id]
    if isinstance(s, f.AgreementFacts):
        return [], sorted(s.parties)
    if isinstance(s, f.PersonFacts):
        return [s.id], []
    return [], [s.id]


@dataclass
class Context:
    """One rule of one pack, evaluated over one world as of one date."""

    rule: Rule
    pack: PackHeader
    world: World
    as_of: date

    def __post_init__(self) -> None:
        # the days the rule and its pack are both in force, once (``applies`` runs per day)
        starts = [d for d in (self.rule.in_force_from, self.pack.in_force_from) if d is not None]
        ends = [d for d in (self.rule.in_force_to, self.pack.in_force_to) if d is not None]
        self._from: date = max(starts, default=date.min)
        self._to: date | None = min(ends, default=None)

    def applies(self, day: date | None, subject: Any = None, *, ahead: bool = False) -> bool:
        """Whether the rule (and its pack) was in force on ``day`` (by the audit date, unless
        looking ``ahead``) and, for a pack that applies by adoption, adopted for ``subject``
        that day (as recorded by the audit date)."""
        if day is None:
            return False
        if day < self._from or (self._to is not None and day >= self._to):
            return False
        if day > self.as_of and not ahead:
            return False
        if subject is not None and self.pack.applies == "adoption":
            return adopted(self.world, self.pack.id, subject, day)
        return True

    def subjects(self, kind: str) -> Iterator[Any]:
        """Facts of ``kind`` that the pack's and the rule's scope admit and, for a pack that
        applies by adoption, that an adoption begun by the audit date covers."""
        candidates = self.world.admitted(self.pack.scope, kind, self.as_of)
        if self.rule.scope.model_fields_set:
            narrowed = {id(s) for s in self.world.admitted(self.rule.scope, kind, self.as_of)}
            candidates = [s for s in candidates if id(s) in narrowed]
        for s in candidates:
            if self.pack.applies == "adoption" and not adopted(self.world, self.pack.id, s, None, self.as_of):
                continue
            yield s

    def school_days(self, institution_id: str | None) -> SchoolDays:
        """When school is in at an institution (its recorded calendar, or the default)."""
        return self.world.school_days(institution_id)

    def finding(
        self, subject: f.Facts, key: str, comparison: str, en: str, zh: str,
        evidence: Iterable[Evidence | None] = (), *, values: dict[str, Any] | None = None,
        period: tuple[date, date] | None = None, persons: list[str] | None = None,
        institutions: list[str] | None = None, resolved_by: Evidence | None = None,
        aspect: str | None = None, on: date | None = None, observed_on: date | None = None,
    ) -> Finding:
        """The finding; ``aspect`` (``night_shift``, ``post:high_risk`` …) and ``on`` name
        what a filed exemption may cover (see :mod:`gtt_domain.audit.exemptions`)."""
        ps, insts = subject_people(subject)
        exempt = None
        if aspect is not None:
            day = on or (period[0] if period else None)
            found = exemption_for(self.world, self.rule.source.ref, aspect, subject, day)
            if found is not None:
                exempt = found.ref.evidence(
                    f"exemption {found.reference} ({found.kind}) filed with {found.authority} on {found.filed_on}")
        status: Status = "exempt" if exempt is not None else "remedied" if resolved_by is not None else "open"
        return Finding(
            rule_id=self.rule.id, pack_id=self.pack.id, pack_version=self.pack.version,
            severity=self.rule.severity, source=self.rule.source.label(), rule_type=self.rule.type,
            subject_kind=subject.KIND, subject_id=subject.id,
            person_ids=persons if persons is not None else ps,
            institution_ids=institutions if institutions is not None else insts,
            period_start=period[0] if period else None, period_end=period[1] if period else None,
            comparison=comparison, values={k: str(v) for k, v in (values or {}).items()},
            evidence=[e for e in evidence if e is not None],
            explanation_en=f"{self.rule.title.en}: {en}",
            explanation_zh=f"{self.rule.title.zh}：{zh}",
            status=status, resolved_by=resolved_by, exemption=exempt, status_detail="", observed_on=observed_on,
            key=f"{self.rule.id}|{subject.id}|{key}",
        )


def ev(ref: Any, note: str = "") -> Evidence | None:
    """Evidence from a :class:`~gtt_domain.audit.refs.Ref` (``None`` stays ``None``)."""
    return ref.evidence(note) if ref is not None else None
