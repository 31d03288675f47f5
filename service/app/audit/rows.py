"""History rows read for the audit at full speed: straight from the driver's cursor in batches,
then into the exported form by service.app.history's `content_of`.

No SQLAlchemy row objects or result processing: the statement is compiled and run on the
driver's cursor (a server-side cursor on PostgreSQL), in the caller's transaction.

SQLite keeps dates as text ('2024-01-01', '2024-01-01 08:00:00.001000') and booleans as 0/1.
Parsing the dates only for `content_of` to print them again costs more than hashing the event,
so they reach it as `_Iso` strings that print themselves in the form `date.isoformat` and
`recorded_at_text` give: the hash input is the same bytes. A text in any other form is parsed
as SQLAlchemy would (`fromisoformat`). PostgreSQL returns date objects, which pass through.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from service.adapters.prepared import Prepared
from service.app.audit.events import EVENTS
from service.app.history import EVENT_COLUMNS, content_of

BATCH = 2000

# The columns `stored_content` takes, in order.
EVENT_VALUES = tuple(EVENTS.c[name] for name in EVENT_COLUMNS)
_DAY = EVENT_COLUMNS.index("effective_date")
_MOMENT = EVENT_COLUMNS.index("recorded_at")
_IMPORTED = EVENT_COLUMNS.index("imported")
_DAY_TEXT = re.compile(r"\d{4}-\d\d-\d\d", re.ASCII).fullmatch
_MOMENT_TEXT = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}", re.ASCII).fullmatch


def driver_rows(
    connection: Connection, statement: sa.Select[Any], *, size: int = BATCH
) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of `statement` as the driver returns them, `size` at a time."""
    return Prepared(statement).batches(connection, {}, size=size)


class _Iso(str):
    """A stored date or time already in the ISO form asked of it."""

    __slots__ = ()

    def isoformat(self, timespec: str = "auto") -> str:
        return str(self)


@functools.lru_cache(maxsize=1024)  # events come many a day
def _day(stored: Any) -> Any:
    if stored.__class__ is not str:
        return stored
    return _Iso(stored) if _DAY_TEXT(stored) else date.fromisoformat(stored)


def _moment(stored: Any) -> Any:
    if stored.__class__ is not str:
        return stored
    if _MOMENT_TEXT(stored):
        return _Iso(stored.replace(" ", "T"))
    return datetime.fromisoformat(stored)


def stored_content(values: Sequence[Any]) -> dict[str, Any]:
    """`content_of(values, raw=True)` of the EVENT_COLUMNS values of a driver row."""
    listed = list(values)
    listed[_DAY], listed[_MOMENT] = _day(listed[_DAY]), _moment(listed[_MOMENT])
    listed[_IMPORTED] = bool(listed[_IMPORTED])
    return content_of(listed, raw=True)
