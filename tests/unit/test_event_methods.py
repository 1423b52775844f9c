"""``@event`` mutators take GttAggregate's direct path (issue 18): the same events and the
same state as eventsourcing's decorator, which every other call still goes through."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from uuid import UUID

import pytest
from eventsourcing.domain import CommandMethodDecorator, DecoratedFuncCaller, OriginatorVersionError
from hypothesis import given, settings
from hypothesis import strategies as st
from test_internship import ACTIONS, META, START, apply, placed, started

from gtt_domain import DomainError
from gtt_domain.domain.adoption import Adoption
from gtt_domain.domain.agreement import Agreement
from gtt_domain.domain.base import EventMethod
from gtt_domain.domain.calendar import SchoolCalendar
from gtt_domain.domain.community import Community
from gtt_domain.domain.exchange import Exchange
from gtt_domain.domain.exemption import Exemption
from gtt_domain.domain.finding_case import FindingCase
from gtt_domain.domain.institution import Institution
from gtt_domain.domain.internship import Internship
from gtt_domain.domain.person import Person
from gtt_domain.domain.recording_run import RecordingRun

AGGREGATES = [Adoption, Agreement, SchoolCalendar, Community, Exchange, Exemption, FindingCase,
              Institution, Internship, Person, RecordingRun]


def use_library_path(mp: pytest.MonkeyPatch) -> None:
    """eventsourcing's own decorators and ``mutate`` in place of the direct path."""
    for cls in AGGREGATES:
        for name, value in list(vars(cls).items()):
            if isinstance(value, EventMethod):
                mp.setattr(cls, name, value.decorator)
                mp.delattr(value.event_cls, "mutate")


@pytest.mark.parametrize("cls", AGGREGATES, ids=lambda c: c.__name__)
def test_every_event_method_but_init_takes_the_direct_path(cls):
    methods = {n: v for n, v in vars(cls).items() if isinstance(v, CommandMethodDecorator | EventMethod)}
    assert methods
    for name, value in methods.items():
        if name == "__init__":
            assert isinstance(value, CommandMethodDecorator)
            continue
        assert isinstance(value, EventMethod), name
        assert value.event_cls is getattr(cls, value.event_cls.__name__)
        assert value.event_cls.__mro__[1] is DecoratedFuncCaller
        assert "mutate" in vars(value.event_cls)


IDS = dict(id=UUID(int=1), student_id=str(UUID(int=2)), school_id=str(UUID(int=3)), host_id=str(UUID(int=4)))


def _history(actions: list[tuple]) -> tuple[Internship, list]:
    i = placed(**IDS)
    for action in actions:
        try:
            apply(i, action)
        except DomainError:
            pass
    return i, list(i.pending_events)


def _replay(events: list) -> Internship:
    agg = None
    for ev in events:
        agg = ev.mutate(agg)
    return agg


@settings(max_examples=150, deadline=None)
@given(st.lists(ACTIONS, max_size=25))
def test_the_direct_path_records_what_eventsourcing_records(actions):
    with pytest.MonkeyPatch.context() as mp:
        fast, fast_events = _history(actions)
        replayed_fast = _replay(fast_events)
        use_library_path(mp)
        slow, slow_events = _history(actions)
        replayed_slow = _replay(fast_events)  # the library's mutate on the direct path's events
    assert [type(e) for e in fast_events] == [type(e) for e in slow_events]
    for f, s in zip(fast_events, slow_events, strict=True):
        assert list(vars(f).items()) == list(vars(s).items())  # same fields, values, order
    fast.collect_events()
    slow.collect_events()
    assert replayed_fast == fast and replayed_slow == fast and slow == fast
    assert list(vars(slow)) == list(vars(fast))


def test_calls_the_direct_path_does_not_take_go_through_eventsourcing(monkeypatch):
    i = started()
    # positionally, or leaving out a parameter with a default: eventsourcing binds them
    i._attendance_recorded(START, Decimal(8), False, False, Decimal(0), "app", None, None, False, None, META)
    assert i.attendance_book.get(START).hours == Decimal(8)
    with pytest.raises(TypeError) as fast_missing:
        i._started(meta=META)
    with pytest.raises(TypeError) as fast_unknown:
        i._started(on=START, meta=META, when=START)
    use_library_path(monkeypatch)
    j = started()
    with pytest.raises(TypeError) as slow_missing:
        j._started(meta=META)
    with pytest.raises(TypeError) as slow_unknown:
        j._started(on=START, meta=META, when=START)
    assert str(fast_missing.value) == str(slow_missing.value)
    assert str(fast_unknown.value) == str(slow_unknown.value)


def test_an_event_out_of_sequence_is_refused_on_the_direct_path():
    i = started()
    i.record_attendance(START, Decimal(8), META)
    i.record_attendance(START + timedelta(days=1), Decimal(8), META)
    events = i.collect_events()
    with pytest.raises(OriginatorVersionError):
        _replay([events[0], events[1], events[3]])
