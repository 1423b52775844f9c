"""The evaluation pack: targets (with rule ids) and the bundled-evaluation weights, kept in
TOML so an education bureau can change a number without a release."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path

from gtt_domain.evaluation.model import Metric, Number

OPS = {">=": lambda v, t: v >= t, "<=": lambda v, t: v <= t, "==": lambda v, t: v == t}


@dataclass(frozen=True)
class Target:
    rule: str
    op: str
    value: Decimal

    def text(self) -> str:
        return f"{self.op} {self.value}"


@dataclass(frozen=True)
class EvaluationPack:
    name: str
    targets: dict[str, Target]
    group_weight: Decimal
    members_weight: Decimal

    def metric(self, key: str, value: Number | None) -> Metric:
        """The metric with its target and rule from the pack, judged met or not."""
        target = self.targets.get(key)
        if target is None:
            return Metric(key, value)
        met = None if value is None else bool(OPS[target.op](Decimal(value), target.value))
        return Metric(key, value, target.text(), target.rule, met)


def load_pack(path: str | Path | None = None) -> EvaluationPack:
    """The bundled default pack, or the TOML file at ``path``."""
    if path is None:
        text = resources.files("gtt_domain.evaluation").joinpath("packs/evaluation.toml").read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    raw = tomllib.loads(text)
    targets = {}
    for key, t in raw.get("targets", {}).items():
        if t["op"] not in OPS:
            raise ValueError(f"target {key}: unknown op {t['op']!r}")
        targets[key] = Target(rule=str(t["rule"]), op=t["op"], value=Decimal(str(t["value"])))
    bundled = raw.get("bundled", {})
    return EvaluationPack(
        name=raw.get("pack", {}).get("name", "evaluation"), targets=targets,
        group_weight=Decimal(str(bundled.get("group_weight", "0.5"))),
        members_weight=Decimal(str(bundled.get("members_weight", "0.5"))))
