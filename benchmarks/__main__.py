"""``python -m benchmarks [--scale S] [--runs 3] [--only NAME ...] [--postgres URL]``

Prints a table and writes benchmarks/results.json (see BENCHMARKS.md). Every figure is a
median of ``--runs`` runs with its baseline run alternately in the same process.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import (
    audit_fig,
    bulk,
    cliquery,
    importmem,
    longrun,
    rebuild,
    single,
    timetravel_fig,
    verify_fig,
)
from benchmarks.common import Figure
from benchmarks.subproc import child

NAMES = ("single", "bulk", "rebuild", "verify", "cli", "timetravel", "audit", "memory", "postgres",
         "growth", "longrun", "snapshots")
#: figures that are whole-log totals, not per-unit costs: left out of the growth rows
TOTALS = {"audit run vs replay", "audit run vs institutions list", "memory: audit run",
          "audit as-of/known-at vs replay", "evaluate group vs replay", "memory: evaluate group",
          "snapshot bytes vs event bytes"}
HERE = Path(__file__).resolve().parent


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    p.add_argument("--scale", type=float, default=1.0,
                   help="store size: 1 is ~50k events, 20 is ~1M (default 1)")
    p.add_argument("--runs", type=int, default=3, help="runs per figure, median taken (>= 3)")
    p.add_argument("--only", nargs="+", choices=NAMES, metavar="NAME",
                   help=f"run only these figures: {', '.join(NAMES)}")
    p.add_argument("--postgres", default=os.environ.get("GTT_BENCH_POSTGRES_URL"),
                   help="PostgreSQL URL (a schema bench_xxx is created and dropped); "
                        "default $GTT_BENCH_POSTGRES_URL; without it the PostgreSQL rows are skipped")
    p.add_argument("--pg-scale", type=float, default=None,
                   help="store size for the PostgreSQL rebuild (default min(scale, 1))")
    p.add_argument("--growth-from", type=float, default=None,
                   help="small scale to compare against (default scale/10 when scale >= 2)")
    p.add_argument("--bulk-events", type=int, default=None,
                   help="events per bulk run (default 5,000 x scale, 1,800 to 90,000)")
    p.add_argument("--import-rows", type=int, default=None,
                   help="rows of the attendance CSV whose import memory is measured "
                        "(default 50,000 x scale: 1M at scale 20)")
    p.add_argument("--reuse-store", action="store_true",
                   help="keep a store already generated in --workdir for this scale and seed")
    p.add_argument("--workdir", default=None, help="where the SQLite stores go (default: a temp dir)")
    p.add_argument("--out", default=str(HERE / "results.json"))
    return p.parse_args(argv)


def machine(pg_url: str | None) -> dict[str, Any]:
    info: dict[str, Any] = {"cores": os.cpu_count(), "python": platform.python_version(),
                            "sqlite": sqlite3.sqlite_version, "platform": platform.platform(),
                            "load_avg_at_start": os.getloadavg()}
    if pg_url:
        from benchmarks.postgres_fig import server_version

        info["postgresql"] = server_version(pg_url)
    return info


def store_figures(url: str, runs: int, wanted: set[str]) -> list[Figure]:
    out: list[Figure] = []
    if "rebuild" in wanted:
        out.append(rebuild.run(url, runs))
    if "verify" in wanted:
        out.append(verify_fig.run(url, runs))
    if "cli" in wanted:
        out.append(cliquery.run(url, runs))
    if "timetravel" in wanted:
        out.append(timetravel_fig.run(url, runs))
    if "audit" in wanted:
        out.extend(audit_fig.run(url, runs))
    if "snapshots" in wanted:
        out.append(longrun.snapshot_bytes(url))
    return out


def growth(small: list[Figure], large: list[Figure], small_scale: float,
           large_scale: float) -> list[dict[str, Any]]:
    """Per-unit cost at the large scale over the small one: ~1 is linear, > 1.25 worse."""
    rows = []
    for s, big in zip(small, large, strict=True):
        if s.ours is None or big.ours is None or big.name in TOTALS:
            continue
        # rates: cost per event is 1/rate; times (ms) are per call and expected constant
        # (time travel, one internship) or proportional to rows returned (CLI query)
        factor = s.ours / big.ours if big.higher_is_better else big.ours / s.ours
        rows.append({"figure": big.name, "small_scale": small_scale, "large_scale": large_scale,
                     "small": s.ours, "large": big.ours, "unit": big.unit,
                     "per_unit_cost_factor": factor,
                     "verdict": "linear or better" if factor <= 1.25 else "worse than linear"})
    return rows


def fresh(path: Path) -> str:
    """The SQLite URL of ``path`` after removing any store left there by an earlier run."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def store(work: Path, scale: float, reuse: bool, say: Any) -> tuple[str, dict[str, Any]]:
    """The demo store of ``scale`` (generated in a child process, so its peak RSS is its own);
    with ``reuse``, one finished earlier in ``work`` (its summary is kept beside it)."""
    path = work / f"store-{scale:g}.sqlite3"
    done = Path(f"{path}.json")
    if reuse and path.exists() and done.exists():
        say(f"reusing the scale {scale:g} store {path}")
        return f"sqlite:///{path}", dict(json.loads(done.read_text()), reused=True)
    done.unlink(missing_ok=True)
    url = fresh(path)
    say(f"generating the scale {scale:g} store (in a child process)")
    gen = child(["generate", url, str(scale)])
    done.write_text(json.dumps(gen, default=str))
    say(f"store: {gen}")
    return url, gen


