"""Commands on a finding's life (``gtt findings ack|assign|dispute|waive|remedy|close|reopen``).

A finding is named by its stable key (``rule|subject|what``, as ``gtt audit run`` prints
it). The first step on a finding opens its case; ``rule_id`` and the subject are taken
from the key when not given.
"""

from __future__ import annotations

from datetime import date

from pydantic import Field

from gtt_domain.commands.base import Command

Note = Field(None, max_length=1000)
Reason = Field(min_length=1, max_length=1000)


class FindingCommand(Command):
    group = "finding"
    write_cli = False

    key: str = Field(min_length=3, max_length=300, pattern=r"^[^|]+\|[^|]+\|.+$",
                     description="the finding's key: rule|subject|what")
    rule_id: str | None = Field(None, max_length=80)
    subject_kind: str | None = Field(None, max_length=20)
    subject_id: str | None = Field(None, max_length=40)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: object) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls.cli_path = ("findings", cls.verb)

    def subject(self) -> tuple[str, str, str]:
        """``(rule_id, subject_kind, subject_id)``, from the key where not given."""
        rule, subject, _ = self.key.split("|", 2)
        return self.rule_id or rule, self.subject_kind or "unknown", self.subject_id or subject


class AcknowledgeFinding(FindingCommand):
    """Acknowledge a finding: it is seen and accepted as a matter to answer."""

    verb = "ack"
    example = "gtt findings ack KEY --note 'seen at the May review'"
    note: str | None = Note


class AssignFinding(FindingCommand):
    """Assign a finding to someone to answer it, optionally by a date."""

    verb = "assign"
    example = "gtt findings assign KEY --to 'internship office' --due 2025-06-30"
    assignee: str = Field(min_length=1, max_length=200)
    due: date | None = None
    note: str | None = Note


class DisputeFinding(FindingCommand):
    """Dispute a finding: the record or the rule's reading is contested, with the reason."""

    verb = "dispute"
    example = "gtt findings dispute KEY --reason 'the leave was approved by phone; form attached'"
    reason: str = Reason


class RejectDispute(FindingCommand):
    """Reject a dispute: the finding stands and needs an answer again."""

    verb = "reject-dispute"
    example = "gtt findings reject-dispute KEY --reason 'no written approval on file'"
    reason: str = Reason


class WaiveFinding(FindingCommand):
    """Waive a finding with an authority's decision, a reason and an end date (both
    included); the breach is still counted, as waived."""

    verb = "waive"
    example = "gtt findings waive KEY --authority 'County bureau' --reason 'pilot year' --until 2025-12-31"
    authority: str = Field(min_length=1, max_length=200)
    reason: str = Reason
    until: date | None = None


class RemedyFinding(FindingCommand):
    """Record the remedy of a finding: what was done, with evidence, and on which day."""

    verb = "remedy"
    example = "gtt findings remedy KEY --evidence 'back pay slip 2025-05' --on 2025-05-20"
    evidence: str = Field(min_length=1, max_length=1000)
    on: date


class CloseFinding(FindingCommand):
    """Close a finding (answered and checked)."""

    verb = "close"
    example = "gtt findings close KEY --note 'remedy verified'"
    note: str | None = Note


class ReopenFinding(FindingCommand):
    """Reopen a remedied, waived or closed finding."""

    verb = "reopen"
    example = "gtt findings reopen KEY --reason 'the breach recurred in June'"
    reason: str = Reason


COMMANDS: tuple[type[Command], ...] = (
    AcknowledgeFinding, AssignFinding, DisputeFinding, RejectDispute, WaiveFinding, RemedyFinding,
    CloseFinding, ReopenFinding,
)
