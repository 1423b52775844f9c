"""gtt-domain: the replayable record of cooperation in communities of shared future."""

from gtt_domain.application import BatchError, GttApplication
from gtt_domain.application.retry import retry_on_conflict
from gtt_domain.commands import REGISTRY as COMMANDS
from gtt_domain.commands import Command
from gtt_domain.domain.base import natural_id
from gtt_domain.domain.errors import (
    ConflictError,
    DomainError,
    GttError,
    NotAuthorisedError,
    NotFoundError,
)
from gtt_domain.domain.meta import EventMeta

__all__ = [
    "GttApplication", "BatchError", "Command", "COMMANDS", "EventMeta", "natural_id",
    "retry_on_conflict",
    "GttError", "DomainError", "NotFoundError", "ConflictError", "NotAuthorisedError",
]
