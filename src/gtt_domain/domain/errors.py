"""Domain errors: each names the aggregate, the command and the reason."""

from __future__ import annotations

from uuid import UUID


class GttError(Exception):
    """Base of every error the library raises on purpose."""


class DomainError(GttError):
    """A command that cannot be true was refused; nothing was recorded."""

    def __init__(self, aggregate: str, command: str, reason: str, aggregate_id: UUID | None = None):
        self.aggregate = aggregate
        self.command = command
        self.reason = reason
        self.aggregate_id = aggregate_id
        ident = f" {aggregate_id}" if aggregate_id else ""
        super().__init__(f"{aggregate}{ident}: {command} refused: {reason}")


class NotFoundError(GttError):
    """A referenced aggregate does not exist."""

    def __init__(self, kind: str, aggregate_id: UUID | str):
        self.kind = kind
        self.aggregate_id = aggregate_id
        super().__init__(f"{kind} {aggregate_id} not found")


class ConflictError(GttError):
    """Another writer changed the same aggregate first (optimistic concurrency).

    Safe to retry: reload and re-run the command (see ``gtt_domain.retry_on_conflict``).
    """


class NotAuthorisedError(GttError):
    """The authorisation hook refused the actor for this command."""

    def __init__(self, actor: str, command: str, reason: str = "not permitted"):
        self.actor = actor
        self.command = command
        super().__init__(f"actor {actor!r} may not {command}: {reason}")


class UnusableStoreError(GttError):
    """The store cannot be used as configured (wrong or missing key, an unreadable event,
    an unusable policy); the CLI exits 2."""


class UnreadableEventError(UnusableStoreError):
    """A stored event cannot be decrypted or decoded: reading stops at its position.

    It is never skipped or parked: a read model's position does not move past it, so once
    the cause is fixed (the right key supplied) reading resumes from that event.
    """

    def __init__(self, position: int | None, topic: str, cause: BaseException):
        self.position = position
        self.topic = topic
        self.cause = cause
        where = f"position {position}" if position is not None else "a stored event"
        super().__init__(f"cannot read the event at {where} ({topic}): {type(cause).__name__}: {cause}")
