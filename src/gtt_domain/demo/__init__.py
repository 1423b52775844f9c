"""A deterministic, believable history drawn from the plans, recorded through the real
commands (``gtt demo``).

* Same seed and scale → the same event log byte for byte (``gtt export events``), on
  SQLite and PostgreSQL alike: ids come from ``natural_id`` of ``demo:…`` external ids,
  the clock is :class:`DemoClock` (09:00 UTC of the day recorded, a second per batch),
  randomness is ``random.Random(seed)``, and :class:`DemoApplication` seals the synthetic
  personal data reproducibly. A store cipher (``GTT_CIPHER_KEY``) uses random nonces, so
  with it the bytes differ between runs (the facts do not).
* Steps are recorded in the order of their recording day; facts before the go-live
  (1 July 2024) are back-filled that day, and a few facts are recorded late on purpose
  (a charter, two exchange filings, an absence nine days after the day) for ``--known-at``.
* ``scale`` multiplies people, partner enterprises and therefore attendance; scale 1 is
  about 55k events, scale 20 about 1M. While it runs the demo keeps aggregates in memory
  (peak about 0.75 GB at 1M events) and sets SQLite ``synchronous=NORMAL``.
"""

from gtt_domain.demo.app import DemoApplication
from gtt_domain.demo.run import (
           DemoError,
           DemoSummary,
           build_story,
           demo_completed,
           demo_recorded,
           run_demo,
           store_is_empty,
)
from gtt_domain.demo.story import DemoClock

__all__ = ["DemoApplication", "DemoClock", "DemoError", "DemoSummary", "build_story", "demo_completed", "demo_recorded",
           "run_demo", "store_is_empty"]
