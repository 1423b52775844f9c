"""``python -m benchmarks.report [results.json]``: the results as Markdown for BENCHMARKS.md."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def num(v: float | None) -> str:
    if v is None:
        return "—"
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.2f}"


def markdown(res: dict[str, Any]) -> str:
    m = res["machine"]
    lines = [f"Run {res['date']} → {res.get('finished', '?')} UTC; "
             f"{m['cores']} cores, Python {m['python']}, SQLite {m['sqlite']}, "
             f"PostgreSQL {m.get('postgresql', 'not run')}; load average at start "
             f"{', '.join(f'{x:.1f}' for x in m['load_avg_at_start'])}.", "",
             "| figure | ours | baseline | unit | ratio | goal | met |",
             "|---|---:|---:|---|---:|---|---|"]
    for f in res["figures"]:
        if not f["available"]:
            lines.append(f"| {f['name']} | n/a | | {f['unit']} | | {f['goal']} | — ({f['note']}) |")
            continue
        met = {True: "yes", False: "**no**", None: "—"}[f["goal_met"]]
        ratio = f"{f['ratio']:.2f}×" if f["ratio"] is not None else "—"
        lines.append(f"| {f['name']} | {num(f['ours'])} | {num(f['baseline'])} | {f['unit']} | "
                     f"{ratio} | {f['goal']} | {met} |")
    if res.get("growth"):
        lines += ["", "| growth | small scale | large scale | small | large | per-unit cost × | verdict |",
                  "|---|---:|---:|---:|---:|---:|---|"]
        for g in res["growth"]:
            lines.append(f"| {g['figure']} ({g['unit']}) | {g['small_scale']:g} | {g['large_scale']:g} | "
                         f"{num(g['small'])} | {num(g['large'])} | {g['per_unit_cost_factor']:.2f} | "
                         f"{g['verdict']} |")
    return "\n".join(lines)


if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "results.json"
    print(markdown(json.loads(path.read_text())))
