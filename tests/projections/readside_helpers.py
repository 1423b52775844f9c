"""Helpers for read-side tests: table dumps, sample histories, crash injection, stores."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from gtt_projections import ReadModel
from gtt_projections.writer import RowWriter
from sqlalchemy import select

from gtt_domain.application import GttApplication
from gtt_domain.commands import institution as c


def dump(rm: ReadModel, names: list[str] | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table the projections own, ordered by primary key."""
    out = {}
    with rm.connect() as conn:
        for p in rm.select(names):
            for t in p.tables:
                stmt = select(t).order_by(*t.primary_key.columns)
                out[t.name] = [tuple(r) for r in conn.execute(stmt)]
    return out


def register_school(app: GttApplication, name: str, region: str = "Anxi") -> uuid.UUID:
    return app.handle(c.RegisterInstitution(kind="school", name=name, region=region))


def populate(app: GttApplication, n: int) -> list[uuid.UUID]:
    """``n`` institutions, each with a department and a major (3 events each)."""
    ids = []
    for i in range(n):
        iid = register_school(app, f"School {i}")
        app.handle(c.OpenDepartment(institution_id=iid, name="Nursing", teacher_count=i))
        app.handle(c.OpenMajor(institution_id=iid, code="N1", name="Nursing care",
                               department="Nursing", teacher_count=1))
        ids.append(iid)
    return ids


class SimulatedCrash(Exception):
    """Raised by :func:`crash_on_flush` after the rows were written, before the commit."""


@contextmanager
def crash_on_flush(after: int) -> Iterator[None]:
    """The ``after``-th flush (1-based) writes its rows and then raises (mid-transaction)."""
    real = RowWriter.flush
    calls = {"n": 0}

    def flaky(self: RowWriter, session: Any) -> None:
        real(self, session)
        calls["n"] += 1
        if calls["n"] == after:
            raise SimulatedCrash(f"crash in flush {after}")

    RowWriter.flush = flaky  # type: ignore[method-assign]
    try:
        yield
    finally:
        RowWriter.flush = real  # type: ignore[method-assign]


@contextmanager
def shared_pages() -> Iterator[list[int]]:
    """Yields a list that gets, for each page processed for several projections in one
    transaction (``gtt_projections.batch.run_page``), how many projections shared it."""
    from gtt_projections import readmodel

    real = readmodel.run_page
    calls: list[int] = []

    def counting(app_name: str, jobs: Any, decode: Any) -> Any:
        calls.append(len(jobs))
        return real(app_name, jobs, decode)

    readmodel.run_page = counting  # type: ignore[assignment]
    try:
        yield calls
    finally:
        readmodel.run_page = real  # type: ignore[assignment]


@contextmanager
def fresh_store(backend: str) -> Iterator[str]:
    """A new empty store URL, for tests (hypothesis) that need one per example."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as d:
            yield f"sqlite:///{os.path.join(d, 'gtt.sqlite3')}"
        return
    base = os.environ["GTT_TEST_POSTGRES_URL"]
    import psycopg

    schema = "h_" + uuid.uuid4().hex[:12]
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{base}?schema={schema}"
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


class Clock:
    """A deterministic clock: one second per reading (like the shared ``clock`` fixture)."""

    def __init__(self) -> None:
        self.now = datetime(2025, 1, 1, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now
