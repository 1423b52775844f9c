"""Command models: the validated input of every use case."""

from gtt_domain.commands.base import REGISTRY, Command

__all__ = ["Command", "REGISTRY"]
