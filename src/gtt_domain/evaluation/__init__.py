"""Evaluations: scorecards for the plans' **evaluate** metrics.

Scorecards are computed on demand from aggregate states folded from the one ordered log
(``timetravel.load_all``), never stored. That keeps them derived facts, not new ones: they
cannot drift from the log, a corrected or late event changes them on the next run, and any
past evaluation can be reproduced as the log stood then (``known_at``) or as things stood
then (``as_of``). A year of a county's records folds in well under a second, so a cache
would buy little and cost a second truth.
"""

from gtt_domain.evaluation.model import Metric, Scorecard
from gtt_domain.evaluation.pack import EvaluationPack, load_pack
from gtt_domain.evaluation.periods import Period, evaluation_period
from gtt_domain.evaluation.run import FAMILIES, evaluate
from gtt_domain.evaluation.snapshot import Snapshot, take_snapshot

__all__ = [
    "FAMILIES", "EvaluationPack", "Metric", "Period", "Scorecard", "Snapshot",
    "evaluate", "evaluation_period", "load_pack", "take_snapshot",
]
