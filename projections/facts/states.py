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

from typing import Any, ClassVar

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.domain import CanInitAggregate
from gtt_projections.facts.base import FactsProjection
from gtt_projections.facts.codec import (  # noqa: F401 — read and written alike
    PRIVATE,
    UNINDEXED,
    _Stamp,
    codec,
    dump_index,
    dump_state,
    index_entry,
    indexed_event,
    indexed_type,
    load_index,
    load_state,
)
from gtt_projections.facts.tables import (  # noqa: F401 — declared apart from the handlers
    adoptions,
    agreements,
    calendars,
    exchanges,
    exemptions,
    finding_cases,
    institutions,
    persons,
    state_table,
)
from gtt_projections.facts.temporal import FactWriter, Value, moment_of
from gtt_projections.writer import RowWriter

from gtt_domain.domain.adoption import Adoption
from gtt_domain.domain.agreement import Agreement
from gtt_domain.domain.base import GttAggregate
from gtt_domain.domain.calendar import SchoolCalendar
from gtt_domain.domain.exchange import Exchange
from gtt_domain.domain.exemption import Exemption
from gtt_domain.domain.finding_case import FindingCase
from gtt_domain.domain.institution import Institution
from gtt_domain.domain.person import Person

#: what a mutator raises when an event needs a fact the bounds left out (as the replay)
SKIPPED = (KeyError, IndexError, AttributeError, TypeError)
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
