"""``import_any``: the one entry the CLI calls — a sheet-per-command kind
(:func:`gtt_domain.imports.runner.import_file`) or the roster
(:func:`gtt_domain.imports.roster.import_roster`), which records several commands a row."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from gtt_domain.imports.lifecycle import IMPORT_KINDS
from gtt_domain.imports.roster import Resolve, import_roster
from gtt_domain.imports.runner import ImportReport, import_file

if TYPE_CHECKING:
    from gtt_domain.application.app import GttApplication

#: every ``--kind``: the per-command kinds, then the roster
ALL_KINDS: tuple[str, ...] = (*IMPORT_KINDS, "roster")


def import_any(app: GttApplication, path: str | Path, kind: str, *, resolve: Resolve | None = None,
               default_region: str | None = None, **options: Any) -> ImportReport:
    """``kind`` "roster" takes ``resolve`` (institution names -> ids) and ``default_region``
    (for the institutions it registers); the other kinds ignore both."""
    if kind == "roster":
        options.pop("batch_size", None)
        options.pop("skip_bad", None)  # a roster is all or nothing
        options.pop("rejects", None)
        return import_roster(app, path, resolve=resolve, default_region=default_region, **options)
    return import_file(app, path, kind, **options)


__all__ = ["ALL_KINDS", "import_any"]
