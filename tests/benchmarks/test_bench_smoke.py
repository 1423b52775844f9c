"""A tiny-scale run of ``python -m benchmarks``: the command works end to end and writes
results.json with the documented structure. No timings are asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIELDS = {"name", "unit", "ours", "baseline", "ratio", "goal", "goal_met", "runs", "available",
          "detail", "note", "higher_is_better"}


def run_bench(tmp_path: Path, *args: str) -> dict:
    out = tmp_path / "results.json"
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--scale", "0.02", "--runs", "1",
         "--workdir", str(tmp_path / "work"), "--out", str(out), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "wrote" in proc.stdout
    return json.loads(out.read_text())


def check_figure(f: dict) -> None:
    assert FIELDS <= set(f), f
    if not f["available"]:
        assert f["note"], f  # a missing row says why
        return
    assert f["ours"] > 0
    assert f["runs"] >= 1
    if f["baseline"] is not None:
        assert f["baseline"] > 0
        assert f["ratio"] == pytest.approx(f["ours"] / f["baseline"])
    if f["goal"]:
        assert isinstance(f["goal_met"], bool)


def test_sqlite_figures(tmp_path):
    res = run_bench(tmp_path, "--only", "single", "bulk", "rebuild", "verify", "cli",
                    "timetravel", "memory", "growth", "--growth-from", "0.01")
    assert {"cores", "python", "sqlite"} <= set(res["machine"])
    names = [f["name"] for f in res["figures"]]
    assert names == ["single command", "bulk events", "rebuild", "verify", "CLI query",
                     "time travel", "memory: rebuild", "memory: import"]
    for f in res["figures"]:
        check_figure(f)
    by = {f["name"]: f for f in res["figures"]}
    assert by["verify"]["detail"]["verified_ok"] is True
    assert by["time travel"]["detail"]["found"] is True
    imported = by["memory: import"]["detail"]
    assert imported["large"]["written"] == imported["rows"] == 1000  # 50,000 x scale
    assert imported["small"]["written"] == 180  # a tenth, at least one internship's days
    assert by["rebuild"]["detail"]["events"] == res["stores"]["0.02"]["events"] > 0
    assert {g["figure"] for g in res["growth"]} <= {"rebuild", "verify", "CLI query", "time travel"}
    assert res["growth"], "growth rows compare the two scales"


@pytest.mark.postgres
def test_postgres_figures(tmp_path, pg_url):
    res = run_bench(tmp_path, "--only", "postgres", "--postgres", pg_url.split("?")[0])
    assert "postgresql" in res["machine"]
    names = [f["name"] for f in res["figures"]]
    assert names == ["pg single command", "pg bulk events", "pg rebuild", "pg 4 writers vs 1"]
    for f in res["figures"]:
        check_figure(f)


def test_long_internship_and_snapshot_figures(tmp_path):
    """Issue 17's figures: their rows, and what they measured (not how fast)."""
    res = run_bench(tmp_path, "--only", "longrun", "snapshots")
    names = [f["name"] for f in res["figures"]]
    assert names == ["attendance at day 1,000 vs 10", "snapshot bytes vs event bytes"]
    for f in res["figures"]:
        check_figure(f)
    long, snaps = res["figures"]
    assert long["detail"]["long_internship_store"]["events"] == 1_000 + 50 + 2  # placed, started
    assert long["detail"]["snapshot_version_kept"] == [1_050]  # one snapshot, the latest
    assert snaps["detail"]["events"] == res["stores"]["0.02"]["events"] > 0
