"""An audit from the fact tables loads only the attendance days its rules can act on
(``gtt_domain.audit.day_needs``): the selection must be a superset, exact at its edges
(hours stored as decimal text, caps given as any decimal, spans reaching ``date.max``)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from facts_oracle import compare, fact_model
from gtt_projections.facts import load_internships
from hypothesis import given
from hypothesis import strategies as st

from gtt_domain import GttApplication
from gtt_domain.audit.day_needs import DayNeeds, covered

START = date(2025, 3, 3)
HOURS = ["8", "8.5", "8.51", "9", "7.99", "0"]


def _brute_covered(first: date, last: date, spans: list[tuple[date, date]]) -> bool:
    day = first
    while day <= last:
        if not any(lo <= day <= hi for lo, hi in spans):
            return False
        day += timedelta(days=1)
    return True


days = st.dates(min_value=date(2025, 1, 1), max_value=date(2025, 3, 31))


@given(first=days, length=st.integers(0, 40),
       spans=st.lists(st.tuples(days, st.integers(0, 30)), max_size=5), open_ended=st.booleans())
def test_covered_is_every_day_in_some_span(first, length, spans, open_ended):
    last = first + timedelta(days=length)
    pairs = [(lo, lo + timedelta(days=n)) for lo, n in spans]
    if open_ended and pairs:
        pairs[0] = (pairs[0][0], date.max)  # a document without an end of cover
    assert covered(first, last, pairs) == _brute_covered(first, last, pairs)


def _parties(h):
    """A vocational school, a host and one of the school's students, as ids."""
    school = h({"kind": "school", "name": "Anxi Vocational", "region": "Anxi",
                "school_stage": "vocational_secondary"}, name="institution.register")
    host = h({"kind": "enterprise", "name": "Host", "region": "Zhuhai"}, name="institution.register")
    student = h({"kind": "student", "name": "S", "home_institution_id": str(school),
                 "birth_date": "2004-01-01"}, name="person.register")
    return school, host, student


@pytest.fixture
def history(db_url):
    """One post internship with days on either side of the caps, one with a night shift,
    overtime, coordinates, an app and a make-up check-in; pay and insurance for a part."""
    app = GttApplication(db_url, actor="test")
    h = app.handle
    school, host, student = _parties(h)
    iid = h({"student_id": str(student), "school_id": str(school), "host_id": str(host), "kind": "post",
             "programme": "none", "post": "assembly", "post_category": "ordinary",
             "planned_start": START.isoformat(), "planned_end": (START + timedelta(days=120)).isoformat()},
            name="internship.place")
    h({"internship_id": str(iid), "doc": "insurance_policy", "provided_on": START.isoformat(),
       "cover_from": START.isoformat(), "cover_to": (START + timedelta(days=5)).isoformat()},
      name="internship.provide-document")
    h({"internship_id": str(iid), "on": START.isoformat()}, name="internship.start")
    for i, hours in enumerate(HOURS):
        h({"internship_id": str(iid), "day": (START + timedelta(days=i)).isoformat(), "hours": hours,
           "channel": "host_system"}, name="internship.record-attendance")
    extra = [{"night_shift": True}, {"overtime_hours": "0.5"}, {"location": "24.9,118.1"},
             {"channel": "app"}, {"channel": "makeup"}]
    for i, fields in enumerate(extra, start=len(HOURS)):
        h({"internship_id": str(iid), "day": (START + timedelta(days=i)).isoformat(), "hours": "8",
           "channel": "host_system", **fields}, name="internship.record-attendance")
    h({"internship_id": str(iid), "period_start": START.isoformat(),
       "period_end": (START + timedelta(days=3)).isoformat(), "amount": "2500", "regular_wage": "4000",
       "paid_on": (START + timedelta(days=20)).isoformat()}, name="internship.record-pay")
    rm = fact_model(app)
    rm.catch_up()
    yield app, rm, str(iid)
    rm.close()
    app.close()


def _picked(rm, needs: DayNeeds) -> list[int]:
    """The days ``needs`` selects, as offsets from the start."""
    with rm.connect() as conn:
        found = load_internships.needed_days(conn, None, None, needs)
    return sorted((d.day - START).days for days in found.values() for d in days)