def table(figures: list[Figure]) -> str:
    lines = [f"{'figure':<30} {'ours':>12} {'baseline':>12} {'unit':<16} {'ratio':>7} "
             f"{'goal':<14} met"]
    for f in figures:
        if not f.available:
            lines.append(f"{f.name:<30} {'n/a':>12} {'':>12} {f.unit:<16} {'':>7} {f.goal:<14} "
                         f"-  ({f.note})")
            continue
        ratio = f"{f.ratio:.2f}" if f.ratio is not None else ""
        base = f"{f.baseline:,.1f}" if f.baseline is not None else "—"
        met = {True: "yes", False: "NO", None: "-"}[f.met()]
        lines.append(f"{f.name:<30} {f.ours:>12,.1f} {base:>12} {f.unit:<16} {ratio:>7} "
                     f"{f.goal:<14} {met}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.runs < 3:
        print("note: fewer than 3 runs; medians are less robust", file=sys.stderr)
    wanted = set(args.only or NAMES)
    started = datetime.now(UTC)
    work = Path(args.workdir or tempfile.mkdtemp(prefix="gtt-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    commands = 200 if args.scale >= 1 else 30  # single commands per run and per writer
    bulk_events = args.bulk_events or int(min(90_000, max(1_800, 5_000 * args.scale)))
    result: dict[str, Any] = {"date": started.isoformat(timespec="seconds"),
                              "machine": machine(args.postgres if "postgres" in wanted else None),
                              "args": {k: v for k, v in vars(args).items() if k != "postgres"},
                              "figures": [], "growth": [], "stores": {}}
    figures: list[Figure] = []

    def say(msg: str) -> None:
        """Progress, and results.json so far (a long run that dies keeps what it measured)."""
        print(f"[{datetime.now(UTC):%H:%M:%S}] {msg}", file=sys.stderr, flush=True)
        result["figures"] = [f.as_dict() for f in figures]
        Path(args.out).write_text(json.dumps(result, indent=2, default=str) + "\n")

    if "single" in wanted:
        say("single command")
        figures.append(single.run(fresh(work / "single.sqlite3"),
                                  fresh(work / "single-bare.sqlite3")[len("sqlite:///"):],
                                  args.runs, commands))
    if "bulk" in wanted:
        say(f"bulk events ({bulk_events} per run)")
        figures.append(bulk.run(fresh(work / "bulk.sqlite3"), args.runs, bulk_events))
    if "longrun" in wanted:
        say("long internship: attendance at day 1,000 vs day 10")
        figures.append(longrun.run(fresh(work / "longrun.sqlite3"), args.runs))
        if args.postgres:
            from benchmarks.postgres_fig import fresh_schema

            say("long internship on PostgreSQL")
            with fresh_schema(args.postgres) as pg_url:
                f = longrun.run(pg_url, args.runs)
            f.name = f"pg {f.name}"
            figures.append(f)
    store_wanted = wanted & {"rebuild", "verify", "cli", "timetravel", "audit", "memory", "growth",
                             "snapshots"}
    if store_wanted:
        url, gen = store(work, args.scale, args.reuse_store, say)
        result["stores"][str(args.scale)] = gen
        large = store_figures(url, args.runs, store_wanted)
        figures.extend(large)
        if "memory" in wanted:
            say("memory: rebuild in a child process")
            reb = child(["rebuild", url])
            figures.append(Figure("memory: rebuild", "peak RSS MB", reb["peak_rss_mb"], None,
                                  "ours <= 500", higher_is_better=False, runs=1, detail=reb))
            rows = args.import_rows or int(50_000 * args.scale)
            say(f"memory: importing {rows:,} attendance rows (and {rows // 10:,}) in child processes")
            figures.extend(importmem.run(work, rows))
        small_scale = args.growth_from or (args.scale / 10 if args.scale >= 2 else None)
        if "growth" in wanted and small_scale:
            small_url, result["stores"][str(small_scale)] = store(work, small_scale, args.reuse_store, say)
            small = store_figures(small_url, args.runs, store_wanted)
            result["growth"] = growth(small, large, small_scale, args.scale)
    if "postgres" in wanted and args.postgres:
        from benchmarks import postgres_fig

        say("postgres")
        pg_scale = args.pg_scale if args.pg_scale is not None else min(args.scale, 1.0)
        figures.extend(postgres_fig.run(args.postgres, args.runs, pg_scale,
                                        min(bulk_events, 20_000), commands))
    result["figures"] = [f.as_dict() for f in figures]
    result["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    Path(args.out).write_text(json.dumps(result, indent=2, default=str) + "\n")
    print(table(figures))
    for g in result["growth"]:
        print(f"growth {g['figure']}: x{g['per_unit_cost_factor']:.2f} per unit "
              f"from scale {g['small_scale']:g} to {g['large_scale']:g} ({g['verdict']})")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
