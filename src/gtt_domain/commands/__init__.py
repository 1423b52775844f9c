"""Command models (pydantic), one module per aggregate. Importing this package imports
every module, so ``REGISTRY`` always holds every command ("group.verb" -> model)."""

import importlib
import pkgutil

from gtt_domain.commands.base import REGISTRY, Command

for _m in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    importlib.import_module(f"{__name__}.{_m.name}")

__all__ = ["Command", "REGISTRY"]
