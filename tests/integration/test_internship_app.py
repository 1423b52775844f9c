"""Internships through the application on a real SQLite file and on PostgreSQL:
cross-aggregate checks, policy facts read back with metadata, conflicts, batches,
snapshots, and generated histories that replay to the live state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from uuid import UUID, uuid4

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from gtt_domain import BatchError, ConflictError, DomainError, GttApplication, NotFoundError
from gtt_domain.application.timetravel import state_at
from gtt_domain.application.unit_of_work import UnitOfWork
from gtt_domain.application.use_cases import HANDLERS
from gtt_domain.commands.institution import RegisterInstitution
from gtt_domain.commands.internship import (
    PlaceIntern,
    RecordAttendance,
    RecordAttendanceBatch,
    RecordPay,
    RequestLeave,
    StartInternship,
)
from gtt_domain.commands.person import RegisterPerson
from gtt_domain.domain.internship import Internship

START = date(2025, 3, 10)


@dataclass
class World:
    app: GttApplication
    school: UUID
    host: UUID
    student: UUID
    teacher: UUID


def world(url: str, clock) -> World:
    app = GttApplication(url, clock=clock, actor="registrar")
    school = app.handle(RegisterInstitution(kind="school", name="Anxi Vocational", region="Anxi"))
    host = app.handle(RegisterInstitution(kind="enterprise", name="Gree AC", region="Zhuhai"))
    student = app.handle(RegisterPerson(kind="student", name="Lin Xiaoyu", home_institution_id=school))
    teacher = app.handle(RegisterPerson(kind="teacher", name="Chen Hua", home_institution_id=school))
    return World(app, school, host, student, teacher)


def place(w: World, app: GttApplication | None = None, **kw) -> UUID:
    fields = dict(student_id=w.student, school_id=w.school, host_id=w.host, kind="post",
                  post="AC assembly", planned_start=START, planned_end=date(2025, 9, 10))
    fields.update(kw)
    return (app or w.app).handle(PlaceIntern(**fields))


def placed_and_started(w: World) -> UUID:
    iid = place(w)
    w.app.handle(StartInternship(internship_id=iid, on=START))
    return iid


# --- placement checks -------------------------------------------------------------------


def test_placement_needs_a_school_a_host_and_a_student(db_url, clock):
    w = world(db_url, clock)
    with pytest.raises(DomainError, match="is a enterprise, not a school"):
        place(w, school_id=w.host, host_id=w.school)
    with pytest.raises(NotFoundError, match="institution .* not found"):
        place(w, host_id=uuid4())
    with pytest.raises(NotFoundError, match="institution .* not found"):
        place(w, school_id=uuid4())
    with pytest.raises(NotFoundError, match="person .* not found"):
        place(w, student_id=uuid4())
    with pytest.raises(DomainError, match="is a teacher, not a student"):
        place(w, student_id=w.teacher)
    with pytest.raises(NotFoundError, match="person"):
        place(w, student_id=w.school)  # an institution is not a person
    before = w.app.recorder.max_notification_id()
    iid = place(w)
    assert w.app.recorder.max_notification_id() == before + 1
    got = w.app.get(iid, Internship)
    assert (got.student_id, got.school_id, got.host_id, got.status) == (
        str(w.student), str(w.school), str(w.host), "placed")


def test_placement_with_an_external_id_is_idempotent(db_url, clock):
    w = world(db_url, clock)
    a = place(w, external_id="IMPORT-7")
    b = place(w, external_id="IMPORT-7")
    assert a == b
    assert len(list(w.app.events.get(a))) == 1


def test_commands_by_name_validate_fields(db_url, clock):
    w = world(db_url, clock)
    iid = placed_and_started(w)
    with pytest.raises(ValidationError, match="hours"):
        w.app.handle({"internship_id": str(iid), "day": "2025-03-11", "hours": "-1"},
                     name="internship.record-attendance")
    with pytest.raises(ValidationError, match="cover_from and cover_to are required"):
        w.app.handle({"internship_id": str(iid), "doc": "insurance_policy",
                      "provided_on": "2025-03-01"}, name="internship.provide-document")
    with pytest.raises(DomainError) as e:
        w.app.handle({"internship_id": str(iid), "on": "2025-03-11"}, name="internship.start")
    assert (e.value.aggregate, e.value.command) == ("internship", "start")


def test_teacher_must_exist(db_url, clock):
    w = world(db_url, clock)
    iid = place(w)
    with pytest.raises(NotFoundError, match="person"):
        w.app.handle({"internship_id": str(iid), "teacher_id": str(uuid4()), "on": "2025-03-01"},
                     name="internship.assign-teacher")
    w.app.handle({"internship_id": str(iid), "teacher_id": str(w.teacher), "on": "2025-03-01"},
                 name="internship.assign-teacher")
    assert w.app.get(iid, Internship).accompanying_teacher_id == str(w.teacher)


# --- policy breaches are facts ----------------------------------------------------------


def test_short_notice_leave_and_half_pay_are_recorded_and_read_back_with_metadata(db_url, clock):
    w = world(db_url, clock)
    iid = placed_and_started(w)
    w.app.handle(RequestLeave(internship_id=iid, asked_on=date(2025, 4, 1), first_day=date(2025, 4, 3),
                              last_day=date(2025, 4, 3), written=False),
                 actor="mentor-li", reason="family", correlation_id="req-1")
    w.app.handle(RecordPay(internship_id=iid, period_start=START, period_end=date(2025, 4, 9),
                           amount=Decimal("1800.00"), regular_wage=Decimal("3600.00"),
                           paid_on=date(2025, 4, 15)), actor="payroll")
    reader = GttApplication(db_url)  # a second instance reads what the first stored
    got = reader.get(iid, Internship)
    leave = got.leaves[0]
    assert (leave.first_day - leave.asked_on, leave.written, leave.approved) == (timedelta(days=2), False, None)
    assert got.pay[0].amount / got.pay[0].regular_wage == Decimal("0.5")
    events = list(reader.events.get(iid))
    asked, paid = events[-2], events[-1]
    assert (type(asked).__name__, type(paid).__name__) == ("LeaveRequested", "PayRecorded")
    assert (asked.meta.actor, asked.meta.reason, asked.meta.correlation_id) == ("mentor-li", "family", "req-1")
    assert asked.meta.effective_at.date() == date(2025, 4, 1)
    assert paid.meta.actor == "payroll" and paid.meta.effective_at.date() == date(2025, 4, 15)
    assert isinstance(paid.amount, Decimal) and paid.amount == Decimal("1800.00")
    assert paid.timestamp == paid.meta.recorded_at and paid.meta.recorded_at > asked.meta.recorded_at


# --- optimistic concurrency -------------------------------------------------------------


def test_two_writers_on_one_internship_conflict_and_no_event_is_lost(db_url, clock):
    w = world(db_url, clock)
    iid = placed_and_started(w)
    a, b = GttApplication(db_url, clock=clock), GttApplication(db_url, clock=clock)
    ua, ub = UnitOfWork(a), UnitOfWork(b)
    ia, ib = ua.get(iid, Internship), ub.get(iid, Internship)
    assert ia.version == ib.version
    ia.record_attendance(START, Decimal(8), a.meta(actor="a"))
    ib.record_attendance(START + timedelta(days=1), Decimal(7), b.meta(actor="b"))
    a.save_changes(ua)
    with pytest.raises(ConflictError, match="reload and retry"):
        b.save_changes(ub)
    assert GttApplication(db_url).get(iid, Internship).attendance_book.days() == [START]
    b.handle(RecordAttendance(internship_id=iid, day=START + timedelta(days=1), hours=Decimal(7)),
             actor="b")  # the retry reloads and records
    reader = GttApplication(db_url)
    got = reader.get(iid, Internship)
    assert got.attendance_book.days() == [START, START + timedelta(days=1)]
    recorded = [e for e in reader.events.get(iid) if isinstance(e, Internship.AttendanceRecorded)]
    assert [(e.day, e.meta.actor) for e in recorded] == [(START, "a"), (START + timedelta(days=1), "b")]


# --- batches ----------------------------------------------------------------------------


def test_attendance_batch_is_one_transaction(db_url, clock):
    w = world(db_url, clock)
    ids = [placed_and_started(w) for _ in range(3)]
    before = w.app.recorder.max_notification_id()
    bad = RecordAttendanceBatch(rows=[
        {"internship_id": ids[0], "day": START, "hours": 8},
        {"internship_id": ids[1], "day": START, "hours": 8, "night_shift": True},
        {"internship_id": ids[2], "day": START - timedelta(days=1), "hours": 8},  # before start
    ])
    with pytest.raises(BatchError, match="batch item 3: .*before the start") as e:
        w.app.handle(bad)
    assert isinstance(e.value.error, DomainError)
    assert w.app.recorder.max_notification_id() == before
    assert all(len(GttApplication(db_url).get(i, Internship).attendance_book) == 0 for i in ids)
    with pytest.raises(BatchError, match="batch item 2: .*internship .* not found"):
        w.app.handle(RecordAttendanceBatch(rows=[{"internship_id": ids[0], "day": START, "hours": 8},
                                                 {"internship_id": uuid4(), "day": START, "hours": 8}]))
    assert w.app.recorder.max_notification_id() == before
    days = [START, START + timedelta(days=1)]
    first = w.app.handle(RecordAttendanceBatch(rows=[
        {"internship_id": i, "day": d, "hours": 8, "channel": "host_system", "attested_by_host": True}
        for i in ids for d in days]), actor="host-hr")
    assert first == ids[0]
    assert w.app.recorder.max_notification_id() == before + 6
    for i in ids:
        got = state_at(GttApplication(db_url), i)  # every day's details: a reading fold
        assert sorted(got.attendance) == [d.isoformat() for d in days]
        assert all(a.recorded_by == "host-hr" and a.attested_by_host for a in got.attendance.values())
        assert GttApplication(db_url).get(i, Internship).attendance_book.days() == days


def test_duplicate_day_inside_one_batch_is_refused(db_url, clock):
    w = world(db_url, clock)
    iid = placed_and_started(w)
    with pytest.raises(BatchError, match="batch item 2: .*already recorded"):
        w.app.handle(RecordAttendanceBatch(rows=[{"internship_id": iid, "day": START, "hours": 8},
                                                 {"internship_id": iid, "day": START, "hours": 6}]))
    assert len(w.app.get(iid, Internship).attendance_book) == 0


# --- snapshots --------------------------------------------------------------------------


def test_long_internship_is_snapshotted_and_loads_the_same(db_url, clock):
    w = world(db_url, clock)
    iid = placed_and_started(w)
    w.app.handle(RecordAttendanceBatch(rows=[
        {"internship_id": iid, "day": START + timedelta(days=n), "hours": "7.5", "night_shift": n % 7 == 0}
        for n in range(60)]))
    w.app.handle(RequestLeave(internship_id=iid, asked_on=START, first_day=START + timedelta(days=70),
                              last_day=START + timedelta(days=71), written=True))
    snapshots = list(w.app.snapshots.get(iid))
    assert snapshots, "Internship: 10 in snapshotting_intervals should have taken a snapshot"
    fresh = GttApplication(db_url)
    from_snapshot = fresh.get(iid, Internship)
    replayed = None
    for ev in fresh.events.get(iid):
        replayed = ev.mutate(replayed)
    assert from_snapshot == replayed
    assert len(from_snapshot.attendance_book) == 60 and from_snapshot.leaves[0].written
    assert from_snapshot.attendance is None  # day details stay in the events


# --- generated histories ----------------------------------------------------------------

DAY = st.integers(-3, 15).map(lambda n: (START + timedelta(days=n)).isoformat())
HOURS = st.sampled_from(["-1", "0", "7.5", "8", "12", "25"])
COMMANDS = st.one_of(
    st.fixed_dictionaries({"on": DAY}).map(lambda f: ("internship.start", f)),
    st.fixed_dictionaries({"day": DAY, "hours": HOURS, "night_shift": st.booleans(),
                           "channel": st.sampled_from(["app", "makeup", "fax"])}
                          ).map(lambda f: ("internship.record-attendance", f)),
    st.fixed_dictionaries({"day": DAY, "hours": HOURS}).map(lambda f: ("internship.correct-attendance", f)),
    st.fixed_dictionaries({"day": DAY}).map(lambda f: ("internship.record-absence", f)),
    st.fixed_dictionaries({"asked_on": DAY, "first_day": DAY, "last_day": DAY, "written": st.booleans()}
                          ).map(lambda f: ("internship.request-leave", f)),
    st.fixed_dictionaries({"request": st.integers(-1, 2), "approved": st.booleans(), "decided_on": DAY}
                          ).map(lambda f: ("internship.decide-leave", f)),
    st.fixed_dictionaries({"period_start": DAY, "period_end": DAY, "amount": HOURS, "regular_wage": HOURS,
                           "paid_on": DAY}).map(lambda f: ("internship.record-pay", f)),
    st.fixed_dictionaries({"doc": st.sampled_from(["id_copy", "insurance_policy"]), "provided_on": DAY,
                           "cover_from": DAY, "cover_to": DAY}
                          ).map(lambda f: ("internship.provide-document", f)),
    st.fixed_dictionaries({"by": st.sampled_from(["host", "school"]), "score": HOURS, "on": DAY}
                          ).map(lambda f: ("internship.evaluate", f)),
    st.fixed_dictionaries({"on": DAY}).map(lambda f: ("internship.complete", f)),
    st.fixed_dictionaries({"on": DAY, "reason": st.sampled_from(["", "returned"])}
                          ).map(lambda f: ("internship.terminate", f)),
)


def test_generated_histories_fail_cleanly_and_replay_to_the_live_state(db_url, clock):
    w = world(db_url, clock)
    app = w.app

    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(COMMANDS, min_size=1, max_size=14))
    def run(commands):
        iid = place(w)
        uow = UnitOfWork(app)  # one unit of work kept across commands: its aggregate is live
        live = uow.get(iid, Internship)
        for name, fields in commands:
            try:
                cmd = app.validate((name, {"internship_id": str(iid), **fields}))
                HANDLERS[type(cmd)](uow, cmd, app.meta(actor="gen"))
                app.save_changes(uow)
            except ValidationError as e:
                assert e.errors() and all(err["loc"] for err in e.errors())
            except DomainError as e:
                assert (e.aggregate, e.aggregate_id) == ("internship", iid) and e.reason
            assert not live.pending_events
        assert GttApplication(db_url).get(iid, Internship) == live
        app.take_snapshot(iid)
        fresh = GttApplication(db_url)
        assert list(fresh.snapshots.get(iid))
        assert fresh.get(iid, Internship) == live

    run()


def test_meta_timestamps_come_from_the_clock(db_url, clock):
    w = world(db_url, clock)
    clock.set(datetime(2025, 3, 10, 9, 0, tzinfo=clock.now.tzinfo))
    iid = placed_and_started(w)
    reader = GttApplication(db_url)
    events = list(reader.events.get(iid))
    assert [e.meta.recorded_at for e in events] == [
        datetime(2025, 3, 10, 9, 0, tzinfo=clock.now.tzinfo),
        datetime(2025, 3, 10, 9, 0, 1, tzinfo=clock.now.tzinfo),
    ]
