"""The registry that maps each command class to the function that carries it out."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from gtt_domain.commands.base import Command, register

if TYPE_CHECKING:
    from gtt_domain.application.unit_of_work import UnitOfWork
    from gtt_domain.domain.meta import EventMeta

C = TypeVar("C", bound=Command)
Handler = Callable[["UnitOfWork", Any, "EventMeta"], UUID]

HANDLERS: dict[type[Command], Handler] = {}


def handles(command_class: type[C]) -> Callable[[Callable[[UnitOfWork, C, EventMeta], UUID]], Handler]:
    """Decorator: register ``fn(uow, command, meta) -> id`` as the handler of a command."""

    def deco(fn: Callable[[UnitOfWork, C, EventMeta], UUID]) -> Handler:
        if command_class in HANDLERS:
            raise RuntimeError(f"{command_class.__name__} already has a handler")
        register(command_class)
        HANDLERS[command_class] = fn
        return fn

    return deco
