"""Reading an organiser's sheet (XLSX or CSV) into numbered rows keyed by the import's fields."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from service.workflow.words import CANDIDATE_FIELDS
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
# Chinese headers an organiser writes, and the field each fills: the catalogue's labels, the
# other names in use, and the import's own dates; the field names themselves are accepted too.
HEADERS: dict[str, str] = {
    **{CANDIDATE_FIELDS[name].zh: name for name in _APPLICANT},
    **{EVIDENCE_FIELDS[name].zh: name for name in ("mentors", "sponsors")},
    "出生年月": "birth_date",
    "身份证号": "id_number",
    "身份证号码": "id_number",
    "当前阶段": "stage",
    "谈话时间": "talk_date",
    "推荐时间": "recommendation_date",
    "确定积极分子时间": "activist_date",
    "列为发展对象时间": "development_target_date",
    "接收预备党员时间": "admission_date",
    "支部大会接收时间": "admission_date",
    "上级党委批准时间": "approval_date",
    "入党宣誓时间": "oath_date",
    "转正时间": "conversion_date",
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
        raise SheetError("the first row must hold the headers, 姓名 and 当前阶段 among them")
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
