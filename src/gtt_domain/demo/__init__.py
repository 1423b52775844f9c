"""A deterministic, believable history drawn from the plans, recorded through the real
commands (``gtt demo``). Same seed and scale, same event log, byte for byte."""

from gtt_domain.demo.app import DemoApplication
from gtt_domain.demo.run import DemoSummary, build_story, demo_recorded, run_demo, store_is_empty
from gtt_domain.demo.story import DemoClock

__all__ = ["DemoApplication", "DemoClock", "DemoSummary", "build_story", "demo_recorded", "run_demo",
           "store_is_empty"]
