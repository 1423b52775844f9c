"""Bulk import of spreadsheets (CSV) and JSON Lines into the record; see docs/import.md.

``import_file(app, path, kind)`` validates the whole file, then records it in batches;
re-importing a file records nothing twice.
"""

from gtt_domain.imports.kinds import KINDS, ImportKind
from gtt_domain.imports.reading import ImportFileError
from gtt_domain.imports.runner import ImportInterrupted, ImportReport, RowError, import_file

__all__ = ["KINDS", "ImportFileError", "ImportInterrupted", "ImportKind", "ImportReport", "RowError", "import_file"]
