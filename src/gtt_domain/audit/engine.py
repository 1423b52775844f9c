"""Running an audit: every rule of the chosen packs over one world, as of one date."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from gtt_domain.application.timetravel import as_moment, load_folds
from gtt_domain.audit.catalogue import Context
from gtt_domain.audit.day_needs import Bounds, DayNeeds, day_needs
from gtt_domain.audit.findings import Finding, severity_rank
from gtt_domain.audit.lifecycle import answer
from gtt_domain.audit.packs import Pack, resolve_packs
from gtt_domain.audit.upcoming import Obligation, upcoming
from gtt_domain.audit.world import World

#: rule types that read each internship's attendance days or absences, one internship at a
#: time (never across internships): they can run over a world holding some internships
DAY_RULE_TYPES = frozenset({"per_day_cap", "insurance_in_force", "repeated_location",
                            "regular_times", "attendance_without_pay", "absence_without_leave"})
#: measures of the ratio rule types with the same property
DAY_MEASURES = frozenset({"makeup_share"})



class DaySource(Protocol):
    """Where a light world's internships get their days: the fact tables, a chunk of
    internships at a time, only the days the rules need (:mod:`gtt_domain.audit.day_needs`)."""

    def bounds(self) -> Bounds: ...

    def worlds(self, needs: DayNeeds) -> Iterator[World]: ...


def reads_days(lr: Any) -> bool:
    return lr.rule.type in DAY_RULE_TYPES or getattr(lr.params, "measure", None) in DAY_MEASURES


def evaluate(packs: Iterable[Pack], world: World, as_of: date,
             rule_ids: Iterable[str] | None = None, *, chunks: DaySource | None = None) -> list[Finding]:
    """Findings of the packs' rules (or only ``rule_ids``) over ``world`` on ``as_of``, each
    with its status (its case in ``world``); a finding of a rule that defers to another
    rule's source is left out where that rule found the same subject (no double count).

    With ``chunks``, ``world``'s internships need not carry their days: the rules that read
    days (:func:`reads_days`) run over each world ``chunks.worlds(needs)`` yields instead,
    each with a share of the internships, holding the days those rules need, and every
    other subject, so an audit's memory and time do not grow with the number of recorded
    days."""
    wanted = set(rule_ids) if rule_ids is not None else None
    selected = [(pack, lr) for pack in packs for lr in pack.rules
                if wanted is None or lr.rule.id in wanted]
    by_day = [(p, lr) for p, lr in selected if chunks is not None and reads_days(lr)]
    rest = [(p, lr) for p, lr in selected if chunks is None or not reads_days(lr)]
    out: dict[str, Finding] = {}
    refs: dict[str, tuple[str, list[str]]] = {lr.rule.id: (lr.rule.source.ref, list(lr.rule.defer_to))
                                             for _, lr in selected}

    def run(items: list[tuple[Pack, Any]], w: World) -> None:
        for pack, lr in items:
            ctx = Context(lr.rule, pack.header, w, as_of)
            for finding in lr.kind.evaluate(ctx, lr.params):
                out.setdefault(finding.key, finding)

    run(rest, world)
    if by_day and chunks is not None:
        needs = day_needs(((Context(lr.rule, pack.header, world, as_of), lr.params) for pack, lr in by_day),
                          chunks.bounds())
        for part in chunks.worlds(needs):
            run(by_day, part)
    kept = deferred(list(out.values()), refs)
    return sorted(answer(kept, world, as_of),
                  key=lambda f: (-severity_rank(f.severity), f.rule_id, f.subject_id, f.key))


def _overlap(a: Finding, b: Finding) -> bool:
    if a.period_start is None or b.period_start is None:
        return a.period_start is None and b.period_start is None
    return a.period_start <= (b.period_end or b.period_start) and b.period_start <= (a.period_end or a.period_start)


def deferred(found: list[Finding], refs: dict[str, tuple[str, list[str]]]) -> list[Finding]:
    """``found`` without the findings whose rule defers to a source that owns the breach."""
    by_subject: dict[str, list[Finding]] = {}
    for x in found:
        by_subject.setdefault(x.subject_id, []).append(x)
    out = []
    for x in found:
        owners = refs.get(x.rule_id, ("", []))[1]
        if owners and any(refs.get(o.rule_id, ("", []))[0] in owners and _overlap(x, o)
                          for o in by_subject[x.subject_id] if o is not x):
            continue
        out.append(x)
    return out


def audit_date(app: Any, as_of: date | datetime | None, known_at: date | datetime | None) -> date:
    """The date audited: ``as_of``; else the day of ``known_at``; else today by the app's clock."""
    if isinstance(as_of, datetime):
        return as_of.date()
    if as_of is not None:
        return as_of
    moment = as_moment(known_at, end_of_day=False) if known_at is not None else app.clock()
    assert moment is not None
    return moment.date()


def load_packs(packs: Iterable[str | Path] | Iterable[Pack] | None) -> list[Pack]:
    """Shipped pack ids, file paths or loaded packs; none means every shipped pack."""
    items = list(packs or [])
    if items and all(isinstance(p, Pack) for p in items):
        return items  # type: ignore[return-value]
    return resolve_packs(items)  # type: ignore[arg-type]


def run_audit(app: Any, packs: Iterable[str | Path] | Iterable[Pack] | None = None,
              as_of: date | datetime | None = None, known_at: date | datetime | None = None,
              rule_ids: Iterable[str] | None = None) -> list[Finding]:
    """Findings as they stand on ``as_of`` (effective time), from the events recorded up to
    ``known_at`` (recorded time), by replaying the whole log: the reference the fact tables
    are checked against (``gtt_projections.facts.audit`` answers the same from them)."""
    day = audit_date(app, as_of, known_at)
    world = World.from_folds(load_folds(app, known_at=known_at, as_of=day))
    return evaluate(load_packs(packs), world, day, rule_ids)


def run_upcoming(app: Any, packs: Iterable[str | Path] | Iterable[Pack] | None = None, *, within_days: int = 30,
                 as_of: date | datetime | None = None, known_at: date | datetime | None = None,
                 rule_ids: Iterable[str] | None = None) -> list[Obligation]:
    """What comes due from ``as_of`` to ``within_days`` later and is not on record yet,
    as recorded by ``known_at`` (:mod:`gtt_domain.audit.upcoming`)."""
    day = audit_date(app, as_of, known_at)
    world = World.from_folds(load_folds(app, known_at=known_at, as_of=day))
    return upcoming(load_packs(packs), world, day, within_days, rule_ids)
