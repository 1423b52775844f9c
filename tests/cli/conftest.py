"""CLI fixtures: ``gtt`` through click's CliRunner on a real database, with a fake clock."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from click.testing import CliRunner, Result
from gtt_cli.main import gtt

#: environment the tests must not inherit from the developer's shell
CLEAN_ENV = {"GTT_DATABASE_URL": None, "GTT_READ_DATABASE_URL": None, "GTT_ACTOR": None,
             "GTT_LANG": None, "GTT_DEBUG": None, "NO_COLOR": None}

Run = Callable[..., Result]


def make_runner(url: str, clock) -> Run:
    runner = CliRunner()

    def run(*args: str, input: str | None = None, env: dict | None = None, actor: str = "alice") -> Result:
        return runner.invoke(
            gtt, ["--db", url, "--actor", actor, *args], input=input,
            env={**CLEAN_ENV, **(env or {})}, obj={"clock": clock}, prog_name="gtt",
        )

    return run


@pytest.fixture
def run(sqlite_url, clock) -> Run:
    """Run ``gtt --db <fresh SQLite file> --actor alice …``."""
    return make_runner(sqlite_url, clock)


@pytest.fixture
def run_any(db_url, clock) -> Run:
    """Like ``run``, once on SQLite and once on PostgreSQL."""
    return make_runner(db_url, clock)


def _one_line_error(result: Result, code: int) -> str:
    """The single stderr line of a failed command (and proof nothing else was printed)."""
    assert result.exit_code == code, (result.exit_code, result.output, result.exception)
    assert isinstance(result.exception, SystemExit), result.exception  # no escaped exception
    assert result.stdout == ""
    assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.output
    return result.stderr.rstrip("\n")


@pytest.fixture
def error_line() -> Callable[[Result, int], str]:
    """``error_line(result, code)``: check the exit code and one-line stderr; return the line."""
    return _one_line_error
