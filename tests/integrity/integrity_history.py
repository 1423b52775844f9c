"""A small recorded history spread over several aggregates (institution commands only)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any
from uuid import UUID

from gtt_domain import GttApplication
from gtt_domain.commands.institution import OpenDepartment, RegisterInstitution, RenameInstitution
from gtt_domain.integrity import export_events

TOOL = Path(__file__).resolve().parents[2] / "tools" / "gtt_verify.py"


def record(app: GttApplication, n: int = 3) -> list[UUID]:
    """``4 * n`` events, interleaved across ``n`` institutions."""
    ids = [app.handle(RegisterInstitution(kind="school", name=f"School {i}", region="Anxi"))
           for i in range(n)]
    for i, iid in enumerate(ids):
        app.handle(OpenDepartment(institution_id=iid, name="Welding", teacher_count=3 + i))
    for i, iid in enumerate(ids):
        app.handle(RenameInstitution(institution_id=iid, name=f"Anxi School {i}"))
        app.handle(OpenDepartment(institution_id=iid, name="Nursing", teacher_count=2))
    return ids


def standalone(app: GttApplication, tmp_path: Path, *args: str) -> tuple[int, dict[str, Any]]:
    """Export the store and run tools/gtt_verify.py on it in a fresh interpreter."""
    out = tmp_path / "events.jsonl"
    with out.open("w", encoding="utf-8") as f:
        export_events(app, f)
    proc = subprocess.run([sys.executable, str(TOOL), str(out), "--json", *args],
                          capture_output=True, text=True, check=False)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)
