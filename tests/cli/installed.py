"""The installed ``gtt`` console script, run as a user runs it: a fresh process each time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

#: environment a user's shell may carry that must not leak into the tests
SCRUBBED = ("GTT_DATABASE_URL", "GTT_READ_DATABASE_URL", "GTT_ACTOR", "GTT_LANG", "GTT_DEBUG",
            "NO_COLOR", "GTT_CIPHER_KEY", "GTT_SEAL_KEY", "GTT_SEAL_PUBLIC_KEY", "GTT_POLICY",
            "GTT_ROLES_FILE", "GTT_ERASE_TIMEOUT")


def gtt_script() -> Path:
    """The console script pip installed beside this interpreter (never skipped: a missing
    script is exactly the failure these tests exist for)."""
    path = Path(sys.executable).parent / "gtt"
    assert path.is_file() and os.access(path, os.X_OK), f"the gtt console script is not installed at {path}"
    return path


def user_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    env.update({"GTT_ACTOR": "tester", "COLUMNS": "100"})
    env.update(extra)
    return env


def gtt(*args: str, cwd: Path | str | None = None, env: dict[str, str] | None = None,
        input: str | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """``gtt ARGS…`` in a new process; stdout and stderr captured as text."""
    return subprocess.run([str(gtt_script()), *args], cwd=cwd, env=env or user_env(),
                          input=input, capture_output=True, text=True, timeout=timeout)
