"""A store to benchmark: ``gtt_domain.demo`` when it exists, else a small generator here.

The fallback writes institutions, students, internships and 180 days of attendance each
through the application, in large batches (one transaction per batch). Scale 1 is about
50,000 events; scale 20 about a million.
"""

from __future__ import annotations

import importlib
import random
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from gtt_domain.application.app import GttApplication

DAYS = 180
START = date(2025, 3, 3)
#: internships per scale unit: 270 x (180 attendance + 2) events + people ~ 50k events
INTERNSHIPS_PER_SCALE = 270
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


def record_attendance(app: GttApplication, iids: list[UUID], rnd: random.Random,
                      days: int = DAYS) -> int:
    """180 days for each internship, ~BATCH_ROWS rows per transaction; returns rows."""
    limit = PG_BATCH_ROWS if app.url.startswith("postgres") else BATCH_ROWS
    per_batch = max(1, limit // days)
    total = 0
    for lo in range(0, len(iids), per_batch):
        rows = [attendance_row(iid, d, rnd) for iid in iids[lo:lo + per_batch]
                for d in school_days(days)]
        app.handle_batch([("internship.record-attendance-batch", {"rows": rows})])
        total += len(rows)
    return total


def generate(url: str, scale: float, seed: int = 7) -> dict[str, object]:
    """Fill the store at ``url``; uses ``gtt_domain.demo`` when it can."""
    demo = _demo_module()
    if demo is not None and hasattr(demo, "generate"):
        info = demo.generate(url, scale=scale, seed=seed)
        return {"generator": "gtt_domain.demo", "info": repr(info)[:200],
                "events": _head(url)}
    rnd = random.Random(seed)
    app = GttApplication(url, clock=StepClock(), actor="bench")
    try:
        iids = setup_internships(app, max(2, int(INTERNSHIPS_PER_SCALE * scale)), rnd)
        record_attendance(app, iids, rnd)
        return {"generator": "benchmarks.store", "internships": len(iids),
                "events": int(app.recorder.max_notification_id() or 0)}
    finally:
        app.close()


def _head(url: str) -> int:
    app = GttApplication(url)
    try:
        return int(app.recorder.max_notification_id() or 0)
    finally:
        app.close()


def _demo_module():  # type: ignore[no-untyped-def]
    try:
        return importlib.import_module("gtt_domain.demo")
    except ImportError:
        return None
