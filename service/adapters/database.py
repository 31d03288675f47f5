"""Engines for SQLite and PostgreSQL, and the unit of work every use case runs in."""

from __future__ import annotations

import functools
import threading
import weakref
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import sqlalchemy as sa
import structlog
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

SQLITE_BUSY_TIMEOUT_MS = 10_000
_WRITE_OPTION = "recruitflow_write"
_logger = structlog.get_logger("recruitflow.db")
# One per SQLite engine: see UnitOfWork.
_write_locks: weakref.WeakKeyDictionary[Engine, threading.Lock] = weakref.WeakKeyDictionary()


class DatabaseUnavailable(Exception):
    """No connection could be had: the pool stayed exhausted past its timeout, or the database
    refused to connect (too many clients, down). Nothing was written; worth a retry soon."""

    retry_after_seconds = 2


def make_engine(
    url: str,
    *,
    echo: bool = False,
    background_checkpoints: bool = False,
    pool_size: int = 5,
    max_overflow: int = 5,
    pool_timeout: float = 10.0,
) -> Engine:
    """An engine tuned for the service; `postgresql://` URLs get the psycopg 3 driver.

    `background_checkpoints` (SQLite): commits never checkpoint the WAL themselves; the
    caller runs a WalCheckpointer for the engine. The pool (PostgreSQL) holds `pool_size`
    connections and opens up to `max_overflow` more; a checkout waits `pool_timeout` seconds.
    """
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, echo=echo, background_checkpoints=background_checkpoints)
    # hide_parameters keeps candidates' personal data out of exception messages and logs.
    # Every process holds at most pool_size + max_overflow connections: the deployment keeps
    # instances × workers × that under the server's max_connections (README, Scale-out);
    # threads beyond it wait for a connection rather than open one the server would refuse.
    return sa.create_engine(
        parsed,
        echo=echo,
        hide_parameters=True,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_timeout=pool_timeout,
        pool_pre_ping=True,
    )


def dialect_insert(connection: Connection, table: sa.Table) -> postgresql.Insert | sqlite.Insert:
    """An INSERT that can say what to do on conflict (`on_conflict_do_nothing`/`_do_update`):
    both engines spell it alike, so creating what may already exist is one statement."""
    if connection.dialect.name == "sqlite":
        return sqlite.insert(table)
    return postgresql.insert(table)


def _sqlite_engine(url: sa.URL, *, echo: bool, background_checkpoints: bool) -> Engine:
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(
        url,
        echo=echo,
        hide_parameters=True,
        connect_args={"check_same_thread": False},
    )
    event.listen(
        engine,
        "connect",
        functools.partial(_configure_sqlite_connection, autocheckpoint=not background_checkpoints),
    )
    event.listen(engine, "begin", _begin_sqlite_transaction)
    _write_locks[engine] = threading.Lock()
    return engine


def _configure_sqlite_connection(
    dbapi_connection: Any, _record: Any, *, autocheckpoint: bool = True
) -> None:
    # sqlite3's own transaction handling never BEGINs before a SELECT and commits before DDL;
    # taking BEGIN over (SQLAlchemy's documented recipe) gives repeatable reads and
    # transactional migrations.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        if not autocheckpoint:
            cursor.execute("PRAGMA wal_autocheckpoint=0")
    finally:
        cursor.close()


def _begin_sqlite_transaction(connection: sa.Connection) -> None:
    # A deferred transaction that later writes can fail with SQLITE_BUSY without waiting;
    # IMMEDIATE takes the write lock up front, so writers queue on busy_timeout instead.
    write = connection.get_execution_options().get(_WRITE_OPTION)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


class WalCheckpointer:
    """SQLite's WAL copied into the database file by a thread of its own, not by commits.

    By default SQLite checkpoints inside whichever commit crosses 1,000 WAL pages: that write,
    and every write queued behind it, waits for the copy and its fsync (on the act load, p99
    35 ms with them, 27 ms without; bench/README.md). For an engine made with
    `background_checkpoints=True`
    this thread runs a PASSIVE checkpoint, which never waits for readers or writers, every
    `interval` seconds instead.
    """

    def __init__(self, engine: Engine, *, interval: float = 0.5) -> None:
        self._engine = engine
        self._interval = interval
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def checkpoint(self) -> tuple[int, int]:
        """One PASSIVE checkpoint now: the frames in the WAL, and how many of them are copied
        into the database file (all, unless a reader still needs older ones)."""
        with self._engine.connect() as connection:
            _busy, in_wal, copied = connection.exec_driver_sql(
                "PRAGMA wal_checkpoint(PASSIVE)"
            ).one()
        return int(in_wal), int(copied)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="wal-checkpointer", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        if self._thread is not None:
            self._thread.join()
        self.checkpoint()

    def _run(self) -> None:
        while not self._stopped.wait(self._interval):
            try:
                self.checkpoint()
            except Exception:  # a failed checkpoint is retried at the next interval
                _logger.exception("wal_checkpoint_failed")


