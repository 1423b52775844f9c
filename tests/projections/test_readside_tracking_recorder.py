"""The shipped view class passes eventsourcing's own TrackingRecorderTestCase."""

from __future__ import annotations

import os
import tempfile
import uuid

import pytest
from eventsourcing.tests.persistence import TrackingRecorderTestCase
from gtt_projections.config import open_datastore
from gtt_projections.view import ReadView

PG = os.environ.get("GTT_TEST_POSTGRES_URL")


def _view(url: str) -> ReadView:
    view = ReadView(open_datastore(url), tracking_table_name="recorder_case_tracking")
    view.create_table()
    return view


class TestReadViewOnSQLite(TrackingRecorderTestCase):
    def setUp(self) -> None:
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self) -> None:
        self.tmp.cleanup()

    def create_recorder(self) -> ReadView:
        return _view(f"sqlite:///{os.path.join(self.tmp.name, 'read.sqlite3')}")


@pytest.mark.postgres
class TestReadViewOnPostgres(TrackingRecorderTestCase):
    def setUp(self) -> None:
        import psycopg

        self.schema = "trc_" + uuid.uuid4().hex[:12]
        self.plain = PG.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(self.plain, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{self.schema}"')

    def tearDown(self) -> None:
        import psycopg

        self.recorder.datastore.engine.dispose()  # type: ignore[union-attr]
        with psycopg.connect(self.plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')

    def create_recorder(self) -> ReadView:
        self.recorder = _view(f"{PG}?schema={self.schema}")
        return self.recorder
