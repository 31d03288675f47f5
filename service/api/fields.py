"""Field types every request shares: trimmed text without control characters, bounded dates.
Their own errors carry types of their own (control_characters, day_format, day_range), which
service/api/input_errors.py words for people."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import Path, Query
from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)


def _no_control_characters(value: str) -> str:
    if _CONTROL.search(value):
        raise PydanticCustomError("control_characters", "must not contain control characters")
    return value


def _whole_number(value: object) -> object:
    # JSON Schema's `integer` admits 3.0; strict mode (no "3", no true) would refuse it.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _as_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _written_as_a_day(value: object) -> object:
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DAY.fullmatch(value)):
        return value
    raise PydanticCustomError("day_format", "must be a day written YYYY-MM-DD")


def _in_range(value: date) -> date:
    if not EARLIEST <= value <= LATEST:
        raise PydanticCustomError(
            "day_range",
            "must lie between {earliest} and {latest}",
            {"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
        )
    return value


# The schema's statement of the validators: no control characters, something besides spaces.
_PLAIN = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
_TEXT_SCHEMA = Field(json_schema_extra={"pattern": rf"^{_PLAIN}*[^\s\x00-\x1f\x7f]{_PLAIN}*$"})
WholeNumber = BeforeValidator(_whole_number)

Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
    AfterValidator(_no_control_characters),
    _TEXT_SCHEMA,
]
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    AfterValidator(_no_control_characters),
    _TEXT_SCHEMA,
]
ShortText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_no_control_characters),
    _TEXT_SCHEMA,
]
MemberId = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=64),
    AfterValidator(_no_control_characters),
    _TEXT_SCHEMA,
]
# The database keeps naive UTC; answers say so ("…Z"), as an RFC 3339 date-time must.
UtcDateTime = Annotated[datetime, AfterValidator(_as_utc)]
# A day is written YYYY-MM-DD (pydantic alone would also read "0" as 1970-01-01) and lies in
# 1900-2100; the pattern beside `format: date` tells the schema's readers the same range.
DAY_PATTERN = r"^(19\d\d|20\d\d|2100)-\d\d-\d\d$"
Day = Annotated[
    date,
    BeforeValidator(_written_as_a_day),
    AfterValidator(_in_range),
    Field(examples=["2025-09-29"], json_schema_extra={"pattern": DAY_PATTERN}),
]
Count = Annotated[int, Field(ge=0, le=1_000_000, strict=True), WholeNumber]
# Ids are INTEGER columns (32 bits on PostgreSQL): a larger number names nothing and would
# overflow the driver, so it is refused here, as invalid input, rather than by the database.
MAX_ID = 2**31 - 1
Identifier = Annotated[int, Field(ge=1, le=MAX_ID, strict=True), WholeNumber]
IdInPath = Annotated[int, Path(ge=1, le=MAX_ID)]
IdInQuery = Annotated[int | None, Query(ge=1, le=MAX_ID)]
# A page's `next_cursor` is the last id or seq it showed: the same 32 bits bound it.
Cursor = Annotated[
    int | None, Query(ge=0, le=MAX_ID, description="The `next_cursor` of the page before.")
]
