"""Helpers for the issue 16 tamper tests: the installed ``gtt`` in a subprocess and raw
SQL on the stores (SQLite file and PostgreSQL schema), as an intruder would use them."""

from __future__ import annotations

import sys
from pathlib import Path

_TESTS = Path(__file__).resolve().parents[1]
for _sub in ("cli", "integrity"):  # installed.py, integrity_tamper.py, integrity_history.py
    if str(_TESTS / _sub) not in sys.path:
        sys.path.insert(0, str(_TESTS / _sub))

from installed import gtt, user_env  # noqa: E402
from integrity_history import TOOL, record  # noqa: E402
from integrity_tamper import Raw, raw  # noqa: E402

__all__ = ["TOOL", "Raw", "gtt", "raw", "record", "run", "user_env"]


def run(url: str, *args: str, **env: str):
    """``gtt --db URL ARGS…`` as a user runs it (a fresh process)."""
    return gtt("--db", url, *args, env=user_env(**env))