@pytest.mark.parametrize(("cap", "offsets"), [
    ("8", [1, 2, 3]), ("8.5", [2, 3]), ("8.505", [2, 3]), ("8.51", [3]), ("8.509999", [2, 3]), ("9", []),
    ("7.98", [0, 1, 2, 3, 4, 6, 7, 8, 9, 10]),
])
def test_hours_above_a_cap_select_exactly_the_days_above_it(history, cap, offsets):
    _, rm, _ = history
    assert _picked(rm, DayNeeds(hours_above=Decimal(cap))) == offsets


def test_each_condition_selects_its_days_and_no_condition_selects_none(history):
    _, rm, _ = history
    assert _picked(rm, DayNeeds()) == []
    assert _picked(rm, DayNeeds(night_shift=True)) == [6]
    assert _picked(rm, DayNeeds(overtime=True)) == [7]
    assert _picked(rm, DayNeeds(located=True)) == [8]
    assert _picked(rm, DayNeeds(channels={"app"})) == [9]
    assert _picked(rm, DayNeeds(on_days={START + timedelta(days=4)})) == [4]
    # one make-up day: every day of that internship
    assert _picked(rm, DayNeeds(every_if_channel={"makeup"})) == list(range(len(HOURS) + 5))


def test_the_audit_from_selected_days_equals_the_replay(history):
    """Caps at 8 hours, night shifts, overtime, days without pay or insurance: the findings
    from the days selected equal the replay's over every day (and as of a day in between)."""
    app, rm, _ = history
    for as_of in (None, START + timedelta(days=7), START + timedelta(days=60)):
        diffs = compare(app, rm, as_of, None)
        assert not diffs, "\n".join(diffs[:10])


def test_bounds_walked_or_grouped_are_the_same_under_both_time_axes(db_url):
    """``day_bounds`` walks the item index for the present record and groups the visible
    rows otherwise: both give each internship's first and last visible day, whatever the
    bounds leave out (later days, later records, a back-dated correction)."""
    now = [datetime(2025, 3, 1, 9, tzinfo=UTC)]
    app = GttApplication(db_url, actor="test", clock=lambda: now[0])
    h = app.handle
    school, host, student = _parties(h)
    ids = []
    for n, first in enumerate((START, START + timedelta(days=20))):
        iid = h({"student_id": str(student), "school_id": str(school), "host_id": str(host), "kind": "post",
                 "programme": "none", "post": f"assembly {n}", "post_category": "ordinary",
                 "planned_start": first.isoformat(), "planned_end": (first + timedelta(days=60)).isoformat()},
                name="internship.place")
        h({"internship_id": str(iid), "on": first.isoformat()}, name="internship.start")
        ids.append((str(iid), first))
    for offset in range(30):
        for iid, first in ids:
            day = START + timedelta(days=offset)
            if day >= first:
                now[0] = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=18)
                h({"internship_id": iid, "day": day.isoformat(), "hours": "8", "channel": "host_system"},
                  name="internship.record-attendance")
    h({"internship_id": ids[0][0], "day": START.isoformat(), "hours": "7.5", "night_shift": False},
      name="internship.correct-attendance")
    rm = fact_model(app)
    rm.catch_up()
    moment = lambda d: datetime.combine(START + timedelta(days=d), datetime.min.time(), tzinfo=UTC)  # noqa: E731
    try:
        with rm.connect() as conn:
            present = load_internships.day_bounds(conn, None, None, present=True)
            assert present == {ids[0][0]: (START, START + timedelta(days=29)),
                               ids[1][0]: (START + timedelta(days=20), START + timedelta(days=29))}
            for as_of in (None, START - timedelta(days=1), START + timedelta(days=3), START + timedelta(days=25),
                          moment(22) + timedelta(hours=5)):
                for known_at in (None, moment(2), moment(21) + timedelta(hours=20), START + timedelta(days=40)):
                    walked = load_internships.day_bounds(conn, as_of, known_at, present=True)
                    grouped = load_internships.day_bounds(conn, as_of, known_at, present=False)
                    assert walked == grouped, (as_of, known_at)
    finally:
        rm.close()
        app.close()
