"""The test vectors of docs/integrity.md: tools/gtt_verify.py (a separate implementation)
and the library's ``verify_export`` reach the verdict each case requires."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from integrity_history import TOOL

from gtt_domain.integrity import read_receipt, verify_export
from gtt_domain.integrity.verify_export import ExportFormatError

VECTORS = Path(__file__).resolve().parent / "vectors"
CASES = json.loads((VECTORS / "vectors.json").read_text(encoding="utf-8"))["cases"]


def case_id(case: dict) -> str:
    extra = [Path(k).stem for k in case.get("public_keys", [])] + [Path(r).stem for r in case.get("receipts", [])]
    if "signed_from" in case:
        extra.append(f"from{case['signed_from']}")
    return "-".join([Path(case["file"]).stem, *extra])


def library_verdict(case: dict) -> tuple[int, str | None, int | None]:
    receipts = [read_receipt(VECTORS / r) for r in case.get("receipts", [])]
    keys = [VECTORS / k for k in case.get("public_keys", [])]
    try:
        with (VECTORS / case["file"]).open(encoding="utf-8", newline="\n") as f:
            report = verify_export(f, keys, receipts=receipts, signed_from=case.get("signed_from", 1))
    except ExportFormatError:
        return 2, "format", None
    if report.problem is None:
        return report.exit_code, "empty" if report.empty else None, None
    return report.exit_code, report.problem.kind, report.problem.position


def tool_verdict(case: dict) -> tuple[int, str | None, int | None]:
    args = [sys.executable, str(TOOL), str(VECTORS / case["file"]), "--json"]
    for k in case.get("public_keys", []):
        args += ["--public-key", str(VECTORS / k)]
    for r in case.get("receipts", []):
        args += ["--receipt", str(VECTORS / r)]
    if "signed_from" in case:
        args += ["--signed-from", str(case["signed_from"])]
    proc = subprocess.run(args, capture_output=True, text=True, check=False)
    if proc.returncode == 2 and not proc.stdout:
        assert proc.stderr.startswith("error: ") and proc.stderr.count("\n") == 1, proc.stderr
        return 2, "format", None
    report = json.loads(proc.stdout)
    problem = report["problem"]
    if problem is None:
        return proc.returncode, "empty" if report["empty"] else None, None
    return proc.returncode, problem["kind"], problem["position"]


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_both_verifiers_reach_the_required_verdict(case):
    required = (case["exit"], case["kind"], case["position"])
    assert library_verdict(case) == required
    assert tool_verdict(case) == required


def test_the_vectors_cover_every_verdict():
    kinds = {c["kind"] for c in CASES}
    assert kinds >= {None, "altered", "deleted", "inserted", "seal", "signature", "rollback", "view",
                     "untrusted", "unreadable", "format", "empty"}
    assert {c["exit"] for c in CASES} == {0, 1, 2}
