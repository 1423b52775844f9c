"""Timeline summaries: an event's own fields, never the personal data of Person events."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

from gtt_projections.summary import aggregate_kind, summarise, summariser

from gtt_domain.domain.base import GttAggregate
from gtt_domain.domain.meta import EventMeta

META = EventMeta(actor="clerk", recorded_at=datetime(2025, 1, 1, tzinfo=UTC))


class Person(GttAggregate):
    KIND = "person"

    class Enrolled(GttAggregate.Event):
        full_name: str
        national_id: str
        meta: EventMeta


class Thing(GttAggregate):
    KIND = "thing"

    class Counted(GttAggregate.Event):
        label: str
        on: date
        note: str | None
        meta: EventMeta

    class Labelled(GttAggregate.Event):
        label: str
        meta: EventMeta


def event(cls, **fields):
    return cls(originator_id=uuid4(), originator_version=2, timestamp=META.recorded_at, meta=META, **fields)


def test_default_summary_lists_own_fields_and_skips_none():
    e = event(Thing.Counted, label="two words", on=date(2025, 3, 1), note=None)
    assert aggregate_kind(Thing.Counted) == "thing"
    assert summarise(e, "thing") == "Counted: label='two words', on=2025-03-01"


def test_person_events_show_their_type_only():
    e = event(Person.Enrolled, full_name="Li Hua", national_id="350524200801011234")
    kind = aggregate_kind(Person.Enrolled)
    assert (kind, summarise(e, kind)) == ("person", "Enrolled")


def test_a_registered_summariser_wins():
    summariser(Thing.Labelled)(lambda e: f"labelled {e.label!r}")
    assert summarise(event(Thing.Labelled, label="x"), "thing") == "labelled 'x'"
