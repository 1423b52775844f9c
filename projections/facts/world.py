"""The audit's world read from the fact tables, as of a date and as known at a moment.

``fact_world`` returns the same :class:`gtt_domain.audit.World` a replay builds
(``World.from_folds(load_folds(...))``): internships from their itemised fact tables,
the other kinds from their folded states through the same fact adapters. A test holds
the two equal over generated histories.

Personal data is not in any read table. The one fact the rules derive from it, a
student's age, is read from the person's own (sealed) events, for the persons asked
about only.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import CanInitAggregate
from eventsourcing.utils import resolve_topic
from gtt_projections.facts import load_internships, load_states
from sqlalchemy import Connection

from gtt_domain.application.batch_read import stored_events_of
from gtt_domain.application.timetravel import Fold, keeper
from gtt_domain.audit import facts as f
from gtt_domain.audit.adapters import facts_of, retained_ages
from gtt_domain.audit.day_needs import DayNeeds
from gtt_domain.audit.world import World
from gtt_domain.domain.adoption import Adoption
from gtt_domain.domain.agreement import Agreement
from gtt_domain.domain.calendar import SchoolCalendar
from gtt_domain.domain.community import Community
from gtt_domain.domain.exchange import Exchange
from gtt_domain.domain.exemption import Exemption
from gtt_domain.domain.finding_case import FindingCase
from gtt_domain.domain.institution import Institution
from gtt_domain.domain.person import Person

Bound = date | datetime | None
STATE_KINDS = (Institution, Person, Agreement, Exchange, Community, Adoption, SchoolCalendar, Exemption,
               FindingCase)


#: the events of a person that carry or clear their personal data, or restate the facts
#: the rules read from it: all an age needs (the other events never touch ``personal``)
PERSONAL_EVENTS = (Person.Registered, Person.PersonalDataCorrected, Person.AuditFactsRetained,
                   Person.PersonalDataErased)


class PersonEvents:
    """The persons' own (sealed) events that bear on their personal data
    (:data:`PERSONAL_EVENTS`), read for all of ``ids`` in one query when the first age is
    asked, decoded per person asked about (the others are left undecoded: a person's roles,
    moves and semesters were most of the decoding). ``app`` is the application, or what
    reads the log without it (:class:`gtt_projections.facts.log.StoreEvents`)."""

    def __init__(self, app: Any, ids: Iterable[str]):
        self.app, self.ids = app, list(ids)
        self._stored: dict[UUID, list[Any]] | None = None

    def of(self, person_id: str) -> list[Any]:
        if self._stored is None:
            wanted = [UUID(i) for i in self.ids]
            read = getattr(self.app, "stored_events_of", None)
            self._stored = read(wanted) if read is not None else stored_events_of(self.app.recorder, wanted)
        return [self.app.mapper.to_domain_event(e) for e in self._stored.get(UUID(person_id), [])
                if _personal(e.topic)]


@functools.cache
def _personal(topic: str) -> bool:
    found = resolve_topic(topic)
    return isinstance(found, type) and issubclass(found, PERSONAL_EVENTS)


def personal_fold(events: Iterable[Any], as_of: Bound, known_at: Bound) -> Fold:
    """A person's :data:`PERSONAL_EVENTS` folded under the bounds as the whole history
    folds them, for a person the fact tables hold under the bounds: the whole fold created
    it, so its ``Registered`` event is applied even when the bounds leave it out (the whole
    fold applies it at the first event they keep, and the events it leaves out in between
    are left out here too)."""
    keep = keeper(as_of, known_at)
    out = Fold()
    for event in events:
        out.add(event, None, isinstance(event, CanInitAggregate) or keep(event))
    return out


def lazy_age(book: PersonEvents, person: Person, as_of: Bound, known_at: Bound) -> Callable[[date], int | None]:
    """``person.age_on`` with its personal data read, on first use, from the person's own
    events folded under the bounds (as the replay holds it); once the personal data is
    erased, from the facts retained before the erasure (as the replay reads them)."""
    loaded: list[Callable[[date], int | None]] = []

    def age_on(day: date) -> int | None:
        if not loaded:
            folded = personal_fold(book.of(str(person.id)), as_of, known_at)
            person.personal = getattr(folded.aggregate, "personal", None)
            loaded.append(retained_ages(folded) or person.age_on)
        return loaded[0](day)

    return age_on


def _states(app: Any, conn: Connection, cls: type[Any], as_of: Bound, known_at: Bound,
            ids: Iterable[str] | None = None) -> Iterator[f.Facts]:
    """The facts of every ``cls`` aggregate (only ``ids``) under the bounds; persons' ages
    read from their own events on first use."""
    found = [(aggregate, index) for aggregate, index in load_states.states(conn, cls, as_of, known_at, ids)]
    book = PersonEvents(app, [str(a.id) for a, _ in found]) if cls is Person else None
    for aggregate, index in found:
        facts = facts_of(aggregate, index)
        if book is not None and isinstance(facts, f.PersonFacts):
            facts = dataclasses.replace(facts, age_on=lazy_age(book, aggregate, as_of, known_at))
        if facts is not None:
            yield facts


def fact_world(app: Any, conn: Connection, as_of: Bound = None, known_at: Bound = None,
               kinds: Iterable[type[Any]] = STATE_KINDS, *, days: bool = True) -> World:
    """Every subject's facts under the two bounds, from the fact tables (``days=False``:
    internships without their days; see :func:`day_chunks`)."""
    items: list[f.Facts] = list(load_internships.internships(conn, as_of, known_at, days=days))
    for cls in kinds:
        items.extend(_states(app, conn, cls, as_of, known_at))
    # the replay meets subjects in log order; rules that pick "the first" depend on it
    items.sort(key=lambda s: (s.events.created.position or 0, s.id))
    return World(items)


#: internships whose days are in memory at once during an audit
CHUNK = 500


@dataclass
class FactDays:
    """The days of ``light``'s internships, from the fact tables: their first and last day,
    and worlds like ``light`` holding ``size`` internships at a time with the days the rules
    need (:class:`gtt_domain.audit.engine.DaySource`)."""

    conn: Connection
    light: World
    as_of: Bound
    known_at: Bound
    size: int = CHUNK
    #: the bounds are the record as it stands (see :func:`load_internships.day_bounds`)
    present: bool = False

    def bounds(self) -> dict[str, tuple[date, date]]:
        return load_internships.day_bounds(self.conn, self.as_of, self.known_at, present=self.present)

    def worlds(self, needs: DayNeeds) -> Iterator[World]:
        internships = self.light.of_kind("internship")
        picked = load_internships.needed_days(self.conn, self.as_of, self.known_at, needs)
        for start in range(0, len(internships), self.size):
            part = internships[start:start + self.size]
            yield self.light.with_internships(
                load_internships.with_days(self.conn, part, self.as_of, self.known_at, picked, needs.every))


def day_chunks(conn: Connection, light: World, as_of: Bound, known_at: Bound, size: int = CHUNK, *,
               present: bool = False) -> FactDays:
    """Where the rules that read days get them (see :class:`FactDays`); ``present``: the
    audit is of the record as it stands (no ``as_of`` or ``known_at`` asked for)."""
    return FactDays(conn, light, as_of, known_at, size, present)


@dataclass
class OneInternshipDays:
    """One internship with every day it has (a superset of any need: nothing to select)."""

    conn: Connection
    internship_id: str
    others: list[f.Facts]
    as_of: Bound
    known_at: Bound

    def bounds(self) -> dict[str, tuple[date, date]]:
        return {}

    def worlds(self, needs: DayNeeds) -> Iterator[World]:
        full = load_internships.internships(self.conn, self.as_of, self.known_at, [self.internship_id])
        yield World([*full, *self.others])


def internship_neighbourhood(app: Any, conn: Connection, internship_id: str, as_of: Bound,
                             known_at: Bound) -> tuple[World, OneInternshipDays] | None:
    """What the rules read about one internship: it (with its days), its student, school,
    host, agreement, teacher and mentor, the other internships at its host and with its
    teacher (for the shares and ratios that count them), and where packs apply (adoptions and
    the bureaus that adopted), calendars, exemptions and answered findings. It does not grow
    with the log (the context kinds grow with decisions taken, not with events recorded).
    ``None`` if there is no such internship under the bounds."""
    [subject] = load_internships.internships(conn, as_of, known_at, [internship_id], days=False) or [None]
    if subject is None:
        return None
    neighbours = load_internships.neighbours(conn, subject, as_of, known_at)
    light = [subject, *load_internships.internships(conn, as_of, known_at, neighbours, days=False)]
    context: list[f.Facts] = []  # where packs apply, calendars, exemptions, answered findings
    for cls in (Adoption, SchoolCalendar, Exemption, FindingCase):
        for aggregate, index in load_states.states(conn, cls, as_of, known_at):
            found = facts_of(aggregate, index)
            if found is not None:
                context.append(found)
    adopters = {a.adopter_id for a in context if isinstance(a, f.AdoptionFacts) and a.adopter_kind == "institution"}
    wanted = {
        Person: {subject.student_id, *(x.what for x in (subject.teacher, subject.mentor) if x)},
        Institution: {subject.school_id, subject.host_id, *adopters},
        Agreement: {subject.agreement_id} if subject.agreement_id else set(),
    }
    others: list[f.Facts] = list(context)
    for cls, ids in wanted.items():
        others.extend(_states(app, conn, cls, as_of, known_at, ids))
    items = sorted([*light, *others], key=lambda s: (s.events.created.position or 0, s.id))
    return World(items), OneInternshipDays(conn, internship_id, others, as_of, known_at)
