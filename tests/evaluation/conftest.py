from __future__ import annotations

import time
from pathlib import Path

import pytest
from eval_history import Recorder

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
_STARTED = time.time()


@pytest.fixture
def rec(db_url, clock) -> Recorder:
    return Recorder(db_url, clock)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Say where the report tests left their screenshots and PDFs (test-artifacts/)."""
    written = sorted(p for p in ARTIFACTS.glob("*") if p.is_file() and p.stat().st_mtime >= _STARTED)
    if written:
        terminalreporter.section("test artefacts")
        for path in written:
            terminalreporter.write_line(f"{path} ({path.stat().st_size:,} bytes)")
