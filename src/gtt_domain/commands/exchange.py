"""Commands on exchanges: planning, filing, approval, days on site, reviews, outcome.

Each model validates only the shape of the input; whether a fact can be true of the
exchange is the aggregate's call, and policy breaches (started before filing) are recorded.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from pydantic import Field

from gtt_domain.commands.base import Command
from gtt_domain.domain.exchange_parts import AssessmentResult, ExchangeKind, ExchangeMode

Text = Field(min_length=1, max_length=500)
Target = Annotated[str, Field(min_length=1, max_length=300)]
MetricKey = Annotated[str, Field(min_length=1, max_length=60)]


class ExchangeCommand(Command):
    group = "exchange"

    exchange_id: UUID


class PlanExchange(Command):
    """Plan an exchange of a person from a sending institution to a host for a cycle;
    with an external id, planning again returns the same id and records nothing."""

    group = "exchange"
    verb = "plan"
    example = ("gtt exchange plan --person-id PID --sending-id SCH --host-id BR --kind rotation "
               "--planned-start 2025-09-01 --planned-end 2027-07-15")

    person_id: UUID
    sending_id: UUID
    host_id: UUID
    kind: ExchangeKind
    mode: ExchangeMode = ExchangeMode.FLEXIBLE
    community_id: UUID | None = Field(None, description="the community (group) it belongs to")
    agreement_id: UUID | None = Field(None, description="the agreement it runs under")
    planned_start: date
    planned_end: date
    targets: list[Target] = Field(default_factory=list, description="duties and quality targets")
    external_id: str | None = Field(None, min_length=1, max_length=100,
                                    description="natural key from an import; repeats are no-ops")


class SetExchangeTargets(ExchangeCommand):
    """Set (replace) the exchange's duties and quality targets (P1-R4, P1-R5)."""

    verb = "set-targets"
    example = "gtt exchange set-targets --exchange-id ID --targets 'Raise grade-5 maths pass rate'"

    targets: list[Target] = Field(min_length=1)


class FileExchange(ExchangeCommand):
    """Record the filing of the exchange plan with an authority (P1-R4)."""

    verb = "file"
    example = ("gtt exchange file --exchange-id ID --authority 'County bureau personnel section' "
               "--filed-on 2025-08-20")

    authority: str = Field(min_length=1, max_length=200)
    filed_on: date


class ApproveExchange(ExchangeCommand):
    """Record the bureau's approval of the deployment (P1-S4)."""

    verb = "approve"
    example = "gtt exchange approve --exchange-id ID --by 'County bureau' --on 2025-08-25"

    by: str = Field(min_length=1, max_length=200, description="who approved")
    on: date


class StartExchange(ExchangeCommand):
    """Record the start of the exchange."""

    verb = "start"
    example = "gtt exchange start --exchange-id ID --on 2025-09-01"

    on: date


class LogDaysOnSite(ExchangeCommand):
    """Log the days spent on site within a span (one day: from = to, days 1)."""

    verb = "log-days"
    example = "gtt exchange log-days --exchange-id ID --from-day 2025-09-01 --to-day 2025-09-30 --days 21"

    from_day: date
    to_day: date
    days: int = Field(ge=0, le=3660, description="days on site within the span")


class CorrectDaysOnSite(ExchangeCommand):
    """Correct (or, with --retract, withdraw) the days logged from a day: the original stays
    on record; the correction says who changed what and why."""

    verb = "correct-days"
    example = ("gtt exchange correct-days --exchange-id ID --from-day 2025-09-01 --days 18 "
               "--reason 'sign-in sheet shows 18 days'")

    from_day: date = Field(description="the first day of the span as logged")
    to_day: date | None = None
    days: int | None = Field(None, ge=0, le=3660)
    retract: bool = Field(False, description="withdraw the span as logged in error")
    reason: str = Field(min_length=1, max_length=500, description="why the record was wrong")


class RecordInterimReview(ExchangeCommand):
    """Record an interim review of the exchange."""

    verb = "record-review"
    example = "gtt exchange record-review --exchange-id ID --on 2026-01-15 --summary 'On track'"

    on: date
    summary: str = Text
    rating: str | None = Field(None, min_length=1, max_length=40)


class CompleteExchange(ExchangeCommand):
    """Record the completion of the exchange."""

    verb = "complete"
    example = "gtt exchange complete --exchange-id ID --on 2027-07-15"

    on: date


class AssessExchange(ExchangeCommand):
    """Record the assessment of a completed exchange (P1-R7), with its metrics."""

    verb = "assess"
    example = ("gtt exchange assess --exchange-id ID --on 2027-07-30 --result good "
               "--metrics '{\"pass_rate_gain\": 6.5}'")

    on: date
    result: AssessmentResult
    metrics: dict[MetricKey, Decimal | Annotated[str, Field(max_length=300)]] = Field(default_factory=dict)


class CancelExchange(ExchangeCommand):
    """Cancel an exchange that has not been completed."""

    verb = "cancel"
    example = "gtt exchange cancel --exchange-id ID --on 2025-08-30 --reason 'Teacher on sick leave'"

    on: date
    reason: str = Text


#: the commands of this module, in the order of their help (an explicit list)
COMMANDS: tuple[type[Command], ...] = (
    PlanExchange,
    SetExchangeTargets,
    FileExchange,
    ApproveExchange,
    StartExchange,
    LogDaysOnSite,
    CorrectDaysOnSite,
    RecordInterimReview,
    CompleteExchange,
    AssessExchange,
    CancelExchange,
)
