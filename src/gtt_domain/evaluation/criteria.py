"""P14-R4: the employment office's criteria for a demonstration base, as a rule pack.

The criteria are data (``packs/demonstration-base.toml``, or a file the office keeps):
each names a measure of the host's record from a fixed list, a comparison and a
threshold, and cites P14-R4 and any rule it draws on. The file is validated with the
audit packs' own models (pack header, bilingual titles, rule-id sources), so a wrong field
fails to load with its name, as an audit pack does.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from gtt_domain.audit.findings import Severity
from gtt_domain.audit.schema import SOURCE_REF, PackHeader, Source, Strict, Text
from gtt_domain.evaluation.model import Metric, Number

P14_R4 = "P14-R4"
#: what the host's record can tell (see ``host.criterion_values``)
Measure = Literal["interns_hosted", "mean_host_evaluation", "completion_rate", "open_findings_at_or_above",
                  "cap_headroom", "years_of_cooperation"]
Op = Literal[">=", "<=", "=="]
OPS = {">=": lambda v, t: v >= t, "<=": lambda v, t: v <= t, "==": lambda v, t: v == t}


class Criterion(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]{1,47}$")
    title: Text
    source: Source
    #: other rules the criterion rests on (N-INT-11 for the cap, …)
    draws_on: list[str] = Field(default_factory=list)
    measure: Measure
    op: Op
    threshold: Decimal
    #: open_findings_at_or_above: the lowest severity counted
    min_severity: Severity | None = None

    @field_validator("draws_on")
    @classmethod
    def _ids(cls, v: list[str]) -> list[str]:
        bad = [r for r in v if not SOURCE_REF.match(r)]
        if bad:
            raise ValueError(f"{', '.join(bad)}: not a plan rule id (P10-R9) or a national id (N-INT-7)")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> Criterion:
        if self.source.ref != P14_R4:
            raise ValueError(f"a demonstration-base criterion comes from {P14_R4}, not {self.source.ref}")
        if (self.measure == "open_findings_at_or_above") != (self.min_severity is not None):
            raise ValueError("min_severity is given for open_findings_at_or_above and only for it")
        return self

    @property
    def rule(self) -> str:
        return f"{P14_R4} ({', '.join(self.draws_on)})" if self.draws_on else P14_R4

    def judge(self, value: Number | None) -> Metric:
        met = None if value is None else bool(OPS[self.op](Decimal(value), self.threshold))
        return Metric(f"host.criterion.{self.id}", value, f"{self.op} {self.threshold}", self.rule, met)


class CriteriaFile(Strict):
    pack: PackHeader
    criteria: list[Criterion] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> CriteriaFile:
        ids = [c.id for c in self.criteria]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"criterion ids repeated in the pack: {', '.join(dup)}")
        return self


#: titles of the criteria of every pack loaded, by metric key (labels of tables and the report)
TITLES: dict[str, Text] = {}
#: ``host.criterion.<id>`` -> the measure it compares (labels show ratios as percentages)
MEASURES: dict[str, str] = {}


@dataclass(frozen=True)
class CriteriaPack:
    header: PackHeader
    criteria: tuple[Criterion, ...]


def parse_criteria(raw: dict[str, object], where: str) -> CriteriaPack:
    """Validate a criteria pack read from TOML; errors name the file and the field."""
    try:
        pf = CriteriaFile.model_validate(raw)
    except ValidationError as e:
        fields = "; ".join(f"{'.'.join(str(x) for x in err['loc']) or '(file)'}: {err['msg']}" for err in e.errors())
        raise ValueError(f"{where}: {fields}") from None
    TITLES.update({f"host.criterion.{c.id}": c.title for c in pf.criteria})
    MEASURES.update({f"host.criterion.{c.id}": c.measure for c in pf.criteria})
    return CriteriaPack(pf.pack, tuple(pf.criteria))


def overall(metrics: list[Metric]) -> Metric:
    """Meets the criteria when every one is met; not when one is not; unknown otherwise
    (a value the record cannot give yet, e.g. findings when the audits were not run)."""
    mets = [m.met for m in metrics]
    value = 0 if False in mets else (None if None in mets else 1)
    return Metric("host.meets_demonstration_base_criteria", value, "== 1", P14_R4,
                  None if value is None else value == 1)
