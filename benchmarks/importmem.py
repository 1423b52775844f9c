"""Memory of a large attendance import: ``gtt_domain.imports.import_file`` on a CSV of
N rows, in a child process of its own, at N and N/10 rows.

Issue 6 promises that large files stream: peak RSS must not grow with the file. The
store is seeded through the importer itself (a school, hosts, students, internships,
then the internships started); the attendance CSV lists each internship's days in turn,
as a host's system exports them per intern. Peak RSS is the child's ``VmHWM``.
"""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path
from typing import Any

from benchmarks.common import Figure
from benchmarks.store import DAYS, START
from benchmarks.subproc import child

HOSTS = 20


def interns_for(rows: int) -> int:
    return max(1, -(-rows // DAYS))


def write_files(folder: Path, rows: int) -> dict[str, Path]:
    """The seed CSVs and an attendance CSV of exactly ``rows`` rows."""
    folder.mkdir(parents=True, exist_ok=True)
    n = interns_for(rows)
    files = {name: folder / f"{name}.csv" for name in ("institutions", "persons", "internships",
                                                       "attendance")}
    _write(files["institutions"], ["external_id", "kind", "name", "region"],
           [["SCH", "school", "Vocational College", "Anxi"]]
           + [[f"ENT{h}", "enterprise", f"Enterprise {h}", "Zhuhai"] for h in range(HOSTS)])
    _write(files["persons"], ["student_number", "kind", "name", "institution"],
           ([f"S{i}", "student", f"Student {i}", "SCH"] for i in range(n)))
    end = (START + timedelta(days=DAYS + 10)).isoformat()
    _write(files["internships"], ["external_id", "student_number", "school", "host", "kind", "post",
                                  "planned_start", "planned_end"],
           ([f"I{i}", f"S{i}", "SCH", f"ENT{i % HOSTS}", "post", "assembly", START.isoformat(), end]
            for i in range(n)))
    days = [(START + timedelta(days=d)).isoformat() for d in range(DAYS)]
    _write(files["attendance"], ["internship", "day", "hours", "channel", "attested_by_host"],
           ([f"I{k // DAYS}", days[k % DAYS], "8", "host_system", "true"] for k in range(rows)))
    return files


def _write(path: Path, header: list[str], rows: Any) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def seed(url: str, folder: str) -> dict[str, Any]:
    """Child work: import the seed files and start every internship."""
    from gtt_domain.application.app import GttApplication
    from gtt_domain.domain.base import natural_id
    from gtt_domain.imports import import_file

    app = GttApplication(url, actor="bench")
    try:
        for kind in ("institutions", "persons", "internships"):
            report = import_file(app, Path(folder) / f"{kind}.csv", kind, batch_size=2000)
            if not report.ok:
                raise SystemExit(f"seed {kind}: {report.errors[:3]}")
        n = sum(1 for _ in (Path(folder) / "internships.csv").open()) - 1
        for lo in range(0, n, 2000):
            app.handle_batch([("internship.start", {"internship_id": str(natural_id("internship", f"I{i}")),
                                                    "on": START.isoformat()})
                              for i in range(lo, min(n, lo + 2000))])
        return {"internships": n}
    finally:
        app.close()


def import_attendance(url: str, path: str) -> dict[str, Any]:
    """Child work: the measured import."""
    from gtt_domain.application.app import GttApplication
    from gtt_domain.imports import import_file

    app = GttApplication(url, actor="bench")
    try:
        report = import_file(app, path, "attendance")
        if not report.ok:
            raise SystemExit(f"attendance import failed: {report.errors[:3]} {report.refused}")
        return {"rows": report.rows, "written": report.written, "batches": report.batches}
    finally:
        app.close()


def measure(work: Path, rows: int) -> dict[str, Any]:
    """Seed a fresh store, then import ``rows`` attendance rows in a child; its figures."""
    folder = work / f"import-{rows}"
    files = write_files(folder, rows)
    store = folder / "store.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{store}"
    child(["import-seed", url, str(folder)])
    out = child(["import", url, str(files["attendance"])])
    out["file_mb"] = files["attendance"].stat().st_size / 1e6
    out["rows_per_s"] = out["written"] / out["seconds"]
    return out


def run(work: Path, rows: int) -> list[Figure]:
    """The large import's peak RSS, and the same at a tenth of the rows for comparison."""
    small_rows = max(DAYS, rows // 10)
    small = measure(work, small_rows)
    large = measure(work, rows)
    growth = large["peak_rss_mb"] / small["peak_rss_mb"]
    detail = {"rows": rows, "large": large, "small": small, "peak_ratio_large_over_small": growth,
              "verdict": "constant memory" if growth <= 1.25 else "memory grows with the file"}
    return [Figure("memory: import", "peak RSS MB", large["peak_rss_mb"], None,
                   "ours <= 500", higher_is_better=False, runs=1, detail=detail)]
