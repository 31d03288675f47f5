"""Core statements of the act's hot path, compiled once per dialect and run on the DBAPI cursor.

SQLAlchemy still writes the SQL (so it stays right for SQLite and PostgreSQL alike) and its
column types still convert values both ways; what is skipped is the work it repeats on every
execution of a statement it has cached: the cache key, the execution context and the row
objects: about 15 µs a statement here, and the act's use case went from 524 to 364 µs
(bench/README.md). For the statements run on every act, and for the audit's long scans;
everything else uses the Connection.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.sql.compiler import SQLCompiler

Processor = Callable[[Any], Any] | None
_SCANS = itertools.count()  # names of server-side cursors


class _Compiled:
    def __init__(
        self, statement: sa.ClauseElement, dialect: Dialect, column_keys: Sequence[str] | None
    ) -> None:
        compiled = statement.compile(
            dialect=dialect, column_keys=list(column_keys) if column_keys else None
        )
        assert isinstance(compiled, SQLCompiler)
        self.sql = compiled.string
        binds = {name: bind for bind, name in compiled.bind_names.items()}
        if any(bind.expanding for bind in binds.values()):
            raise ValueError("IN (…) lists are rendered per execution: run them on the Connection")
        self.positional = compiled.positional
        self.names: tuple[str, ...] = tuple(
            compiled.positiontup or () if compiled.positional else dict.fromkeys(binds)
        )
        # Literals in the statement (`id = 1`) are binds too, with their value.
        self.fixed = {name: bind.value for name, bind in binds.items() if not bind.required}
        self.bind_processors: tuple[Processor, ...] = tuple(
            binds[name].type.dialect_impl(dialect).bind_processor(dialect) for name in self.names
        )
        # What a SELECT selects, or what an INSERT/UPDATE returns.
        returned: Sequence[Any] = (
            getattr(statement, "selected_columns", None)
            or getattr(statement, "_returning", None)
            or ()
        )
        self.result_processors: tuple[Processor, ...] = tuple(
            column.type.dialect_impl(dialect).result_processor(dialect, None) for column in returned
        )
        self.converts_results = any(self.result_processors)

    def parameters(self, params: Mapping[str, Any]) -> Sequence[Any] | dict[str, Any]:
        values = [
            value if process is None else process(value)
            for value, process in zip(
                (params[name] if name in params else self.fixed[name] for name in self.names),
                self.bind_processors,
                strict=True,
            )
        ]
        return values if self.positional else dict(zip(self.names, values, strict=True))

    def row(self, values: Sequence[Any]) -> tuple[Any, ...]:
        if not self.converts_results:
            return tuple(values)
        return tuple(
            value if process is None or value is None else process(value)
            for value, process in zip(values, self.result_processors, strict=True)
        )


class Prepared:
    """A statement run on the connection's DBAPI cursor, inside its current transaction."""

    def __init__(self, statement: sa.ClauseElement, *, column_keys: Sequence[str] | None = None):
        self._statement = statement
        self._column_keys = column_keys
        self._compiled: dict[str, _Compiled] = {}

    def _for(self, dialect: Dialect) -> _Compiled:
        found = self._compiled.get(dialect.name)
        if found is None:
            found = self._compiled[dialect.name] = _Compiled(
                self._statement, dialect, self._column_keys
            )
        return found

    def rows(self, connection: Connection, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """Execute and return the rows (a SELECT, or a statement with RETURNING)."""
        compiled = self._for(connection.dialect)
        cursor = connection.connection.cursor()
        try:
            cursor.execute(compiled.sql, compiled.parameters(params))
            return [compiled.row(values) for values in cursor.fetchall()]
        finally:
            cursor.close()

    def rows_then_commit(
        self, connection: Connection, params: Mapping[str, Any]
    ) -> list[tuple[Any, ...]]:
        """PostgreSQL: execute, then COMMIT the connection's transaction, sent together in one
        round trip (a psycopg pipeline); the rows once both are done. SQLAlchemy's own commit
        afterwards finds nothing left to commit, and a failure leaves nothing committed."""
        if connection.dialect.name != "postgresql":
            raise ValueError("one round trip for a statement and its COMMIT is PostgreSQL's")
        compiled = self._for(connection.dialect)
        driver: Any = connection.connection.driver_connection
        with driver.pipeline():
            cursor = driver.cursor()
            cursor.execute(compiled.sql, compiled.parameters(params))
            driver.commit()
        return [compiled.row(values) for values in cursor.fetchall()]

    def batches(
        self, connection: Connection, params: Mapping[str, Any], *, size: int
    ) -> Iterator[list[tuple[Any, ...]]]:
        """The rows as the driver returns them (no type conversion), `size` at a time: for
        long scans, through a server-side cursor on PostgreSQL."""
        compiled = self._for(connection.dialect)
        driver: Any = connection.connection.driver_connection
        if connection.dialect.name == "postgresql":
            cursor = driver.cursor(f"scan_{next(_SCANS)}")
        else:
            cursor = driver.cursor()
        try:
            cursor.execute(compiled.sql, compiled.parameters(params))
            while rows := cursor.fetchmany(size):
                yield rows
        finally:
            cursor.close()

    def run(self, connection: Connection, params: Mapping[str, Any]) -> int:
        """Execute; the number of rows it changed."""
        compiled = self._for(connection.dialect)
        cursor = connection.connection.cursor()
        try:
            cursor.execute(compiled.sql, compiled.parameters(params))
            return int(cursor.rowcount)
        finally:
            cursor.close()
