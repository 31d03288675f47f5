"""Field types every request shares: trimmed text without control characters, bounded dates."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import Path, Query
from pydantic import AfterValidator, Field, StringConstraints

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)


def _no_control_characters(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters")
    return value


def _as_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _in_range(value: date) -> date:
    if not EARLIEST <= value <= LATEST:
        raise ValueError(f"must lie between {EARLIEST} and {LATEST}")
    return value


Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
    AfterValidator(_no_control_characters),
]
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    AfterValidator(_no_control_characters),
]
ShortText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_no_control_characters),
]
MemberId = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=64),
    AfterValidator(_no_control_characters),
]
# The database keeps naive UTC; answers say so ("…Z"), as an RFC 3339 date-time must.
UtcDateTime = Annotated[datetime, AfterValidator(_as_utc)]
Day = Annotated[date, AfterValidator(_in_range), Field(examples=["2025-09-29"])]
Count = Annotated[int, Field(ge=0, le=1_000_000, strict=True)]
# Ids are INTEGER columns (32 bits on PostgreSQL): a larger number names nothing and would
# overflow the driver, so it is refused here, as invalid input, rather than by the database.
MAX_ID = 2**31 - 1
Identifier = Annotated[int, Field(ge=1, le=MAX_ID, strict=True)]
IdInPath = Annotated[int, Path(ge=1, le=MAX_ID)]
IdInQuery = Annotated[int | None, Query(ge=1, le=MAX_ID)]
