"""The attendance handler never reads: it works on a RowWriter with no database session
(``RowWriter.get`` would raise), and a batch of days merges into one internship update."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from uuid import uuid4

from gtt_projections.models.internships import Internships, internship_attendance, internships
from gtt_projections.writer import Inc, RowWriter

from gtt_domain.domain.internship import Internship
from gtt_domain.domain.meta import EventMeta

T0 = datetime(2025, 3, 1, tzinfo=UTC)
START = date(2025, 3, 10)


def started_with_days(n: int) -> list:
    meta = EventMeta(actor="clerk", recorded_at=T0)
    agg = Internship.place(
        id=uuid4(), student_id=str(uuid4()), school_id=str(uuid4()), host_id=str(uuid4()),
        agreement_id=None, kind="post", programme="none", post="AC assembly",
        post_category="ordinary", planned_start=START, planned_end=START + timedelta(days=90),
        external_id=None, meta=meta)
    agg.start(START, meta)
    for i in range(n):
        agg.record_attendance(START + timedelta(days=i), Decimal("7.5"), meta, night_shift=i % 2 == 0,
                              overtime_hours=Decimal("0.5"))
    return agg.collect_events()


def test_attendance_days_need_no_reads_and_merge_into_one_update():
    projection = Internships.__new__(Internships)  # handlers only; no view, no database
    rows = RowWriter(Internships.tables)
    events = started_with_days(5)
    for e in events[2:]:  # placed and started in an earlier batch: the row is not in memory
        projection.apply(e, rows)
    pending = rows._rows  # the buffer flush() would write
    assert len(pending["internship_attendance"]) == 5
    [(kind, values)] = pending["internships"].values()
    assert kind == "update"
    assert values["attendance_days"] == Inc(5)
    assert values["attendance_hours"] == Inc(Decimal("37.5"))
    assert values["overtime_hours"] == Inc(Decimal("2.5"))
    assert values["night_shifts"] == Inc(3)
    assert values["version"] == events[-1].originator_version


def test_in_one_batch_with_the_placement_the_row_is_inserted_once():
    projection = Internships.__new__(Internships)
    rows = RowWriter(Internships.tables)
    for e in started_with_days(3):
        projection.apply(e, rows)
    [(kind, values)] = rows._rows["internships"].values()
    assert (kind, values["status"], values["attendance_days"], values["attendance_hours"]) == (
        "insert", "started", 3, Decimal("22.5"))
    assert {k[1] for k in rows._rows["internship_attendance"]} == {START + timedelta(days=i) for i in range(3)}
    assert internships.name in rows.tables and internship_attendance.name in rows.tables
