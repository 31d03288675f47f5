"""Bulk import of existing candidates from an organiser's sheet (XLSX or CSV), at their stage."""

from service.importing.rows import RowProblem
from service.importing.run import ImportReport, RejectedRow, import_file
from service.importing.sheet import HEADERS, SheetError

__all__ = ["HEADERS", "ImportReport", "RejectedRow", "RowProblem", "SheetError", "import_file"]
