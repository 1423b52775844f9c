from __future__ import annotations

import pytest
from eval_history import Recorder


@pytest.fixture
def rec(db_url, clock) -> Recorder:
    return Recorder(db_url, clock)
