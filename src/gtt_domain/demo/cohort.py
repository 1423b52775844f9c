"""A cohort of interns at one host: placement, documents, attendance, pay, evaluation.

Attendance is recorded per working day for the whole cohort in one batch command, kept
as a recipe until played so a million rows never sit in memory at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from gtt_domain.demo.calendar import HOLIDAYS, cmd
from gtt_domain.demo.story import CommandSpec, Story, months, weekdays

DAY, LONG_DAY = Decimal(8), Decimal("9.5")  # shared: a million rows need no million Decimals
DOCS = ["recommendation_form", "student_status_record", "id_copy", "tripartite_agreement",
        "guardian_consent", "student_consent"]


@dataclass
class Cohort:
    key: str
    actor: str
    school: UUID
    host: UUID
    agreement: UUID | None
    students: list[UUID]
    kind: str
    programme: str
    post: str
    start: date
    end: date
    teacher: UUID | None
    mentor: UUID | None
    wage: Decimal = Decimal(4200)
    #: per student index: the changes that make this intern a finding
    missing_docs: dict[int, list[str]] = field(default_factory=dict)
    ends: dict[int, date] = field(default_factory=dict)
    night_shifts: set[int] = field(default_factory=set)
    underpaid: set[int] = field(default_factory=set)
    no_evaluation: set[int] = field(default_factory=set)
    #: absences without leave, recorded ``late_days`` after the day (for --known-at)
    absences: dict[int, date] = field(default_factory=dict)
    late_days: int = 9
    post_category: str = "ordinary"
    #: a host that now and then keeps interns 1.5 hours longer (N-INT hours rules)
    overtime: bool = False
    ids: list[UUID] = field(default_factory=list)


def run(story: Story, c: Cohort, placed_on: date) -> list[UUID]:
    """Emit the cohort's whole internship; returns the internship ids."""
    rng = story.rng
    for i, student in enumerate(c.students):
        iid, ext = story.new_id("internship", f"{c.key}-{i}")
        c.ids.append(iid)
        end = c.ends.get(i, c.end)
        story.at(placed_on, c.actor, cmd(
            "internship.place", student_id=student, school_id=c.school, host_id=c.host, agreement_id=c.agreement,
            kind=c.kind, programme=c.programme, post=c.post, post_category=c.post_category,
            planned_start=c.start, planned_end=end, external_id=ext))
        docs = [d for d in DOCS if d not in c.missing_docs.get(i, [])]
        prov = c.start - timedelta(days=rng.randint(3, 12))
        story.at(prov, c.actor, *[cmd("internship.provide-document", internship_id=iid, doc=d, provided_on=prov)
                                  for d in docs],
                 cmd("internship.provide-document", internship_id=iid, doc="insurance_policy", provided_on=prov,
                     cover_from=c.start, cover_to=end, reference=f"POL-DEMO-{story.created['internship']:06d}"))
        if c.teacher is not None:
            story.at(prov, c.actor, cmd("internship.assign-teacher", internship_id=iid, teacher_id=c.teacher, on=prov))
        if c.mentor is not None:
            story.at(c.start, c.actor, cmd("internship.assign-mentor", internship_id=iid, mentor_id=c.mentor,
                                           on=c.start))
        story.at(c.start, c.actor, cmd("internship.start", internship_id=iid, on=c.start))
    _attendance(story, c)
    for i, day in c.absences.items():
        story.at(day, f"host:{c.key}", cmd("internship.record-absence", internship_id=c.ids[i], day=day,
                                           reason="Did not come to work; no leave asked"), late_days=c.late_days)
    _pay_and_outcome(story, c)
    return c.ids


def _attendance(story: Story, c: Cohort) -> None:
    rng = story.rng
    host_actor = f"host:{c.key}"
    for day in weekdays(c.start, c.end, HOLIDAYS):
        present = [(i, iid) for i, iid in enumerate(c.ids)
                   if day <= c.ends.get(i, c.end) and rng.random() > 0.03 and c.absences.get(i) != day]
        night = {i for i in c.night_shifts if rng.random() < 0.15}
        hours = [LONG_DAY if c.overtime and rng.random() < 0.05 else DAY for _ in present]
        story.later(day + timedelta(days=1), host_actor, _rows(present, day, night, hours))


def _rows(present: list[tuple[int, UUID]], day: date, night: set[int],
          hours: list[Decimal]) -> Callable[[], list[CommandSpec]]:
    def recipe() -> list[CommandSpec]:
        rows = [{"internship_id": iid, "day": day, "hours": h, "night_shift": i in night,
                 "overtime_hours": h - 8, "channel": "host_system", "attested_by_host": True}
                for (i, iid), h in zip(present, hours, strict=True)]
        return [cmd("internship.record-attendance-batch", rows=rows)] if rows else []
    return recipe


def _pay_and_outcome(story: Story, c: Cohort) -> None:
    rng = story.rng
    for i, iid in enumerate(c.ids):
        end = c.ends.get(i, c.end)
        for m in months(c.start, end):
            lo = max(m, c.start)
            hi = min(end, (m.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1))
            share = Decimal("0.7") if i in c.underpaid else Decimal(rng.choice(["0.85", "0.9", "1"]))
            paid = hi + timedelta(days=10)
            story.at(paid, c.actor, cmd("internship.record-pay", internship_id=iid, period_start=lo, period_end=hi,
                                        amount=(c.wage * share).quantize(Decimal("0.01")), regular_wage=c.wage,
                                        paid_on=paid))
        if i not in c.no_evaluation:
            story.at(end, f"host:{c.key}", cmd("internship.evaluate", internship_id=iid, by="host",
                                               score=Decimal(rng.randint(62, 97)), on=end))
        story.at(end + timedelta(days=1), c.actor, cmd("internship.complete", internship_id=iid, on=end))
