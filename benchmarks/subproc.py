"""Work run in a child process, so peak RSS (``ru_maxrss``) belongs to that work alone.

``python -m benchmarks.subproc generate URL SCALE`` / ``rebuild URL`` / ``import-seed URL DIR``
/ ``import URL CSV`` print one JSON line.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from typing import Any


def child(args: list[str]) -> dict[str, Any]:
    """Run ``python -m benchmarks.subproc ARGS`` and return its JSON answer."""
    out = subprocess.run([sys.executable, "-m", "benchmarks.subproc", *args],
                         check=True, capture_output=True, text=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main(argv: list[str]) -> dict[str, Any]:
    t0 = time.perf_counter()
    what, url = argv[0], argv[1]
    out: dict[str, Any]
    if what == "generate":
        from benchmarks.store import generate

        out = generate(url, float(argv[2]))
    elif what == "import-seed":
        from benchmarks.importmem import seed

        out = seed(url, argv[2])
    elif what == "import":
        from benchmarks.importmem import import_attendance

        out = import_attendance(url, argv[2])
    elif what == "rebuild":
        from benchmarks.rebuild import rebuild_all

        out = {"events": rebuild_all(url)}
    else:
        raise SystemExit(f"unknown work {what!r}")
    out["seconds"] = time.perf_counter() - t0
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def peak_rss_mb() -> float:
    """This process's peak RSS. Linux keeps ``ru_maxrss`` across fork+exec, so a child
    of a large parent reports the parent's peak; ``VmHWM`` belongs to this image alone."""
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