class UnitOfWork:
    """One transaction: `with UnitOfWork(engine, write=True) as uow: ...; uow.commit()`.

    The transaction is on `connection`; `session`, an ORM session joined to it, is made on
    first use. Leaving the block without `commit()` rolls everything back. With `snapshot`,
    every read sees the database as it was when the first one ran (for long scans: exports,
    verification).

    On SQLite a write unit of work takes the database's write lock as it begins (BEGIN
    IMMEDIATE); writers of other processes wait for it on the busy timeout. Writers of this
    process first take turns on a plain lock of their engine: SQLite's busy handler sleeps
    between tries (up to 100 ms), a waiter on the lock wakes as soon as it is free. Under the
    act load (bench.run, 16 clients, measured before the served app's `def` routes shared one
    thread on SQLite) p99 was 445–489 ms without it, 62–80 ms with it; it still orders the
    writers of any other threads (clients without the lifespan, scripts). Reads take neither.
    """

    def __init__(self, engine: Engine, *, write: bool = False, snapshot: bool = False) -> None:
        self._engine = engine
        self._write = write
        self._snapshot = snapshot
        self._connection: Connection | None = None
        self._transaction: sa.RootTransaction | None = None
        self._session: Session | None = None
        self._lock = _write_locks.get(engine) if write else None

    @property
    def connection(self) -> Connection:
        if self._connection is None:
            raise RuntimeError("the unit of work is not open: use it in a with block")
        return self._connection

    @property
    def session(self) -> Session:
        if self._session is None:
            self._session = Session(bind=self.connection, expire_on_commit=False)
        return self._session

    def __enter__(self) -> Self:
        if self._connection is not None:
            raise RuntimeError("the unit of work is already open")
        if self._lock is not None:
            self._lock.acquire()
        try:
            self._connection = self._engine.connect()
            # Options set on this checkout only (a Connection's options change it in place).
            if self._write:
                self._connection.execution_options(**{_WRITE_OPTION: True})
            if self._snapshot and not is_sqlite(self._engine):
                # One consistent view for the whole unit of work (a SQLite read transaction
                # is one already).
                self._connection.execution_options(isolation_level="REPEATABLE READ")
            self._transaction = self._connection.begin()
        except (sa.exc.TimeoutError, sa.exc.OperationalError) as exc:
            # Nothing has been run yet: the caller may answer "try again" with a clear conscience.
            self._abandon()
            raise DatabaseUnavailable(
                "the database cannot take this request now; try again shortly"
            ) from exc
        except BaseException:
            self._abandon()
            raise
        return self

    def _abandon(self) -> None:
        """Undo a half-done `__enter__`."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        if self._lock is not None:
            self._lock.release()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        session, self._session = self._session, None
        connection, self._connection = self._connection, None
        self._transaction = None
        try:
            if session is not None:
                # close() leaves what was loaded readable after the block (rollback() would
                # expire it); the transaction is the connection's, ended just below.
                session.close()
        finally:
            try:
                if connection is not None:
                    connection.close()  # rolls back what was not committed
            finally:
                if self._lock is not None:
                    self._lock.release()

    def commit(self) -> None:
        if self._transaction is None:
            raise RuntimeError("the unit of work is not open: use it in a with block")
        if self._session is not None:
            self._session.flush()
        self._transaction.commit()


class InlineReader:
    """A SQLite connection of its own (not the pool's) for one-row reads made on the event
    loop, where a thread hand-off would cost more than the read.

    An engine of its own holds that one connection in autocommit: in WAL mode a reader never
    waits for a writer, and each read is its own read transaction, ended before `scalar`
    returns, so it sees every transaction committed before it began, in any process. The busy
    timeout is zero: should the database be busy after all (recovery after a crash), `scalar`
    answers None at once and the caller reads on a thread instead. `for_engine` gives None for
    an engine this cannot serve (PostgreSQL, over the network; an in-memory SQLite database,
    which a second connection would not see).
    """

    def __init__(self, url: sa.URL) -> None:
        self._engine = sa.create_engine(
            url,
            poolclass=StaticPool,
            connect_args={"check_same_thread": False, "timeout": 0},
            isolation_level="AUTOCOMMIT",
        )
        self._connection: Connection | None = None
        self._lock = threading.Lock()

    @classmethod
    def for_engine(cls, engine: Engine) -> InlineReader | None:
        database = engine.url.database
        if not is_sqlite(engine) or not database or database == ":memory:":
            return None
        if database.startswith("file:") or engine.url.query:
            return None
        return cls(engine.url)

    def scalar(self, statement: sa.Select[Any]) -> Any | None:
        """The first column of the one row `statement` selects; None when the database could
        not answer at once (no row is an error: the statements read rows that always exist)."""
        with self._lock:
            try:
                if self._connection is None:
                    self._connection = self._engine.connect()
                return self._connection.execute(statement).scalar_one()
            except sa.exc.OperationalError:
                self._close()
                return None

    def close(self) -> None:
        with self._lock:
            self._close()
        self._engine.dispose()

    def _close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.invalidate()
