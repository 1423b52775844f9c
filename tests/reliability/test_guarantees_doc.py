"""Every test that docs/guarantees.md cites exists (a renamed test must update the table)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_every_cited_test_exists():
    text = (ROOT / "docs" / "guarantees.md").read_text()
    cited = set(re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", text))
    assert len(cited) >= 30
    missing = [f"{path}::{name}" for path, name in sorted(cited)
               if not (ROOT / path).is_file()
               or not re.search(rf"^def {name}\(", (ROOT / path).read_text(), re.MULTILINE)]
    assert missing == []
