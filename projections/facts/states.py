"""Small aggregates on both time axes: their folded state, one bitemporal item each.

Institutions, persons, communities, agreements and exchanges have few events each, and
their mutators read their own state (an agreement's standing history, a community's
member spells). Rather than restate those mutators, each item's value is the aggregate's
state as the *real* mutators leave it, plus the index of the events applied so far (what
the audit's fact adapters cite as evidence). The rectangles of ``temporal`` then hold,
for every date and every moment of knowledge, exactly the state a replay would fold.

Collections that grow without bound are kept out of the state and itemised instead (a
community's activities: ``fact_community_activities``), so a row stays small.

Personal data never enters these tables: a person's ``personal`` field is dropped before
the state is stored (it stays sealed in the person's events).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.application import DatetimeAsISO, DecimalAsStr, UUIDAsHex
from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.domain import CanInitAggregate
from eventsourcing.persistence import JSONTranscoder
from gtt_projections.facts.base import FactsProjection
from gtt_projections.facts.temporal import FactTable, FactWriter, Value, fact_table, moment_of
from gtt_projections.schema import metadata
from gtt_projections.writer import RowWriter
from sqlalchemy import Column, String, Text

from gtt_domain.application import transcodings
from gtt_domain.domain.adoption import Adoption
from gtt_domain.domain.agreement import Agreement
from gtt_domain.domain.base import GttAggregate
from gtt_domain.domain.calendar import SchoolCalendar
from gtt_domain.domain.exchange import Exchange
from gtt_domain.domain.exemption import Exemption
from gtt_domain.domain.finding_case import FindingCase
from gtt_domain.domain.institution import Institution
from gtt_domain.domain.meta import EventMeta
from gtt_domain.domain.person import Person

#: what a mutator raises when an event needs a fact the bounds left out (as the replay)
SKIPPED = (KeyError, IndexError, AttributeError, TypeError)
#: aggregate attributes never stored in a read table
PRIVATE = {"_id", "_version", "_pending_events", "personal"}
#: event fields never copied into the index
UNINDEXED = {"originator_id", "originator_version", "timestamp", "meta", "personal"}


@cache
def codec() -> JSONTranscoder:
    """The store's own JSON transcodings (dates, decimals, state records)."""
    t = JSONTranscoder()
    for tc in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        t.register(tc)
    transcodings.register(t)
    return t


def dump_state(aggregate: Any) -> str:
    state = {k: v for k, v in vars(aggregate).items() if k not in PRIVATE}
    return codec().encode(state).decode("utf-8")


def load_state(cls: type[Any], aggregate_id: str, version: int, text: str) -> Any:
    state = codec().decode(text.encode("utf-8"))
    state.update(_id=UUID(aggregate_id), _version=version, _pending_events=[])
    if cls is Person:
        state["personal"] = None
    aggregate = object.__new__(cls)
    object.__setattr__(aggregate, "__dict__", state)
    return aggregate


def index_entry(event: Any, position: int) -> list[Any]:
    """``[version, position, type, meta, fields]`` of an applied event (meta: who recorded
    it and when, as a dict; the event's timestamp for an event without one)."""
    meta = getattr(event, "meta", None)
    stamp = meta.to_dict() if meta is not None else {"timestamp": event.timestamp.isoformat()}
    fields = {k: v for k, v in vars(event).items() if k not in UNINDEXED}
    return [event.originator_version, position, type(event).__name__, stamp, fields]


def dump_index(entries: list[list[Any]]) -> str:
    return codec().encode(entries).decode("utf-8")


def load_index(text: str) -> list[list[Any]]:
    out: list[list[Any]] = codec().decode(text.encode("utf-8"))
    return out


@dataclass
class _Stamp:
    """The ``meta`` of an event that has none (only a timestamp)."""

    effective: datetime
    recorded_at: datetime


@cache
def indexed_type(name: str) -> type[Any]:
    """A stand-in class named like the event type (the index finds events by class name)."""
    return type(name, (), {})


def indexed_event(entry: list[Any]) -> tuple[int, int, Any]:
    """``(version, position, event)`` for :class:`gtt_domain.audit.refs.EventIndex`."""
    version, position, name, stamp, fields = entry
    event = indexed_type(name)()
    event.__dict__.update(fields)
    if "timestamp" in stamp:
        moment = datetime.fromisoformat(stamp["timestamp"])
        event.meta = _Stamp(moment, moment)
    else:
        event.meta = EventMeta.from_dict(stamp)
    return version, position, event


def state_table(name: str) -> FactTable:
    return fact_table(name, metadata, [Column("aggregate_id", String(36))], [
        Column("kind", String(40)),
        Column("state", Text, nullable=False),
        Column("applied", Text, nullable=False),
    ], core=True)


