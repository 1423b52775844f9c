"""What an audit produces: a finding names the rule, the subject, the period, the
evidence (stored events and the values compared) and explains itself in English and
Chinese. Field names are a public contract (``gtt audit run --format json``)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

Severity = Literal["info", "low", "medium", "high", "critical"]
SEVERITIES: tuple[str, ...] = ("info", "low", "medium", "high", "critical")


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


class Evidence(BaseModel):
    """A stored event the finding rests on, or a value read from the record."""

    event_id: str | None = Field(None, description="<aggregate id>:<version>")
    position: int | None = Field(None, description="notification id in the one log")
    event_type: str | None = None
    note: str = ""


class Finding(BaseModel):
    rule_id: str
    pack_id: str
    pack_version: str
    severity: Severity
    source: str = Field(description="plan or national rule id, its document, verification")
    rule_type: str
    subject_kind: str
    subject_id: str
    person_ids: list[str] = Field(default_factory=list)
    institution_ids: list[str] = Field(default_factory=list)
    period_start: date | None = None
    period_end: date | None = None
    comparison: str = Field(description="the values compared, e.g. '5 days < 7'")
    values: dict[str, str] = Field(default_factory=dict)
    evidence: list[Evidence] = Field(default_factory=list)
    explanation_en: str
    explanation_zh: str
    status: Literal["open", "resolved"] = "open"
    resolved_by: Evidence | None = None
    key: str = Field(description="stable identity: rule, subject and what is compared")

    def explanation(self, lang: str = "en") -> str:
        return self.explanation_zh if lang == "zh" else self.explanation_en
