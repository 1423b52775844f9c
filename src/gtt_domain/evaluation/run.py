"""Evaluate a family (or one subject of it) over a period: fold the log once, then score."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gtt_domain.application.timetravel import Moment
from gtt_domain.evaluation import (
    community,
    department,
    group,
    home_school,
    host,
    institution,
    major,
    person,
    team,
)
from gtt_domain.evaluation.model import Scorecard
from gtt_domain.evaluation.pack import EvaluationPack, load_pack
from gtt_domain.evaluation.periods import Period
from gtt_domain.evaluation.snapshot import Snapshot
from gtt_domain.evaluation.source import ReplaySource, Source


@dataclass(frozen=True)
class Family:
    subjects: Callable[[Snapshot], list[Any]]
    score: Callable[..., Scorecard]
    #: how a subject is written on the command line (``school:code`` for composite keys)
    composite: bool = False


FAMILIES: dict[str, Family] = {
    "major": Family(major.subjects, major.scorecard, composite=True),
    "department": Family(department.subjects, department.scorecard, composite=True),
    "institution": Family(institution.subjects, institution.scorecard),
    "host": Family(host.subjects, host.scorecard),
    "group": Family(group.subjects, group.scorecard),
    "community": Family(community.subjects, community.scorecard),
    "team": Family(team.subjects, team.scorecard),
    "home_school": Family(home_school.subjects, home_school.scorecard),
    "person": Family(person.subjects, person.scorecard),
}


def subject_key(family: Family, subject: Any) -> str:
    return ":".join(subject) if family.composite else str(subject)


def subject_stage(snap: Snapshot, family_name: str, subject: Any, day: Any) -> str | None:
    """The school stage a scorecard's subject belongs to (None: not a school's, or not recorded)."""
    if family_name in ("major", "department"):
        inst = snap.institutions.get(subject[0])
    elif family_name == "institution":
        inst = snap.institutions.get(subject)
    elif family_name in ("group", "team", "home_school"):
        comm = snap.communities.get(subject)
        inst = snap.institutions.get(comm.core_institution_id) if comm is not None else None
    elif family_name == "person":
        person = snap.persons.get(subject)
        home = person.home_on(day) if person is not None else None
        inst = snap.institutions.get(home) if home else None
    else:
        inst = None
    return getattr(inst, "school_stage", None) if inst is not None else None


def score_snapshot(snap: Snapshot, family_name: str, period: Period, subject_id: str | None = None,
                   pack: EvaluationPack | None = None) -> list[Scorecard]:
    family = FAMILIES[family_name]
    pack = pack or load_pack()
    cards = []
    for subject in family.subjects(snap):
        if subject_id is not None and subject_key(family, subject) != subject_id:
            continue
        args = subject if family.composite else (subject,)
        card = family.score(snap, *args, period, pack)
        card = pack.for_stage(card, subject_stage(snap, family_name, subject, period.end))
        card.evaluated = period.describe()
        cards.append(card)
    if subject_id is not None and not cards:
        raise LookupError(f"no {family_name} {subject_id!r} in the record")
    return cards


def evaluate(app: Any, family_name: str, period: Period, subject_id: str | None = None, *,
             pack: EvaluationPack | None = None, as_of: Moment | None = None,
             known_at: Moment | None = None, with_findings: bool = False,
             source: Source | None = None) -> list[Scorecard]:
    """Scorecards of ``family_name`` for ``period`` (every subject, or the one named).
    ``with_findings`` runs the audits too, for the findings metrics of majors and hosts.
    ``source`` says where the inputs come from (default: a replay of ``app``'s log)."""
    if family_name not in FAMILIES:
        raise ValueError(f"unknown family {family_name!r}; one of {', '.join(FAMILIES)}")
    source = source or ReplaySource(app)
    snap = source.snapshot(as_of, known_at)
    if with_findings:
        snap.findings = source.findings(period.end, known_at)
    return score_snapshot(snap, family_name, period, subject_id, pack)
