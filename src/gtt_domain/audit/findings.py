"""What an audit produces: a finding names the rule, the subject, the period, the
evidence (stored events and the values compared) and explains itself in English and
Chinese. Field names are a public contract (``gtt audit run --format json``).

``status`` says where the finding stands. A breach that happened stays a breach; its
status tells what became of it:

* ``open`` — found, nothing done yet; ``acknowledged``, ``assigned``, ``disputed`` — being
  answered (``gtt findings …``); ``reopened`` — the breach recurred after a remedy or a
  closure, or someone reopened it;
* ``remedied`` — cured later: in the record itself (a filing after the start,
  ``resolved_by``) or by a remedy recorded with evidence; ``closed`` — answered and checked;
* ``waived`` — an authority waived it until a date (expired waivers no longer count);
* ``exempt`` — a filed exemption covers the case (``exemption``).

Waived and exempt findings are still findings: counted, listed, never dropped."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field, computed_field

from gtt_domain.domain.finding_case import case_id

Severity = Literal["info", "low", "medium", "high", "critical"]
SEVERITIES: tuple[str, ...] = ("info", "low", "medium", "high", "critical")
Status = Literal["open", "acknowledged", "assigned", "disputed", "reopened", "remedied", "closed",
                 "waived", "exempt"]
STATUSES: tuple[str, ...] = ("open", "acknowledged", "assigned", "disputed", "reopened", "remedied",
                             "closed", "waived", "exempt")
#: statuses of a finding that still needs an answer (``--fail-on``, ``--open-only``)
UNANSWERED: frozenset[str] = frozenset({"open", "acknowledged", "assigned", "disputed", "reopened"})


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
    #: for a state judged on the audit date (a team's size, a missing liaison): that date
    observed_on: date | None = None
    comparison: str = Field(description="the values compared, e.g. '5 days < 7'")
    values: dict[str, str] = Field(default_factory=dict)
    evidence: list[Evidence] = Field(default_factory=list)
    explanation_en: str
    explanation_zh: str
    status: Status = "open"
    resolved_by: Evidence | None = None
    key: str = Field(description="stable identity: rule, subject and what is compared")
    status_detail: str = Field(default="", description="why the status is what it is, in words")
    exemption: Evidence | None = Field(None, description="the filed exemption that covers the case")
    lifecycle: list[dict[str, str]] = Field(
        default_factory=list, description="each step of the finding's case: step, on, recorded_at, actor, …")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def finding_id(self) -> str:
        """The id of the finding's case (from its key): what ``gtt findings`` accepts."""
        return str(case_id(self.key))

    @property
    def unanswered(self) -> bool:
        return self.status in UNANSWERED

    def explanation(self, lang: str = "en") -> str:
        return self.explanation_zh if lang == "zh" else self.explanation_en
