"""Bulk import of existing candidates from an organiser's sheet (XLSX or CSV), at their stage.

A use case like the rest of service.app: reads the sheet (openpyxl, csv), rehearses every act
on the pure workflow, and writes each row in one unit of work.
"""

from service.app.importing.rows import RowProblem
from service.app.importing.run import ImportReport, RejectedRow, import_file
from service.app.importing.sheet import HEADERS, SheetError

__all__ = ["HEADERS", "ImportReport", "RejectedRow", "RowProblem", "SheetError", "import_file"]
