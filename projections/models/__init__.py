"""Concrete projections, one module each; importing this package registers them all.

``timeline`` is imported first so it is the first projection in the registry.
"""

import importlib
import pkgutil

for _m in sorted(pkgutil.iter_modules(__path__), key=lambda m: (m.name != "timeline", m.name)):
    importlib.import_module(f"{__name__}.{_m.name}")
