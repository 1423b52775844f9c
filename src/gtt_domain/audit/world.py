"""Every subject's facts, by kind and id: what one audit run looks at."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from uuid import UUID

from gtt_domain.audit import facts as f
from gtt_domain.audit.adapters import facts_of
from gtt_domain.audit.refs import EventIndex
from gtt_domain.audit.schema import Scope


class World:
    def __init__(self, items: Iterable[f.Facts]):
        self.by_kind: dict[str, dict[str, Any]] = {}
        for s in items:
            self.by_kind.setdefault(s.KIND, {})[s.id] = s

    @classmethod
    def from_folds(cls, folds: Mapping[UUID, Any]) -> World:
        """From :func:`gtt_domain.application.timetravel.load_folds` output."""
        out = []
        for agg_id, fold in folds.items():
            if fold.aggregate is None:
                continue
            found = facts_of(fold.aggregate, EventIndex(agg_id, fold.applied))
            if found is not None:
                out.append(found)
        return cls(out)

    def of_kind(self, kind: str) -> list[Any]:
        return list(self.by_kind.get(kind, {}).values())

    def get(self, kind: str, id_: str | None) -> Any:
        return self.by_kind.get(kind, {}).get(str(id_)) if id_ else None

    def person(self, id_: str | None) -> f.PersonFacts | None:
        return self.get("person", id_)

    def institution(self, id_: str | None) -> f.InstitutionFacts | None:
        return self.get("institution", id_)

    def agreement(self, id_: str | None) -> f.AgreementFacts | None:
        return self.get("agreement", id_)

    def community(self, id_: str | None) -> f.CommunityFacts | None:
        return self.get("community", id_)

    def in_scope(self, scope: Scope, s: Any) -> bool:
        """Whether ``s`` falls in ``scope`` (an absent list admits everything)."""
        checks: list[tuple[list[str] | None, str | None]] = []
        if isinstance(s, f.InternshipFacts):
            ag = self.agreement(s.agreement_id)
            checks = [(scope.internship_kinds, s.kind), (scope.programmes, s.programme),
                      (scope.agreement_kinds, ag.kind if ag else None)]
        elif isinstance(s, f.ExchangeFacts):
            ag = self.agreement(s.agreement_id)
            cm = self.community(s.community_id)
            checks = [(scope.exchange_kinds, s.kind), (scope.agreement_kinds, ag.kind if ag else None),
                      (scope.community_kinds, cm.kind if cm else None)]
        elif isinstance(s, f.AgreementFacts):
            checks = [(scope.agreement_kinds, s.kind)]
        elif isinstance(s, f.CommunityFacts):
            checks = [(scope.community_kinds, s.kind)]
        elif isinstance(s, f.InstitutionFacts):
            checks = [(scope.institution_kinds, s.kind), (scope.localities, s.locality)]
        elif isinstance(s, f.PersonFacts):
            checks = [(scope.person_kinds, s.kind)]
        return all(allowed is None or value in allowed for allowed, value in checks)
