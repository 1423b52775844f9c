"""Fixtures for read-side tests (real SQLite files and PostgreSQL); helpers live in
``readside_helpers``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gtt_domain.application import GttApplication


@pytest.fixture
def app(db_url, clock) -> Iterator[GttApplication]:
    a = GttApplication(db_url, clock=clock, actor="registrar")
    yield a
    a.close()


@pytest.fixture
def read_model(app):
    """``read_model(**kwargs)`` -> a ReadModel on ``app``; all are closed after the test."""
    from gtt_projections import ReadModel

    made: list[ReadModel] = []

    def make(**kwargs) -> ReadModel:
        rm = ReadModel(app, **kwargs)
        made.append(rm)
        return rm

    yield make
    for rm in made:
        rm.close()
