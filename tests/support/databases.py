"""Test databases: one migrated template per session, copied (SQLite) or cloned (PostgreSQL)."""

from __future__ import annotations

import itertools
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import make_url

from service.adapters.migrations import upgrade

PG_URL_VARIABLE = "RECRUITFLOW_TEST_PG_URL"


def worker_tag() -> str:
    """Distinct per xdist worker and per run, so parallel and concurrent runs never collide."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return f"{worker}_{uuid.uuid4().hex[:8]}"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def make_sqlite_template(directory: Path) -> Path:
    path = directory / "template.db"
    upgrade(sqlite_url(path))
    # The migration's engine is disposed, so SQLite has checkpointed and removed the WAL.
    assert not path.with_name(path.name + "-wal").exists()
    return path


def copy_sqlite(template: Path, target: Path) -> str:
    shutil.copyfile(template, target)
    return sqlite_url(target)


class PostgresServer:
    """Creates and drops databases through an autocommit connection to the admin database."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._names = (f"rf_{worker_tag()}_{n}" for n in itertools.count())
        self._connection = psycopg.connect(
            make_url(url).set(drivername="postgresql").render_as_string(hide_password=False),
            autocommit=True,
        )

    def url_for(self, database: str) -> str:
        return make_url(self.url).set(database=database).render_as_string(hide_password=False)

    def create(self, *, template: str | None = None) -> str:
        name = next(self._names)
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template is not None:
            statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        self._connection.execute(statement)
        return name

    def create_template(self) -> str:
        name = self.create()
        upgrade(self.url_for(name))
        return name

    def drop(self, name: str) -> None:
        self._connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )

    def close(self) -> None:
        self._connection.close()


def migrated_database(
    engine_kind: str, request: pytest.FixtureRequest, path: Path
) -> Iterator[str]:
    """A migrated database of the test's own, from the template (SQLite: a copy at `path`);
    dropped afterwards. For fixtures: `yield from migrated_database(...)`."""
    if engine_kind == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        yield copy_sqlite(template, path)
        return
    postgres: PostgresServer = request.getfixturevalue("postgres")
    name = postgres.create(template=request.getfixturevalue("postgres_template"))
    yield postgres.url_for(name)
    postgres.drop(name)
