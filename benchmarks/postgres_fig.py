"""PostgreSQL: single command, bulk events and rebuild on a fresh schema; 4 writers vs 1."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from benchmarks import bulk, rebuild, single
from benchmarks.common import Figure, median
from benchmarks.subproc import child
from benchmarks.writer import concurrent


@contextmanager
def fresh_schema(base: str) -> Iterator[str]:
    """``base?schema=bench_xxx`` on a schema created now and dropped afterwards."""
    import psycopg

    schema = "bench_" + uuid.uuid4().hex[:10]
    plain = base.split("?", 1)[0].replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{base.split('?', 1)[0]}?schema={schema}"
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def server_version(base: str) -> str:
    import psycopg

    plain = base.split("?", 1)[0].replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "?"


def writers(base: str, runs: int, commands: int = 150) -> Figure:
    one: list[float] = []
    four: list[float] = []
    for _ in range(runs):
        with fresh_schema(base) as url:
            one.append(concurrent(url, 1, commands))
        with fresh_schema(base) as url:
            four.append(concurrent(url, 4, commands))
    return Figure("pg 4 writers vs 1", "commands/s", median(four), median(one), "ratio >= 1.5",
                  runs=runs, detail={"commands_per_writer": commands,
                                     "four_runs": four, "one_runs": one})


def run(base: str, runs: int, scale: float, bulk_events: int, commands: int = 150) -> list[Figure]:
    out: list[Figure] = []
    with fresh_schema(base) as url:
        f = single.run(url, "", runs, commands)
        f.name = "pg single command"
        out.append(f)
    with fresh_schema(base) as url:
        f = bulk.run(url, runs, bulk_events)
        f.name = "pg bulk events"
        out.append(f)
    with fresh_schema(base) as url:
        gen = child(["generate", url, str(scale)])
        f = rebuild.run(url, runs)
        f.name = "pg rebuild"
        f.detail["store"] = gen
        out.append(f)
    out.append(writers(base, runs, commands))
    return out
