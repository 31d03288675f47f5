from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import select
from starlette.testclient import TestClient

from service.adapters.clock import FixedClock
from service.adapters.database import (
    SQLITE_BUSY_TIMEOUT_MS,
    UnitOfWork,
    WalCheckpointer,
    make_engine,
)
from service.adapters.migrations import upgrade
from service.adapters.tables import ChainHead, Organization
from service.main import create_app
from service.settings import Settings


def _organization(clock: FixedClock, name: str = "支部") -> Organization:
    return Organization(name=name, kind="committee", path="/", created_at=clock.now())


def _names(engine: Engine) -> list[str]:
    with UnitOfWork(engine) as uow:
        return [org.name for org in uow.session.exec(select(Organization)).all()]


def test_a_unit_of_work_rolls_back_unless_committed(engine: Engine, clock: FixedClock) -> None:
    with UnitOfWork(engine, write=True) as uow:
        uow.session.add(_organization(clock))
    assert _names(engine) == []


def test_a_unit_of_work_rolls_back_when_the_block_raises(engine: Engine, clock: FixedClock) -> None:
    def fail_midway() -> None:
        with UnitOfWork(engine, write=True) as uow:
            uow.session.add(_organization(clock))
            uow.session.flush()
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        fail_midway()
    assert _names(engine) == []


def test_committed_work_persists_and_stays_readable(engine: Engine, clock: FixedClock) -> None:
    with UnitOfWork(engine, write=True) as uow:
        organization = _organization(clock, "县委组织部")
        uow.session.add(organization)
        uow.commit()
    assert organization.name == "县委组织部"
    assert organization.id is not None
    assert _names(engine) == ["县委组织部"]


def test_the_session_exists_only_inside_the_block(engine: Engine) -> None:
    uow = UnitOfWork(engine)
    with pytest.raises(RuntimeError, match="not open"):
        _ = uow.session
    with uow:
        assert uow.session is not None
    with pytest.raises(RuntimeError, match="not open"):
        _ = uow.session


def test_concurrent_writers_take_turns_without_losing_updates(engine: Engine) -> None:
    def increment() -> None:
        with UnitOfWork(engine, write=True) as uow:
            head = uow.session.exec(select(ChainHead).with_for_update()).one()
            head.global_seq += 1
            uow.commit()

    with ThreadPoolExecutor(max_workers=6) as pool:
        for future in [pool.submit(increment) for _ in range(24)]:
            future.result()
    with UnitOfWork(engine) as uow:
        assert uow.session.exec(select(ChainHead)).one().global_seq == 24


def test_readers_do_not_wait_for_a_writer(engine: Engine, clock: FixedClock) -> None:
    with UnitOfWork(engine, write=True) as writer:
        writer.session.add(_organization(clock))
        writer.session.flush()
        with ThreadPoolExecutor(max_workers=1) as pool:
            assert pool.submit(_names, engine).result(timeout=5) == []
        writer.commit()


def test_sqlite_write_units_take_the_database_write_lock_when_they_begin(
    database_url: str, engine: Engine
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("BEGIN IMMEDIATE is SQLite's")
    path = sa.make_url(database_url).database
    assert path is not None
    with UnitOfWork(engine, write=True) as uow:
        uow.session.exec(select(ChainHead)).one()
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()


def test_sqlite_engines_enforce_foreign_keys_in_wal_mode(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_postgresql_urls_get_the_psycopg_driver() -> None:
    engine = make_engine("postgresql://user@localhost/db")
    assert engine.dialect.driver == "psycopg"
    engine.dispose()


def test_a_writer_holding_the_sqlite_lock_blocks_only_other_writers(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("the database-wide write lock is SQLite's")
    entered = threading.Event()

    def write() -> None:
        with UnitOfWork(engine, write=True):
            entered.set()

    with ThreadPoolExecutor(max_workers=1) as pool:
        with UnitOfWork(engine, write=True):
            future = pool.submit(write)
            assert not entered.wait(timeout=0.2)
            with UnitOfWork(engine) as reader:
                reader.session.exec(select(ChainHead)).one()
        future.result(timeout=5)
    assert entered.is_set()


def test_a_sqlite_writer_waits_for_another_process_writing_then_proceeds(
    engine: Engine, clock: FixedClock
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's file lock")
    assert engine.url.database is not None
    other = sqlite3.connect(engine.url.database, timeout=0, isolation_level=None)
    entered = threading.Event()

    def write() -> None:
        with UnitOfWork(engine, write=True) as uow:
            entered.set()
            assert uow.connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == (
                SQLITE_BUSY_TIMEOUT_MS
            )
            uow.session.add(_organization(clock))
            uow.commit()

    try:
        other.execute("BEGIN IMMEDIATE")
        with ThreadPoolExecutor(max_workers=1) as pool:
            future = pool.submit(write)
            assert not entered.wait(timeout=0.2)
            other.execute("ROLLBACK")
            future.result(timeout=5)
    finally:
        other.close()
    assert _names(engine) == ["支部"]


def test_background_checkpoints_take_the_wal_copy_out_of_commits(
    tmp_path: Path, clock: FixedClock
) -> None:
    url = f"sqlite:///{tmp_path / 'checkpoints.db'}"
    upgrade(url)
    inline, background = make_engine(url), make_engine(url, background_checkpoints=True)
    checkpointer = WalCheckpointer(background)
    try:
        with inline.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 1000
        with UnitOfWork(background, write=True) as uow:
            assert uow.connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
            uow.session.add(_organization(clock, "县委组织部"))
            uow.commit()
        in_wal, copied = checkpointer.checkpoint()
        assert in_wal > 0
        assert copied == in_wal  # nobody was reading: everything reached the database file
        checkpointer.start()
        checkpointer.stop()  # joins the thread, then checkpoints once more
        assert _names(inline) == ["县委组织部"]
    finally:
        inline.dispose()
        background.dispose()


def test_the_served_app_checkpoints_its_sqlite_wal_in_a_thread_while_it_runs(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'served.db'}"
    upgrade(url)
    app = create_app(Settings(database_url=url))

    def checkpointers() -> list[threading.Thread]:
        return [t for t in threading.enumerate() if t.name == "wal-checkpointer" and t.is_alive()]

    before = checkpointers()
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        assert len(checkpointers()) == len(before) + 1
        with UnitOfWork(app.state.services.engine) as uow:
            assert uow.connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
    assert checkpointers() == before
