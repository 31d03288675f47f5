"""The audit's long scans of the history: rows streamed through SQLAlchemy Core on the unit of
work's connection, a partition at a time, so memory stays flat however long the history is."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVarTuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

BATCH = 2000
Columns = TypeVarTuple("Columns")


def partitions(
    connection: Connection, statement: sa.Select[*Columns], *, size: int = BATCH
) -> Iterator[Sequence[Row[*Columns]]]:
    """The rows of `statement`, `size` at a time, in the connection's transaction: through a
    server-side cursor on PostgreSQL, and never more than one partition held in memory."""
    with connection.execute(statement, execution_options={"yield_per": size}) as result:
        yield from result.partitions()
