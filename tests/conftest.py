"""Shared fixtures: real SQLite files and the real PostgreSQL server, never mocks.

``db_url`` runs a test once on a fresh SQLite file and once on a fresh PostgreSQL schema
(when ``GTT_TEST_POSTGRES_URL`` is set). When that variable is set, a skipped PostgreSQL
test fails the session: CI must not pass on SQLite alone.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from fake_clock import FakeClock

PG_ENV = "GTT_TEST_POSTGRES_URL"
_pg_skipped: list[str] = []


def pg_base_url() -> str | None:
    return os.environ.get(PG_ENV) or None


def _require_pg_or_skip() -> str:
    url = pg_base_url()
    if url is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{PG_ENV} is not set in CI: PostgreSQL tests must run there")
        pytest.skip(f"{PG_ENV} not set")
    return url


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL whose ``?schema=`` is a fresh schema, dropped afterwards."""
    base = _require_pg_or_skip()
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:12]
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{base}?schema={schema}"
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'gtt.sqlite3'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request) -> str:
    """The same test on a real SQLite file and on the real PostgreSQL server."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def pytest_runtest_setup(item):
    """Every test marked ``postgres`` needs the server: skip locally, fail in CI."""
    if item.get_closest_marker("postgres") is not None:
        _require_pg_or_skip()


def pytest_runtest_logreport(report):
    if report.skipped and "postgres" in report.keywords:
        _pg_skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if pg_base_url() and _pg_skipped:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter:
            reporter.write_line(
                f"FAIL: {len(_pg_skipped)} PostgreSQL test(s) skipped although {PG_ENV} is set",
                red=True,
            )
        session.exitstatus = 1


def _seed_line(config) -> str | None:
    seed = getattr(config.option, "randomly_seed", None)
    if seed is None or not config.pluginmanager.hasplugin("randomly"):
        return None
    return f"random test order, seed {seed}: replay with  pytest --randomly-seed={seed}"


def pytest_sessionstart(session):
    """Print the random-order seed even under ``-q``, so a failure in CI can be replayed."""
    line = _seed_line(session.config)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if line and reporter:
        reporter.write_line(line)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    line = _seed_line(config)
    if line:
        terminalreporter.write_line(line)
