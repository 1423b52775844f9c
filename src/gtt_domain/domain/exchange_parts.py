"""Values and state records of the Exchange aggregate (kept apart to keep modules short).

Enum values are stored in events: never rename one. The ``@state_type`` records are
snapshot-able; their module path names their transcoding, so do not move them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # mypy sees the plain dataclass that ``state_type`` makes
    from dataclasses import dataclass as state_type
else:
    from gtt_domain.domain.base import state_type


class ExchangeKind(StrEnum):
    ROTATION = "rotation"  # P1-R4, N-ROT
    SUPPORT_TEACHING = "support_teaching"  # P1-R5
    SHADOW_LEARNING = "shadow_learning"  # P1-R6
    ENTERPRISE_PRACTICE = "enterprise_practice"  # P6-R5, P12-R3, N-TEP
    EXPERT_TEACHING = "expert_teaching"  # P12-R4
    SECONDMENT = "secondment"  # P13-R6
    MEDICAL_DISPATCH = "medical_dispatch"  # P4
    ADVANCED_STUDY = "advanced_study"  # P4


class ExchangeMode(StrEnum):
    """P3: rigid (personnel relation moves) or flexible (it stays) flow."""

    RIGID = "rigid"
    FLEXIBLE = "flexible"


class AssessmentResult(StrEnum):
    EXCELLENT = "excellent"
    GOOD = "good"
    PASS = "pass"
    FAIL = "fail"


class ExchangeStatus(StrEnum):
    PLANNED = "planned"
    STARTED = "started"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


@state_type
class Filing:
    authority: str
    filed_on: date


@state_type
class OnSiteDays:
    """``days`` spent on site within ``[from_day, to_day]`` (P1-R9, P6-R5, N-TEP-1)."""

    from_day: date
    to_day: date
    days: int

    def overlaps(self, start: date, end: date) -> bool:
        return self.from_day <= end and start <= self.to_day


@state_type
class InterimReview:
    on: date
    summary: str
    rating: str | None = None


@state_type
class Assessment:
    on: date
    result: str
    metrics: dict[str, Decimal | str]
