"""Bulk import of existing candidates from an organiser's sheet (XLSX or CSV), at their stage."""

from service.app.importing.rows import RowProblem
from service.app.importing.run import ImportReport, RejectedRow, import_file
from service.app.importing.sheet import HEADERS, SheetError

__all__ = ["HEADERS", "ImportReport", "RejectedRow", "RowProblem", "SheetError", "import_file"]
