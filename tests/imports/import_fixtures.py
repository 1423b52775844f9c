"""Files and a seeded store for the import tests: two schools' interns, started."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path

from gtt_domain.application import GttApplication
from gtt_domain.commands.internship import StartInternship
from gtt_domain.domain.base import natural_id
from gtt_domain.imports import import_file

START = date(2025, 3, 3)
INTERNS = ("I1", "I2", "I3", "I4")


def write_csv(path: Path, header: list[str], rows: list[list[object]], *, bom: bool = False) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def seed(app: GttApplication, tmp: Path) -> None:
    """Institutions, students and internships through the importer itself, then started."""
    report = import_file(app, write_csv(tmp / "inst.csv", ["external_id", "kind", "name", "region"], [
        ["SCH1", "school", "Anxi Vocational College", "Anxi"],
        ["ENT1", "enterprise", "Gree Training Base", "Zhuhai"],
    ]), "institutions")
    assert report.ok and report.written == 2
    students = [[f"S{n}", "student", f"Student {n}", "SCH1"] for n in range(1, 5)]
    report = import_file(app, write_csv(tmp / "persons.csv", ["student_number", "kind", "name", "institution"],
                                        students), "persons")
    assert report.ok and report.written == 4, report
    places = [[ext, f"S{n}", "SCH1", "ENT1", "post", "AC assembly", START.isoformat(), "2025-12-31"]
              for n, ext in enumerate(INTERNS, start=1)]
    report = import_file(app, write_csv(tmp / "interns.csv", [
        "external_id", "student_number", "school", "host", "kind", "post", "planned_start", "planned_end",
    ], places), "internships")
    assert report.ok and report.written == 4, report
    app.handle_batch([StartInternship(internship_id=natural_id("internship", i), on=START) for i in INTERNS])


def attendance_rows(n: int) -> list[list[object]]:
    """``n`` rows: internships in turn, one day each (distinct (internship, day) keys)."""
    return [[INTERNS[i % 4], (START + timedelta(days=i // 4)).isoformat(), "8"] for i in range(n)]


def events(app: GttApplication) -> int:
    return app.recorder.max_notification_id() or 0
