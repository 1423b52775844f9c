"""Every fact has its date (issue 19): commands that recorded a fact without one take an
effective date; omitted means today (when it is recorded), and a back-filled history keeps
its own dates, so an audit as of the past sees it then."""

from __future__ import annotations

from datetime import date

import pytest
from audit_world import DOCS, Builder

from gtt_domain.application.timetravel import load_folds, state_at
from gtt_domain.audit.world import World


def backfilled_placement(b: Builder, dated: bool) -> None:
    """A school, a host and a 15-year-old student, recorded in 2026 for a 2025 placement."""
    b.clock.at(date(2026, 3, 1))
    when = (lambda d: {"registered_on": d}) if dated else (lambda d: {})
    school = b.h("institution.register", kind="school", name="Anxi Vocational", region="Anxi",
                 school_stage="vocational_secondary", **when(date(2015, 1, 1)))
    b.h("institution.open-major", institution_id=school, code="AC01", name="AC",
        **({"opened_on": date(2015, 1, 1)} if dated else {}))
    host = b.h("institution.register", kind="enterprise", name="Gree", region="Zhuhai", **when(date(2015, 1, 1)))
    student = b.h("person.register", kind="student", name="S", home_institution_id=school,
                  birth_date=date(2010, 1, 1), **when(date(2024, 9, 1)))
    b.h("person.enrol", person_id=student, institution_id=school, major_code="AC01", admitted_on=date(2024, 9, 1))
    iid = b.h("internship.place", student_id=student, school_id=school, host_id=host, kind="post",
              post="assembly", planned_start=date(2025, 3, 10), planned_end=date(2025, 9, 9),
              **({"placed_on": date(2025, 2, 1)} if dated else {}))
    for d in DOCS:
        b.h("internship.provide-document", internship_id=iid, doc=d, provided_on=date(2025, 3, 1))
    b.h("internship.start", internship_id=iid, on=date(2025, 3, 10))


@pytest.mark.parametrize("dated", [True, False])
def test_a_backfilled_history_is_audited_as_of_its_own_dates(dated, db_url):
    b = Builder(db_url)
    backfilled_placement(b, dated)
    [found] = b.audit("NINT21-4-age", date(2025, 4, 1))  # the 15-year-old is seen in 2025
    assert found.rule_id == "NINT21-4-age"
    world = World.from_folds(load_folds(b.app, as_of=date(2025, 4, 1)))
    [student] = [p for p in world.of_kind("person")]
    # registered on the date given; undated, "now" (the later dated facts bring it along)
    assert student.registered_on == (date(2024, 9, 1) if dated else date(2026, 3, 1))


def test_an_omitted_date_means_when_recorded(sqlite_url):
    b = Builder(sqlite_url)
    b.clock.at(date(2026, 3, 1))
    sid = b.h("institution.register", kind="school", name="New school", region="Anxi")
    assert state_at(b.app, sid, as_of=date(2026, 2, 28)) is None
    assert state_at(b.app, sid, as_of=date(2026, 3, 1)) is not None
    old = b.h("institution.register", kind="school", name="Old school", region="Anxi", registered_on=date(2001, 9, 1))
    assert state_at(b.app, old, as_of=date(2001, 9, 1)) is not None
    assert state_at(b.app, old, as_of=date(2001, 8, 31)) is None
