"""Bulk import of spreadsheets (CSV) and JSON Lines into the record; see docs/import.md.

``import_file(app, path, kind)`` validates the whole file, then records it in batches;
re-importing a file records nothing twice. ``import_roster`` records a one-sheet roster
(institutions, students, internships) in one transaction; ``import_any`` takes either.
"""

from gtt_domain.imports.dispatch import ALL_KINDS, import_any
from gtt_domain.imports.kinds import KINDS, ImportKind
from gtt_domain.imports.reading import ImportFileError
from gtt_domain.imports.roster import import_roster
from gtt_domain.imports.runner import ImportInterrupted, ImportReport, RowError, import_file

__all__ = ["ALL_KINDS", "KINDS", "ImportFileError", "ImportInterrupted", "ImportKind", "ImportReport", "RowError",
           "import_any", "import_file", "import_roster"]
