"""Tables as files for spreadsheet users: CSV in UTF-8 with a BOM for programs, and XLSX
(openpyxl) set up to print as a clerk files it."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from typing import Any
from unicodedata import east_asian_width

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

# Excel opens a CSV as UTF-8 only when it starts with a byte order mark; without it Chinese
# turns into mojibake on the organiser's desktop.
BOM = "\ufeff"
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_STARTS = ("=", "+", "-", "@")

Cell = str | date | int | None

MAX_WIDTH = 40
DATE_WIDTH = 14  # 2024年12月31日
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
TITLE_FONT = Font(name="宋体", size=16, bold=True)
HEADER_FONT = Font(name="宋体", size=11, bold=True)
BODY_FONT = Font(name="宋体", size=10.5)
ROW_HEIGHT = 20
FILL = PatternFill("solid", fgColor="F2F2F2")
CENTERED = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAPPED = Alignment(vertical="center", wrap_text=True, indent=1)


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


def display_width(value: Cell) -> int:
    """Columns a value takes in a spreadsheet: a CJK (wide) character counts two."""
    if isinstance(value, date):
        return DATE_WIDTH
    return sum(2 if east_asian_width(char) in "WF" else 1 for char in _text(value))


def to_xlsx(
    sheet_name: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    *,
    title: str,
    number_header: str = "序号",
) -> bytes:
    """A sheet as a clerk prints it: `title` across the top, numbered rows under a header that
    repeats on every printed page, thin borders, A4 landscape fitted to one page wide."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_name[:31])
    columns = [number_header, *headers]
    widths = [display_width(header) for header in columns]
    widths[0] = max(widths[0], len(str(len(rows))))
    for row in rows:
        for index, value in enumerate(row, start=1):
            widths[index] = max(widths[index], display_width(value))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_WIDTH)
    last = get_column_letter(len(columns))
    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "2:2"
    sheet.merged_cells.add(f"A1:{last}1")
    _print_setup(sheet)
    heading = WriteOnlyCell(sheet, value=title)
    heading.font, heading.alignment = TITLE_FONT, CENTERED
    sheet.row_dimensions[1].height = 32
    sheet.append([heading])
    sheet.row_dimensions[2].height = 24
    sheet.append([_styled(sheet, header, HEADER_FONT, CENTERED, FILL) for header in columns])
    for number, row in enumerate(rows, start=1):
        sheet.row_dimensions[number + 2].height = ROW_HEIGHT
        sheet.append([_xlsx_cell(sheet, number), *(_xlsx_cell(sheet, value) for value in row)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _print_setup(sheet: Any) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"


def _styled(
    sheet: Any, value: Cell, font: Font | None, alignment: Alignment, fill: PatternFill | None
) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.border, cell.alignment = BORDER, alignment
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    return cell


def _xlsx_cell(sheet: Any, value: Cell) -> WriteOnlyCell:
    centered = isinstance(value, date | int)
    cell = _styled(sheet, _defused(value), BODY_FONT, CENTERED if centered else WRAPPED, None)
    if isinstance(value, date):
        # Without a number format a date cell shows as a serial number.
        cell.number_format = DATE_FORMAT
    return cell
