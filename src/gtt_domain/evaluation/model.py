"""A metric is a value, its target and the rule the target comes from; a scorecard is the
metrics of one subject (a major, a group, …) over one period."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

Number = int | Decimal


def ratio(part: int, whole: int) -> Decimal | None:
    """``part / whole`` to 4 places; None when there is nothing to divide by."""
    if whole == 0:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def per_hundred(part: int | None, whole: int) -> Decimal | None:
    if part is None or whole == 0:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Metric:
    """``met`` is None when the metric has no target (reported for reading only) or no value."""

    key: str
    value: Number | None
    target: str | None = None
    rule: str | None = None
    met: bool | None = None

    def row(self) -> dict[str, Any]:
        return {"metric": self.key, "value": self.value, "target": self.target,
                "rule": self.rule, "met": self.met}


@dataclass
class Scorecard:
    family: str
    subject_id: str
    subject: str
    period: str
    metrics: list[Metric] = field(default_factory=list)
    #: family-specific detail (trend per year, ranking per month, …), JSON-able; metrics
    #: counted over a window other than the period name it in ``details["windows"]``
    details: dict[str, Any] = field(default_factory=dict)
    #: the period evaluated: label, kind (year, semester, quarter, month), start, end
    evaluated: dict[str, str] = field(default_factory=dict)

    def metric(self, key: str) -> Metric:
        return next(m for m in self.metrics if m.key == key)

    @property
    def met_count(self) -> int:
        return sum(1 for m in self.metrics if m.met is True)

    @property
    def not_met_count(self) -> int:
        return sum(1 for m in self.metrics if m.met is False)

    def rows(self) -> list[dict[str, Any]]:
        head = {"family": self.family, "subject_id": self.subject_id, "subject": self.subject,
                "period": self.period}
        return [head | m.row() for m in self.metrics]

    def as_dict(self) -> dict[str, Any]:
        return {"family": self.family, "subject_id": self.subject_id, "subject": self.subject,
                "period": self.period, "period_kind": self.evaluated.get("kind"),
                "period_start": self.evaluated.get("start"), "period_end": self.evaluated.get("end"),
                "metrics": [m.row() for m in self.metrics],
                "details": self.details}
