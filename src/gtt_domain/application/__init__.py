"""Application layer: the one eventsourcing Application, commands in, ids out."""

from gtt_domain.application import use_cases  # noqa: F401  (registers handlers)
from gtt_domain.application.app import BatchError, GttApplication, system_clock

__all__ = ["GttApplication", "BatchError", "system_clock"]
