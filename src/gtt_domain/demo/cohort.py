"""A cohort of interns at one host: placement, documents, attendance, pay, evaluation.

Attendance is recorded per working day (China's calendar: no festivals, adjusted weekend
working days included) for the whole cohort in one batch command, kept as a recipe until
played so a million rows never sit in memory at once. Every breach a cohort is set up to
record is declared on the story (``Story.intend``) with the rule that must find it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from gtt_domain.demo.calendar import cmd, school_days, working_days
from gtt_domain.demo.story import CommandSpec, Story, months

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
    #: more guidance teachers, taking students in turn with ``teacher``
    extra_teachers: list[UUID] = field(default_factory=list)
    #: observation visits are unpaid
    paid: bool = True
    #: P10's training base: equal pay for equal work (P10-R5) and its own documents (P10-R7)
    p10: bool = False
    #: per student index: the changes that make this intern a finding
    missing_docs: dict[int, list[str]] = field(default_factory=dict)
    ends: dict[int, date] = field(default_factory=dict)
    night_shifts: set[int] = field(default_factory=set)
    underpaid: set[int] = field(default_factory=set)
    no_evaluation: set[int] = field(default_factory=set)
    #: absences without leave, recorded ``late_days`` after the day (for --known-at)
    absences: dict[int, date] = field(default_factory=dict)
    late_days: int = 9
    #: students who quit the placement for good: index -> (asked on, last day, written)
    quits: dict[int, tuple[date, date, bool]] = field(default_factory=dict)
    #: students whose first insurance policy ends early and is renewed: index -> (ends, renewed on)
    short_policies: dict[int, tuple[date, date]] = field(default_factory=dict)
    post_category: str = "ordinary"
    #: the documents on file before the start (an order class adds its employment agreement, P7-R1)
    documents: list[str] = field(default_factory=lambda: list(DOCS))
    #: a host that now and then keeps interns 1.5 hours longer (N-INT hours rules)
    overtime: bool = False
    ids: list[UUID] = field(default_factory=list)

    def last_day(self, i: int) -> date:
        if i in self.quits:
            return self.quits[i][1]
        return self.ends.get(i, self.end)


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
        docs = [d for d in c.documents if d not in c.missing_docs.get(i, [])]
        prov = c.start - timedelta(days=rng.randint(3, 12))
        policy_end, renewed = c.short_policies.get(i, (end, None))
        story.at(prov, c.actor, *[cmd("internship.provide-document", internship_id=iid, doc=d, provided_on=prov)
                                  for d in docs],
                 cmd("internship.provide-document", internship_id=iid, doc="insurance_policy", provided_on=prov,
                     cover_from=c.start, cover_to=policy_end, reference=f"POL-DEMO-{story.created['internship']:06d}"))
        if renewed is not None:  # the renewal is filed before the first policy lapses
            story.at(renewed, c.actor, cmd("internship.provide-document", internship_id=iid, doc="insurance_policy",
                                           provided_on=renewed, cover_from=policy_end + timedelta(days=1),
                                           cover_to=end, reference=f"POL-DEMO-{story.created['internship']:06d}-R"))
        if c.teacher is not None:
            teachers = [c.teacher, *c.extra_teachers]
            story.at(prov, c.actor, cmd("internship.assign-teacher", internship_id=iid,
                                        teacher_id=teachers[i % len(teachers)], on=prov))
        else:
            story.intend("NINT21-13-teacher", iid, "no guidance teacher assigned by the start")
        if c.mentor is not None:
            story.at(c.start, c.actor, cmd("internship.assign-mentor", internship_id=iid, mentor_id=c.mentor,
                                           on=c.start))
        story.at(c.start, c.actor, cmd("internship.start", internship_id=iid, on=c.start))
        if "id_copy" in c.missing_docs.get(i, []) and c.p10:
            story.intend("P10-R7-documents", iid, "started without the ID copy")
    _attendance(story, c)
    for i, day in c.absences.items():
        story.at(day, f"host:{c.key}", cmd("internship.record-absence", internship_id=c.ids[i], day=day,
                                           reason="Did not come to work; no leave asked"), late_days=c.late_days)
        story.intend("P10-R9-absence", c.ids[i], f"absent on {day} without leave")
    _quits(story, c)
    _pay_and_outcome(story, c)
    return c.ids


def _quits(story: Story, c: Cohort) -> None:
    for i, (asked, last, written) in c.quits.items():
        iid = c.ids[i]
        story.at(asked, f"host:{c.key}", cmd("internship.request-quit", internship_id=iid, asked_on=asked,
                                             last_day=last, written=written, reason="Family moved to another city"),
                 cmd("internship.decide-quit", internship_id=iid, approved=True, decided_on=asked))
        story.at(last, f"host:{c.key}", cmd("internship.quit", internship_id=iid, on=last,
                                            reason="Family moved to another city"))
        if (last - asked).days < 7 or not written:
            story.intend("P10-R9-quit", iid, f"quit on {last}, asked {asked}{'' if written else ' orally'}")


def _attendance(story: Story, c: Cohort) -> None:
    rng = story.rng
    host_actor = f"host:{c.key}"
    term = school_days()
    for day in working_days(c.start, c.end):
        present = [(i, iid) for i, iid in enumerate(c.ids)
                   if day <= c.last_day(i) and rng.random() > 0.03 and c.absences.get(i) != day]
        night = {i for i in c.night_shifts if rng.random() < 0.15}
        # the long days fall in term time, when the school's teacher is on site to see them
        long_ok = c.overtime and term.school_day(day)
        hours = [LONG_DAY if long_ok and rng.random() < 0.05 else DAY for _ in present]
        for (i, iid), h in zip(present, hours, strict=True):
            if i in night:
                story.intend("NINT21-6-night-holiday-overtime", iid, "night shifts")
            if h > DAY:
                story.intend("NINT21-6-hours", iid, "days of 9.5 hours")
                story.intend("NINT21-6-night-holiday-overtime", iid, "overtime")
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
        end = c.last_day(i)
        for m in months(c.start, end) if c.paid else []:
            lo = max(m, c.start)
            hi = min(end, (m.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1))
            choice = Decimal(rng.choice(["0.85", "0.9", "1"]))
            share = Decimal("0.7") if i in c.underpaid else Decimal(1) if c.p10 else choice
            paid = hi + timedelta(days=10)
            story.at(paid, c.actor, cmd("internship.record-pay", internship_id=iid, period_start=lo, period_end=hi,
                                        amount=(c.wage * share).quantize(Decimal("0.01")), regular_wage=c.wage,
                                        paid_on=paid))
        if i in c.underpaid:
            if c.kind == "post":
                story.intend("NINT21-7-pay", iid, "paid 70% of the wage for the post")
            if c.p10:
                story.intend("P10-R5-equal-pay", iid, "paid 70% of the regular staff's wage")
        if i in c.quits:
            continue  # left for good: no evaluation, no completion
        if i not in c.no_evaluation:
            story.at(end, f"host:{c.key}", cmd("internship.evaluate", internship_id=iid, by="host",
                                               score=Decimal(rng.randint(62, 97)), on=end))
        elif c.p10:
            story.intend("P10-R6-evaluation", iid, "never evaluated by the host")
        # N-INT-14: the school assesses every student itself (its report, not only the host's data)
        story.at(end + timedelta(days=14), c.actor, cmd("internship.evaluate", internship_id=iid, by="school",
                                                        score=Decimal(rng.randint(60, 95)), on=end + timedelta(days=14)))
        story.at(end + timedelta(days=1), c.actor, cmd("internship.complete", internship_id=iid, on=end))
