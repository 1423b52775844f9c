"""Provenance carried by every event: who recorded it, when, and when it happened.

eventsourcing 9.5 events carry only id, version and timestamp; the record is evidence,
so each of our events also says who wrote it and when the fact took effect in the world.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time


@dataclass(frozen=True)
class EventMeta:
    """Who recorded an event, when it was recorded, and when it took effect.

    ``recorded_at`` comes from the application's injectable clock, never from the
    wall clock inside an aggregate. ``effective_at`` is when the fact happened in the
    world; ``None`` means "when it was recorded".
    """

    actor: str
    recorded_at: datetime
    effective_at: datetime | None = None
    reason: str | None = None
    correlation_id: str | None = None
    #: the operating-system account of the process that recorded the event (beside the
    #: claimed ``actor``); None in events recorded before it was kept
    os_user: str | None = None

    def __post_init__(self) -> None:
        if not self.actor or not self.actor.strip():
            raise ValueError("actor must not be empty")
        if self.recorded_at.tzinfo is None:
            raise ValueError("recorded_at must be timezone-aware")
        if self.effective_at is not None and self.effective_at.tzinfo is None:
            raise ValueError("effective_at must be timezone-aware")

    @property
    def effective(self) -> datetime:
        """The effective time, defaulting to the recording time."""
        return self.effective_at if self.effective_at is not None else self.recorded_at

    def effective_on(self, day: date) -> EventMeta:
        """A copy whose effective time is the start of ``day`` (UTC), unless already set."""
        if self.effective_at is not None:
            return self
        # built without the frozen dataclass's per-field __setattr__ and checks: this
        # meta's values passed them, and a UTC midnight is timezone-aware (one per event)
        copy = object.__new__(EventMeta)
        copy.__dict__.update(self.__dict__)
        copy.__dict__["effective_at"] = datetime.combine(day, time(0), tzinfo=UTC)
        return copy

    def to_dict(self) -> dict[str, str | None]:
        out = {
            "actor": self.actor,
            "recorded_at": self.recorded_at.isoformat(),
            "effective_at": self.effective_at.isoformat() if self.effective_at else None,
            "reason": self.reason,
            "correlation_id": self.correlation_id,
        }
        if self.os_user is not None:  # events recorded before it was kept stay as they were
            out["os_user"] = self.os_user
        return out

    @classmethod
    def from_dict(cls, d: dict[str, str | None]) -> EventMeta:
        eff = d.get("effective_at")
        return cls(
            actor=str(d["actor"]),
            recorded_at=datetime.fromisoformat(str(d["recorded_at"])),
            effective_at=datetime.fromisoformat(eff) if eff else None,
            reason=d.get("reason"),
            correlation_id=d.get("correlation_id"),
            os_user=d.get("os_user"),
        )
