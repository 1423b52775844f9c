"""The default demo (scale 1, seed 1), recorded once per session for every test that
reads it (its intent, its upcoming obligations, its coverage of the plans)."""

from __future__ import annotations

from typing import Any

import pytest

from gtt_domain.demo import DemoApplication, DemoClock, build_story, run_demo
from gtt_domain.demo.calendar import START


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> dict[str, Any]:
    url = f"sqlite:///{tmp_path_factory.mktemp('demo-scale-1') / 'demo.sqlite3'}"
    clock = DemoClock(START)
    app = DemoApplication(url, seed=1, clock=clock)
    run_demo(app, clock, seed=1, scale=1)
    app.close()
    return {"url": url, "story": build_story(1, 1)}
