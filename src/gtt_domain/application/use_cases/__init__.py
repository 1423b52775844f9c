"""Use-case handlers, one module per aggregate. ``HANDLERS`` joins the modules' explicit
tables, the same way in every process, and checks that every command model has one."""

from __future__ import annotations

from gtt_domain.application.handlers import Handler
from gtt_domain.application.use_cases import (
    adoption,
    agreement,
    calendar,
    community,
    exchange,
    exemption,
    finding,
    institution,
    internship,
    person,
)
from gtt_domain.commands import REGISTRY
from gtt_domain.commands.base import Command

MODULES = (adoption, agreement, calendar, community, exchange, exemption, finding, institution,
           internship, person)


def _join() -> dict[type[Command], Handler]:
    table: dict[type[Command], Handler] = {}
    for module in MODULES:
        for cls, fn in module.HANDLERS.items():
            if cls in table:
                raise RuntimeError(f"{cls.__name__} has two handlers")
            table[cls] = fn
    missing = sorted(name for name, cls in REGISTRY.items() if cls not in table)
    unknown = sorted(cls.__name__ for cls in table if REGISTRY.get(cls.command_name()) is not cls)
    if missing or unknown:
        raise RuntimeError(f"handlers out of step with commands: missing {missing}, unknown {unknown}")
    return table


#: every command model -> the function that carries it out
HANDLERS: dict[type[Command], Handler] = _join()
