"""Issue 17: four writer processes of the installed ``gtt``, on one SQLite file and on
PostgreSQL, each storing every acknowledged command exactly once.

Four threads each run a stream of ``gtt institution open-department`` commands, one
process per command as a user's script would: every other command on an institution all
four share (so they conflict), the rest on the stream's own. A command is acknowledged
when it exits 0 and prints the id. One that fails must say why on one line (a conflict
that outlasted the CLI's retries) and is run again, as a user would, with the same
correlation id. Afterwards the stored ``DepartmentOpened`` events are exactly the
acknowledged commands, each once, and nothing else was recorded.
"""

from __future__ import annotations

import threading
from collections import Counter
from uuid import UUID

import pytest
from faults import gtt

from gtt_domain.application import GttApplication
from gtt_domain.commands.institution import RegisterInstitution
from gtt_domain.domain.institution import Institution

WRITERS = 4
COMMANDS = 8  # per writer: 4 on the shared institution, 4 on its own
RUNS = 6  # a failed command is run again at most this often


def _stream(url: str, writer: int, shared: str, own: str, out: dict[str, object]) -> None:
    acked: list[tuple[str, str]] = []
    failures: list[str] = []
    for k in range(COMMANDS):
        target = shared if k % 2 == 0 else own
        name = f"w{writer}-d{k}"
        for _ in range(RUNS):
            result = gtt("--db", url, "--actor", f"writer-{writer}", "institution", "open-department",
                         "--institution-id", target, "--name", name, "--teacher-count", str(k),
                         "--correlation-id", name)
            if result.returncode == 0:
                assert UUID(result.stdout.strip()) == UUID(target)
                acked.append((target, name))
                break
            failures.append(result.stderr)
        else:
            failures.append(f"{name}: never acknowledged")
    out[f"acked-{writer}"] = acked
    out[f"failures-{writer}"] = failures


@pytest.mark.slow
def test_four_cli_writers_store_every_acknowledged_command_once(db_url):
    app = GttApplication(db_url, actor="setup")
    shared = str(app.handle(RegisterInstitution(kind="school", name="Shared", region="Anxi")))
    owns = [str(app.handle(RegisterInstitution(kind="enterprise", name=f"Own {i}", region="Anxi")))
            for i in range(WRITERS)]
    app.close()

    out: dict[str, object] = {}
    threads = [threading.Thread(target=_stream, args=(db_url, w, shared, owns[w], out)) for w in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=900)
    failures = [f for w in range(WRITERS) for f in out[f"failures-{w}"]]  # type: ignore[union-attr]
    for f in failures:  # a failure is one line naming the conflict, never anything else
        assert f.count("\n") == 1 and f.startswith("Error: conflict: another writer changed"), f
    acked = Counter((t, n, f"writer-{w}") for w in range(WRITERS) for t, n in out[f"acked-{w}"])  # type: ignore[union-attr]
    assert sum(acked.values()) == WRITERS * COMMANDS and max(acked.values()) == 1

    app = GttApplication(db_url)
    stored: Counter[tuple[str, str, str]] = Counter()
    for iid in (shared, *owns):
        for e in app.events.get(UUID(iid)):
            if isinstance(e, Institution.DepartmentOpened):
                assert e.meta.correlation_id == e.name
                stored[(iid, e.name, e.meta.actor)] += 1
    assert stored == acked  # every acknowledged command once, nothing unacknowledged
    # and nothing else at all (counted, not the highest id: PostgreSQL leaves gaps where a
    # conflicting insert was rolled back)
    log = app.recorder.select_notifications(start=1, limit=10_000)
    assert len(log) == 1 + WRITERS + WRITERS * COMMANDS
    app.close()
