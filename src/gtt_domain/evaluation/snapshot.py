"""All aggregates folded from the log in one pass, sorted by type for the metric families."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gtt_domain.application.timetravel import Moment, load_all
from gtt_domain.domain.agreement import Agreement
from gtt_domain.domain.calendar import SchoolCalendar
from gtt_domain.domain.community import Community
from gtt_domain.domain.exchange import Exchange
from gtt_domain.domain.institution import Institution
from gtt_domain.domain.internship import Internship
from gtt_domain.domain.person import Person


@dataclass
class Snapshot:
    institutions: dict[str, Institution] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)
    communities: dict[str, Community] = field(default_factory=dict)
    agreements: dict[str, Agreement] = field(default_factory=dict)
    exchanges: dict[str, Exchange] = field(default_factory=dict)
    internships: dict[str, Internship] = field(default_factory=dict)
    #: school calendars by institution id (term months for P1-R9)
    calendars: dict[str, SchoolCalendar] = field(default_factory=dict)

    #: open audit findings as of the period's end, when the caller ran the audits
    findings: list[Any] | None = None
    _teachers: dict[date, dict[str, list[str]]] = field(default_factory=dict, repr=False)

    def teachers_by_home(self, day: date) -> dict[str, list[str]]:
        """Teacher ids by home institution on ``day`` (indexed once per day: families ask
        for every school)."""
        if day not in self._teachers:
            index: dict[str, list[str]] = defaultdict(list)
            for pid, p in self.persons.items():
                home = p.home_on(day) if p.kind == "teacher" else None
                if home is not None:
                    index[home].append(pid)
            self._teachers[day] = index
        return self._teachers[day]

    _by_major: dict[tuple[str, str], list[Internship]] | None = field(default=None, repr=False)

    def internships_by_major(self) -> dict[tuple[str, str], list[Internship]]:
        """Internships by ``(school, major code)`` of the student's enrolment at that school."""
        if self._by_major is None:
            index: dict[tuple[str, str], list[Internship]] = defaultdict(list)
            for i in self.internships.values():
                student = self.persons.get(i.student_id)
                enr = student.enrolment if student is not None else None
                if enr is not None and enr.institution_id == i.school_id:
                    index[(i.school_id, enr.major_code)].append(i)
            self._by_major = index
        return self._by_major

    def open_findings_on(self, internship_ids: set[str]) -> int | None:
        """Open findings whose subject is one of the internships (None without audits)."""
        if self.findings is None:
            return None
        return sum(1 for f in self.findings if getattr(f, "unanswered", f.status == "open")
                   and f.subject_kind == "internship" and f.subject_id in internship_ids)

    def name_of(self, some_id: str) -> str:
        inst = self.institutions.get(some_id)
        if inst is not None:
            return inst.name
        comm = self.communities.get(some_id)
        return comm.name if comm is not None else some_id


SLOTS: dict[type, str] = {
    Institution: "institutions", Person: "persons", Community: "communities",
    Agreement: "agreements", Exchange: "exchanges", Internship: "internships",
}


def take_snapshot(app: Any, as_of: Moment | None = None, known_at: Moment | None = None) -> Snapshot:
    snap = Snapshot()
    for agg_id, agg in load_all(app, known_at=known_at, as_of=as_of).items():
        slot = SLOTS.get(type(agg))
        if slot is not None:
            getattr(snap, slot)[str(agg_id)] = agg
        elif isinstance(agg, SchoolCalendar):
            snap.calendars[agg.institution_id] = agg
    return snap
