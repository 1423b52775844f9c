"""The evaluation pack: targets (with rule ids), the bundled-evaluation weights and the
demonstration-base criteria (P14-R4), kept in TOML so an education bureau or an
employment office can change a number without a release."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from gtt_domain.evaluation.criteria import CriteriaPack, parse_criteria
from gtt_domain.evaluation.model import Metric, Number, Scorecard

OPS = {">=": lambda v, t: v >= t, "<=": lambda v, t: v <= t, "==": lambda v, t: v == t}
TARGETS_FILE = "evaluation.toml"
CRITERIA_FILE = "demonstration-base.toml"


@dataclass(frozen=True)
class Target:
    rule: str
    op: str
    value: Decimal
    #: the school stages the rule was written for (a P14 target scores vocational colleges,
    #: not primary schools); None: every subject of the family
    stages: frozenset[str] | None = None

    def text(self) -> str:
        return f"{self.op} {self.value}"

    def applies_to(self, stage: str | None) -> bool:
        """A subject whose school stage is not recorded is judged."""
        return self.stages is None or stage is None or stage in self.stages


@dataclass(frozen=True)
class EvaluationPack:
    name: str
    targets: dict[str, Target]
    group_weight: Decimal
    members_weight: Decimal
    #: P14-R4 criteria the host scorecards judge
    criteria: CriteriaPack | None = None

    def metric(self, key: str, value: Number | None) -> Metric:
        """The metric with its target and rule from the pack, judged met or not."""
        target = self.targets.get(key)
        if target is None:
            return Metric(key, value)
        return self.judge(key, value, target)

    @staticmethod
    def judge(key: str, value: Number | None, target: Target) -> Metric:
        met = None if value is None else bool(OPS[target.op](Decimal(value), target.value))
        return Metric(key, value, target.text(), target.rule, met)

    def for_stage(self, card: Scorecard, stage: str | None) -> Scorecard:
        """``card`` with the targets not written for ``stage`` dropped: such metrics are
        reported for reading only, and ``details["targets_not_applicable"]`` says why."""
        dropped = {}
        for i, m in enumerate(card.metrics):
            target = self.targets.get(m.key)
            if target is not None and m.target is not None and not target.applies_to(stage):
                card.metrics[i] = Metric(m.key, m.value)
                dropped[m.key] = f"{target.rule} applies to {', '.join(sorted(target.stages or ()))}, not {stage}"
        if dropped:
            card.details.setdefault("targets_not_applicable", {}).update(dropped)
        return card


def read_pack_file(path: str | Path | None, shipped: str) -> tuple[dict[str, Any], str]:
    """The TOML at ``path``, or the shipped file of that name; and where it came from."""
    try:
        if path is None:
            text = resources.files("gtt_domain.evaluation").joinpath(f"packs/{shipped}").read_text("utf-8")
            return tomllib.loads(text), shipped
        return tomllib.loads(Path(path).read_text("utf-8")), str(path)
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ValueError(f"{path or shipped}: {e}") from None


def load_criteria(path: str | Path | None = None) -> CriteriaPack:
    """The shipped P14-R4 criteria, or the employment office's file at ``path``."""
    raw, where = read_pack_file(path, CRITERIA_FILE)
    return parse_criteria(raw, where)


def load_pack(path: str | Path | None = None, criteria_path: str | Path | None = None) -> EvaluationPack:
    """The bundled default pack, or the TOML file at ``path``; with the shipped
    demonstration-base criteria, or those at ``criteria_path``."""
    raw, where = read_pack_file(path, TARGETS_FILE)
    targets = {}
    for key, t in raw.get("targets", {}).items():
        if t["op"] not in OPS:
            raise ValueError(f"{where}: target {key}: unknown op {t['op']!r}")
        stages = t.get("stages")
        targets[key] = Target(rule=str(t["rule"]), op=t["op"], value=Decimal(str(t["value"])),
                              stages=frozenset(stages) if stages is not None else None)
    bundled = raw.get("bundled", {})
    return EvaluationPack(
        name=raw.get("pack", {}).get("name", "evaluation"), targets=targets,
        group_weight=Decimal(str(bundled.get("group_weight", "0.5"))),
        members_weight=Decimal(str(bundled.get("members_weight", "0.5"))),
        criteria=load_criteria(criteria_path))
