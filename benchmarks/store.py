"""Stores to benchmark: the demo's history for the store figures (``generate``), and
small synthetic internships with attendance for the write figures (single, bulk,
writers): schools, hosts, students and started internships written through the
application in large batches, then 180 days of attendance each.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from gtt_domain.application.app import GttApplication

DAYS = 180
START = date(2025, 3, 3)
BATCH_ROWS = 9_000
#: on PostgreSQL a 9,000-event insert stalled (server waiting on the client for minutes,
#: eventsourcing 9.5 + psycopg 3); 1,800 rows per transaction does not
PG_BATCH_ROWS = 1_800


class StepClock:
    """A deterministic clock for generated facts (one second per reading)."""

    def __init__(self) -> None:
        self.now = datetime(2025, 1, 2, 8, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def attendance_row(iid: UUID, day: date, rnd: random.Random) -> dict[str, object]:
    """One day's attendance as the importer and the CLI would send it."""
    return {"internship_id": str(iid), "day": day.isoformat(),
            "hours": str(rnd.choice([8, 8, 8, 7.5, 9])), "channel": "host_system",
            "attested_by_host": True, "location": "22.27,113.57", "device": "gate-3"}


def school_days(n: int = DAYS) -> list[date]:
    return [START + timedelta(days=i) for i in range(n)]


def setup_internships(app: GttApplication, count: int, rnd: random.Random) -> list[UUID]:
    """Schools, hosts, students and started internships (no attendance yet)."""
    groups = max(1, count // 50)
    schools = app.handle_batch([("institution.register", {
        "kind": "school", "name": f"Vocational School {g}", "region": f"County {g % 100}"})
        for g in range(groups)])
    hosts = app.handle_batch([("institution.register", {
        "kind": "enterprise", "name": f"Enterprise {g}", "region": f"City {g % 30}"})
        for g in range(groups)])
    iids: list[UUID] = []
    for lo in range(0, count, 1000):
        n = min(1000, count - lo)
        students = app.handle_batch([("person.register", {
            "kind": "student", "name": f"Student {lo + i}",
            "home_institution_id": str(schools[(lo + i) % groups])}) for i in range(n)])
        placed = app.handle_batch([("internship.place", {
            "student_id": str(s), "school_id": str(schools[(lo + i) % groups]),
            "host_id": str(hosts[(lo + i) % groups]), "kind": "post", "post": "assembly",
            "planned_start": START.isoformat(),
            "planned_end": (START + timedelta(days=DAYS)).isoformat()})
            for i, s in enumerate(students)])
        app.handle_batch([("internship.start", {"internship_id": str(i),
                                                "on": START.isoformat()}) for i in placed])
        iids.extend(placed)
    return iids


def attendance_batches(app: GttApplication, iids: list[UUID], rnd: random.Random,
                       days: int = DAYS) -> list[list[dict[str, object]]]:
    """180 days for each internship, ~BATCH_ROWS rows per transaction, as the rows an
    importer or a service would hand to ``handle_batch`` (built before any timing)."""
    limit = PG_BATCH_ROWS if app.url.startswith("postgres") else BATCH_ROWS
    per_batch = max(1, limit // days)
    return [[attendance_row(iid, d, rnd) for iid in iids[lo:lo + per_batch] for d in school_days(days)]
            for lo in range(0, len(iids), per_batch)]


def record_batches(app: GttApplication, batches: list[list[dict[str, object]]]) -> int:
    """Record each batch of rows in one transaction; returns rows."""
    for rows in batches:
        app.handle_batch([("internship.record-attendance-batch", {"rows": rows})])
    return sum(map(len, batches))


def generate(url: str, scale: float, seed: int = 7) -> dict[str, object]:
    """Fill the store at ``url`` with ``gtt demo``'s history (scale 20 is about 1M events)."""
    from gtt_domain.demo import DemoApplication, DemoClock, run_demo
    from gtt_domain.demo.calendar import START as DEMO_START

    clock = DemoClock(DEMO_START)
    app = DemoApplication(url, seed=seed, clock=clock, actor="demo")
    try:
        summary = run_demo(app, clock, seed=seed, scale=scale)
        return {"generator": "gtt_domain.demo", "seed": seed, "transactions": summary.transactions,
                "events": int(app.recorder.max_notification_id() or 0)}
    finally:
        app.close()
