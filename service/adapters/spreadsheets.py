"""Tables as files for spreadsheet users: CSV in UTF-8 with a BOM, and XLSX (openpyxl)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# Excel opens a CSV as UTF-8 only when it starts with a byte order mark; without it Chinese
# turns into mojibake on the organiser's desktop.
BOM = "\ufeff"
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_STARTS = ("=", "+", "-", "@")

Cell = str | date | int | None


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _defused(value: Cell) -> Cell:
    """User text that a spreadsheet would run as a formula is kept as text."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_text(_defused(value)) for value in row])
    return buffer.getvalue().encode("utf-8")


def to_xlsx(title: str, headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, 2 * len(header) + 4)
    bold = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = Font(bold=True)
        bold.append(cell)
    sheet.append(bold)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet: object, value: Cell) -> WriteOnlyCell | Cell:
    if isinstance(value, date):
        # Without a number format a date cell shows as a serial number.
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return _defused(value)
