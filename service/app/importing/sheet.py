"""Reading an organiser's sheet (XLSX or CSV) into numbered rows keyed by the import's fields."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from service.workflow.words import CANDIDATE_FIELDS, DATES, LEDGER_COLUMNS, OLD_HEADERS
from service.workflow.words import FIELDS as EVIDENCE_FIELDS

_APPLICANT = (
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "id_number",
    "education",
    "work_unit",
    "phone",
    "application_date",
)
# The import's own columns, by the catalogue's column (a date's key or a ledger column's).
_COLUMNS = {
    "birth_month": "birth_date",
    "state": "stage",
    "talk_date": "talk_date",
    "recommendation_date": "recommendation_date",
    "activist_since": "activist_date",
    "development_target_since": "development_target_date",
    "admission_ballot_on": "admission_date",
    "admitted_on": "approval_date",
    "oath_on": "oath_date",
    "full_member_since": "conversion_date",
}
_COLUMN_WORDS = {**LEDGER_COLUMNS, **DATES}
# Chinese headers an organiser writes, and the field each fills: the catalogue's labels and
# the older wordings sheets still carry; the field names themselves are accepted too.
HEADERS: dict[str, str] = {
    **{CANDIDATE_FIELDS[name].zh: name for name in _APPLICANT},
    **{EVIDENCE_FIELDS[name].zh: name for name in ("mentors", "sponsors")},
    **{_COLUMN_WORDS[column].zh: name for column, name in _COLUMNS.items()},
    **{
        old: _COLUMNS.get(column, column)
        for column, wordings in OLD_HEADERS.items()
        for old in wordings
    },
}
FIELDS = frozenset(HEADERS.values())


class SheetError(Exception):
    """The file cannot be read as a sheet of candidates (format, or no usable header)."""


@dataclass(frozen=True, slots=True)
class RawRow:
    """One data row as read: `number` is the row number the organiser sees (header = 1)."""

    number: int
    values: dict[str, Any]


def _field(header: Any) -> str | None:
    text = str(header).strip() if header is not None else ""
    return HEADERS.get(text) or (text if text in FIELDS else None)


def _rows(header: list[Any], body: Iterator[tuple[Any, ...]]) -> Iterator[RawRow]:
    fields = [_field(name) for name in header]
    if "name" not in fields or "stage" not in fields:
        raise SheetError(
            f"the first row must hold the headers, {CANDIDATE_FIELDS['name'].zh} and "
            f"{LEDGER_COLUMNS['state'].zh} among them"
        )
    for number, cells in enumerate(body, start=2):
        values = {
            field: value
            for field, value in zip(fields, cells, strict=False)
            if field is not None and value not in (None, "")
        }
        if values:
            yield RawRow(number, values)


def read_sheet(path: Path) -> list[RawRow]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise SheetError("the file is empty")
            return list(_rows(list(header), (tuple(row) for row in reader)))
    if suffix in (".xlsx", ".xlsm"):
        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            cells = sheet.iter_rows(values_only=True)
            header = next(cells, None)
            if header is None:
                raise SheetError("the sheet is empty")
            return [_with_dates(row) for row in _rows(list(header), cells)]
        finally:
            workbook.close()
    raise SheetError(f"unsupported file type {suffix or '(none)'}: use .xlsx or .csv")


def _with_dates(row: RawRow) -> RawRow:
    values = {
        key: value.date() if isinstance(value, datetime) else value
        for key, value in row.values.items()
    }
    return RawRow(row.number, values)
