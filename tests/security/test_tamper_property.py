"""Generated histories, seals with receipts and rollbacks (SQLite file): ``verify`` with
every receipt fails exactly when the rollback removed an event some receipt sealed, names
the earliest such receipt, and the standalone verifier reaches the same verdict."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tamper_support import TOOL, raw

from gtt_domain import GttApplication
from gtt_domain.commands.institution import RegisterInstitution, RenameInstitution
from gtt_domain.integrity import export_events, seal, verify
from gtt_domain.integrity.store import IntegrityStore

_counter = itertools.count()


@st.composite
def cases(draw):
    steps = draw(st.lists(st.one_of(st.integers(0, 2), st.just("seal")), min_size=1, max_size=14))
    n = 3 + sum(1 for s in steps if s != "seal")
    keep = draw(st.integers(0, n))  # positions 1..keep survive the rollback
    return steps, keep


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=cases())
def test_a_rollback_fails_exactly_when_it_removes_what_a_receipt_sealed(tmp_path, clock, case):
    steps, keep = case
    run = next(_counter)
    url = f"sqlite:///{tmp_path / f'r{run}.sqlite3'}"
    app = GttApplication(url, clock=clock)
    ids = [app.handle(RegisterInstitution(kind="enterprise", name=f"E{i}", region="Anxi")) for i in range(3)]
    receipts, sealed = [], []
    for i, step in enumerate(steps):
        if step == "seal":
            path = tmp_path / f"r{run}-{len(receipts) + 1}.json"
            row = seal(app, receipt=path)
            receipts.append(path)
            sealed.append(row)
        else:
            app.handle(RenameInstitution(institution_id=ids[step], name=f"E{step} v{i}"))
    IntegrityStore(url).close()  # its tables, even when nothing was sealed
    with raw(url) as r:  # roll back: the tail and every seal after the last one it keeps whole
        r.sql("DELETE FROM stored_events WHERE rowid > ?", keep)
        r.sql("DELETE FROM gtt_integrity_chain WHERE position > ?", keep)
        r.sql("DELETE FROM gtt_integrity_seals WHERE position > ?", keep)
    report = verify(app, receipts=receipts)
    lost = [s for s in sealed if s.position > keep]
    if not lost:
        assert report.exit_code == (0 if keep else 2), report.summary()
    else:
        assert report.exit_code == 1 and report.problem is not None
        assert (report.problem.kind, report.problem.position) == ("rollback", lost[0].position)

    out = tmp_path / f"r{run}.jsonl"
    with out.open("w", encoding="utf-8") as f:
        export_events(app, f)
    args = [sys.executable, str(TOOL), str(out), "--json"]
    for p in receipts:
        args += ["--receipt", str(p)]
    proc = subprocess.run(args, capture_output=True, text=True, check=False)
    assert proc.returncode == report.exit_code, proc.stderr
    tool = json.loads(proc.stdout)
    assert (tool["problem"] or {}).get("position") == (report.problem.position if report.problem else None)
    app.close()
