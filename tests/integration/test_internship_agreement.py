"""Internships under an agreement (SQLite and PostgreSQL): placing needs an agreement that
names both the school and the host; starting needs it active on the start date.

The handlers rely only on ``Agreement.has_party(party_id)`` and ``is_active_on(day)``. The
test subclasses the real ``Agreement`` with a minimal term and party list so it checks
the handlers against that interface without depending on how agreements are drafted and
signed (their own tests cover that).
"""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID, uuid4

import pytest
from eventsourcing.domain import event

from gtt_domain import DomainError, GttApplication, NotFoundError
from gtt_domain.commands.internship import PlaceIntern, StartInternship
from gtt_domain.domain.base import GttAggregate
from gtt_domain.domain.internship import Internship
from gtt_domain.domain.meta import EventMeta

agreement_module = pytest.importorskip("gtt_domain.domain.agreement")

from test_internship_app import START, place, world  # noqa: E402


class TermAgreement(agreement_module.Agreement):  # type: ignore[misc, name-defined]
    class Termed(GttAggregate.Created):
        parties: list[str]
        active_from: date
        active_to: date
        meta: EventMeta

    @event(Termed)
    def __init__(self, id: UUID, parties: list[str], active_from: date, active_to: date,  # noqa: A002
                 meta: EventMeta) -> None:
        self.term_parties = parties
        self.active_from = active_from
        self.active_to = active_to

    def has_party(self, party_id: str) -> bool:
        return party_id in self.term_parties

    def is_active_on(self, day: date) -> bool:
        return self.active_from <= day <= self.active_to


def agreement(app: GttApplication, parties: list[UUID], start: date, end: date) -> UUID:
    a = TermAgreement(id=uuid4(), parties=[str(p) for p in parties], active_from=start,
                      active_to=end, meta=app.meta())
    app.save(a)
    return a.id


def test_placing_needs_an_agreement_naming_school_and_host(db_url, clock):
    w = world(db_url, clock)
    with pytest.raises(NotFoundError):
        place(w, agreement_id=uuid4())
    other = uuid4()
    only_school = agreement(w.app, [w.school, other], START, START + timedelta(days=200))
    with pytest.raises(DomainError, match="does not name the host"):
        place(w, agreement_id=only_school)
    only_host = agreement(w.app, [other, w.host], START, START + timedelta(days=200))
    with pytest.raises(DomainError, match="does not name the school"):
        place(w, agreement_id=only_host)
    both = agreement(w.app, [w.school, w.host], START, START + timedelta(days=200))
    iid = place(w, agreement_id=both)
    assert w.app.get(iid, Internship).agreement_id == str(both)


def test_starting_needs_the_agreement_active_on_the_start_date(db_url, clock):
    w = world(db_url, clock)
    aid = agreement(w.app, [w.school, w.host], START, START + timedelta(days=90))
    iid = place(w, agreement_id=aid)
    before = w.app.recorder.max_notification_id()
    with pytest.raises(DomainError, match=f"agreement {aid} is not active on {START - timedelta(days=1)}"):
        w.app.handle(StartInternship(internship_id=iid, on=START - timedelta(days=1)))
    with pytest.raises(DomainError, match="is not active"):
        w.app.handle(StartInternship(internship_id=iid, on=START + timedelta(days=91)))
    assert w.app.recorder.max_notification_id() == before
    w.app.handle(StartInternship(internship_id=iid, on=START + timedelta(days=3)))
    assert w.app.get(iid, Internship).started_on == START + timedelta(days=3)


def test_without_an_agreement_no_agreement_is_needed(db_url, clock):
    w = world(db_url, clock)
    iid = w.app.handle(PlaceIntern(student_id=w.student, school_id=w.school, host_id=w.host,
                                   kind="observation", post="visitor", planned_start=START,
                                   planned_end=START + timedelta(days=14)))
    w.app.handle(StartInternship(internship_id=iid, on=START))
    assert w.app.get(iid, Internship).status == "started"
