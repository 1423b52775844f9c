"""Every subject's facts, by kind and id: what one audit run looks at."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from uuid import UUID

from gtt_domain.audit import facts as f
from gtt_domain.audit.adapters import facts_of, with_retained_ages
from gtt_domain.audit.calendars import SchoolDays
from gtt_domain.audit.refs import EventIndex
from gtt_domain.audit.schema import Scope


class World:
    def __init__(self, items: Iterable[f.Facts]):
        self.by_kind: dict[str, dict[str, Any]] = {}
        for s in items:
            self.by_kind.setdefault(s.KIND, {})[s.id] = s
        self._lists: dict[str, list[Any]] = {}
        self._adoptions: dict[str, list[f.AdoptionFacts]] | None = None
        self._calendars: dict[str, SchoolDays] = {}
        self._cases: dict[str, f.FindingCaseFacts] | None = None
        self._admitted: dict[tuple[Any, str, Any], tuple[Scope, list[Any]]] = {}
        self._parent: World | None = None

    def with_internships(self, internships: Iterable[f.InternshipFacts]) -> World:
        """This world holding only ``internships`` (some of its own, given their days): an
        audit judges the days a share of internships at a time, and what is worked out once
        per world (who a scope admits, calendars) is not worked out again for each share."""
        w = World(())
        w.by_kind = {k: v for k, v in self.by_kind.items() if k != "internship"}
        w.by_kind["internship"] = {s.id: s for s in internships}
        w._calendars = self._calendars
        w._parent = self
        return w

    @classmethod
    def from_folds(cls, folds: Mapping[UUID, Any]) -> World:
        """From :func:`gtt_domain.application.timetravel.load_folds` output."""
        out = []
        for agg_id, fold in folds.items():
            if fold.aggregate is None:
                continue
            found = facts_of(fold.aggregate, EventIndex(agg_id, fold.applied))
            if isinstance(found, f.PersonFacts):
                found = with_retained_ages(found, fold)
            if found is not None:
                out.append(found)
        return cls(out)

    def of_kind(self, kind: str) -> list[Any]:
        """The subjects of ``kind`` in the order met (a shared list: do not change it)."""
        found = self._lists.get(kind)
        if found is None:
            found = self._lists[kind] = list(self.by_kind.get(kind, {}).values())
        return found

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

    # --- how rules apply and how findings are answered ---------------------------------

    def adoptions(self, pack_id: str) -> list[f.AdoptionFacts]:
        if self._adoptions is None:
            self._adoptions = {}
            for a in self.of_kind("adoption"):
                self._adoptions.setdefault(a.pack_id, []).append(a)
        return self._adoptions.get(pack_id, [])

    def school_days(self, institution_id: str | None) -> SchoolDays:
        """The school calendar of an institution (recorded, or the cautious default)."""
        key = institution_id or ""
        found = self._calendars.get(key)
        if found is None:
            recorded = next((c for c in self.of_kind("calendar") if c.institution_id == institution_id), None)
            found = self._calendars[key] = SchoolDays.of(institution_id, recorded)
        return found

    def exemptions(self) -> list[f.ExemptionFacts]:
        return self.of_kind("exemption")

    def case(self, key: str) -> f.FindingCaseFacts | None:
        if self._cases is None:
            self._cases = {c.key: c for c in self.of_kind("finding")}
        return self._cases.get(key)

    def stage_of(self, s: Any, day: Any = None) -> list[str | None]:
        """School stages a subject belongs to (its school's; None: not recorded)."""
        def stage(iid: str | None) -> str | None:
            inst = self.institution(iid)
            return inst.school_stage if inst is not None else None
        if isinstance(s, f.InternshipFacts):
            return [stage(s.school_id)]
        if isinstance(s, f.ExchangeFacts):
            return [stage(s.sending_id)]
        if isinstance(s, f.CommunityFacts):
            return [stage(s.core_institution_id)]
        if isinstance(s, f.AgreementFacts):
            schools = [i for i in s.parties if (x := self.institution(i)) is not None and x.kind == "school"]
            return [stage(i) for i in schools] or [None]
        if isinstance(s, f.PersonFacts):
            return [stage(s.home_on(day) if day is not None else None)]
        if isinstance(s, f.InstitutionFacts):
            return [s.school_stage]
        return [None]

    def admitted(self, scope: Scope, kind: str, day: Any = None) -> list[Any]:
        """The subjects of ``kind`` that ``scope`` admits, in order; worked out once per
        scope (every rule of a pack shares the pack's scope)."""
        if not scope.model_fields_set:
            return self.of_kind(kind)
        if self._parent is not None and kind != "internship":
            return self._parent.admitted(scope, kind, day)
        key = (_scope_key(scope), kind, day)  # by value: rules of a pack repeat the same scope
        found = self._admitted.get(key)
        if found is None:
            if self._parent is not None:  # the parent's verdicts on the same internships
                mine = self.by_kind["internship"]
                admitted = [mine[s.id] for s in self._parent.admitted(scope, kind, day) if s.id in mine]
            else:
                admitted = [s for s in self.of_kind(kind) if self.in_scope(scope, s, day)]
            found = self._admitted[key] = (scope, admitted)
        return found[1]

    def in_scope(self, scope: Scope, s: Any, day: Any = None) -> bool:
        """Whether ``s`` falls in ``scope`` (an absent list admits everything)."""
        if not scope.model_fields_set:  # nothing narrowed: admits every subject
            return True
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
        if scope.school_stages is not None:
            stages = self.stage_of(s, day)
            if not any(st is None or st in scope.school_stages for st in stages):
                return False
        if scope.agreement_kinds is not None:  # an agreement of several kinds: any of them
            ag = s if isinstance(s, f.AgreementFacts) else \
                self.agreement(s.agreement_id) if isinstance(s, f.InternshipFacts | f.ExchangeFacts) else None
            if ag is not None:
                checks = [c for c in checks if c[0] is not scope.agreement_kinds]
                if not any(k in scope.agreement_kinds for k in ag.kinds):
                    return False
        return all(allowed is None or value in allowed for allowed, value in checks)


def _scope_key(scope: Scope) -> tuple[tuple[str, tuple[str, ...] | None], ...]:
    """A scope's narrowing as a hashable value."""
    out = []
    for name in sorted(scope.model_fields_set):
        v = getattr(scope, name)
        out.append((name, None if v is None else tuple(v)))
    return tuple(out)