class StateFacts(FactsProjection):
    """One aggregate kind's folded states; a subclass names the class and its table and
    routes that class's events to :meth:`fold`."""

    aggregate: ClassVar[type[GttAggregate]]

    def fold(self, e: Any, rows: RowWriter) -> None:
        assert isinstance(rows, FactWriter)
        at = moment_of(e, rows.position)
        key = (str(e.originator_id),)
        if isinstance(e, CanInitAggregate):
            aggregate = e.mutate(None)
            value = {"kind": getattr(aggregate, "kind", None), "state": dump_state(aggregate),
                     "applied": dump_index([index_entry(e, at.position)])}
            rows.assert_item(self.core, key, at, lambda old: dict(value), new=True)
            return
        rows.touch_core(self.core, key, at)
        entry = index_entry(e, at.position)

        def mutate(old: Value | None) -> Value | None:
            if old is None:
                return None
            aggregate = load_state(self.aggregate, key[0], e.originator_version - 1, old["state"])
            try:
                e.mutate(aggregate)
            except SKIPPED:
                return {**old, "state": dump_state(aggregate)}
            return {"kind": getattr(aggregate, "kind", None), "state": dump_state(aggregate),
                    "applied": dump_index([*load_index(old["applied"]), entry])}

        rows.assert_item(self.core, key, at, mutate)


institutions = state_table("fact_institution_states")
persons = state_table("fact_person_states")
agreements = state_table("fact_agreement_states")
exchanges = state_table("fact_exchange_states")


class InstitutionStates(StateFacts):
    name = "fact_institution_states"
    version = 2
    aggregate = Institution
    core = institutions
    facts = (institutions,)
    tables = (institutions.table,)

    @singledispatchmethod
    def apply(self, event: Any, rows: RowWriter) -> None:
        """Events of other aggregates."""

    @apply.register
    def _(self, e: Institution.Event, rows: RowWriter) -> None:
        self.fold(e, rows)


class PersonStates(StateFacts):
    name = "fact_person_states"
    version = 2
    aggregate = Person
    core = persons
    facts = (persons,)
    tables = (persons.table,)

    @singledispatchmethod
    def apply(self, event: Any, rows: RowWriter) -> None:
        """Events of other aggregates."""

    @apply.register
    def _(self, e: Person.Event, rows: RowWriter) -> None:
        self.fold(e, rows)


class AgreementStates(StateFacts):
    name = "fact_agreement_states"
    version = 2
    aggregate = Agreement
    core = agreements
    facts = (agreements,)
    tables = (agreements.table,)

    @singledispatchmethod
    def apply(self, event: Any, rows: RowWriter) -> None:
        """Events of other aggregates."""

    @apply.register
    def _(self, e: Agreement.Event, rows: RowWriter) -> None:
        self.fold(e, rows)


class ExchangeStates(StateFacts):
    name = "fact_exchange_states"
    version = 2
    aggregate = Exchange
    core = exchanges
    facts = (exchanges,)
    tables = (exchanges.table,)

    @singledispatchmethod
    def apply(self, event: Any, rows: RowWriter) -> None:
        """Events of other aggregates."""

    @apply.register
    def _(self, e: Exchange.Event, rows: RowWriter) -> None:
        self.fold(e, rows)


adoptions = state_table("fact_adoption_states")
calendars = state_table("fact_calendar_states")
exemptions = state_table("fact_exemption_states")
finding_cases = state_table("fact_finding_case_states")


class AdoptionStates(StateFacts):
    name = "fact_adoption_states"
    version = 1
    aggregate = Adoption
    core = adoptions
    facts = (adoptions,)
    tables = (adoptions.table,)

    @singledispatchmethod
    def apply(self, event: Any, rows: RowWriter) -> None:
        """Events of other aggregates."""

    @apply.register
    def _(self, e: Adoption.Event, rows: RowWriter) -> None:
        self.fold(e, rows)


class CalendarStates(StateFacts):
    name = "fact_calendar_states"
    version = 1
    aggregate = SchoolCalendar
    core = calendars
    facts = (calendars,)
    tables = (calendars.table,)

    @singledispatchmethod
    def apply(self, event: Any, rows: RowWriter) -> None:
        """Events of other aggregates."""

    @apply.register
    def _(self, e: SchoolCalendar.Event, rows: RowWriter) -> None:
        self.fold(e, rows)


class ExemptionStates(StateFacts):
    name = "fact_exemption_states"
    version = 1
    aggregate = Exemption
    core = exemptions
    facts = (exemptions,)
    tables = (exemptions.table,)

    @singledispatchmethod
    def apply(self, event: Any, rows: RowWriter) -> None:
        """Events of other aggregates."""

    @apply.register
    def _(self, e: Exemption.Event, rows: RowWriter) -> None:
        self.fold(e, rows)


class FindingCaseStates(StateFacts):
    name = "fact_finding_case_states"
    version = 1
    aggregate = FindingCase
    core = finding_cases
    facts = (finding_cases,)
    tables = (finding_cases.table,)

    @singledispatchmethod
    def apply(self, event: Any, rows: RowWriter) -> None:
        """Events of other aggregates."""

    @apply.register
    def _(self, e: FindingCase.Event, rows: RowWriter) -> None:
        self.fold(e, rows)
