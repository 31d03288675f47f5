"""Benchmark databases: a seeded template per engine, copied (SQLite) or cloned (PostgreSQL)
for each run, and dropped afterwards."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from service.adapters.migrations import upgrade


class SqliteDatabases:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def url(self, name: str) -> str:
        return f"sqlite:///{self.directory / name}.db"

    def database_name(self, url: str) -> str | None:
        return None

    def clone(self, template: str, name: str) -> str:
        source = self.directory / f"{template}.db"
        # The seeding engine was disposed, so the WAL is checkpointed into the main file.
        assert not source.with_name(source.name + "-wal").exists()
        shutil.copyfile(source, self.directory / f"{name}.db")
        return self.url(name)

    def drop(self, name: str) -> None:
        for suffix in ("", "-wal", "-shm"):
            (self.directory / f"{name}.db{suffix}").unlink(missing_ok=True)

    def close(self) -> None:
        pass


class PostgresDatabases:
    """Databases named rf_bench_<run>_<name> on the server of `url`; all dropped by close()."""

    def __init__(self, url: str) -> None:
        self.base = make_url(url).set(drivername="postgresql")
        self.prefix = f"rf_bench_{uuid.uuid4().hex[:6]}_"
        self.created: list[str] = []
        self._admin = psycopg.connect(
            self.base.render_as_string(hide_password=False), autocommit=True
        )

    def url(self, name: str) -> str:
        return self.base.set(database=self.prefix + name).render_as_string(hide_password=False)

    def database_name(self, url: str) -> str | None:
        return make_url(url).database

    def create(self, name: str, *, template: str | None = None) -> str:
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.prefix + name))
        if template is not None:
            statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(self.prefix + template))
        self._admin.execute(statement)
        self.created.append(name)
        return self.url(name)

    def clone(self, template: str, name: str) -> str:
        return self.create(name, template=template)

    def drop(self, name: str) -> None:
        self._admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(self.prefix + name)
            )
        )
        if name in self.created:
            self.created.remove(name)

    def close(self) -> None:
        for name in list(self.created):
            self.drop(name)
        self._admin.close()


@contextmanager
def scratch_database(engine: str, pg_url: str | None, name: str) -> Iterator[str]:
    """A migrated database of its own for one in-process measurement, dropped afterwards."""
    with tempfile.TemporaryDirectory(prefix=f"recruitflow-{name}-") as scratch:
        databases = (
            SqliteDatabases(Path(scratch))
            if engine == "sqlite"
            else PostgresDatabases(pg_url or "")
        )
        try:
            url = (
                databases.create(name)
                if isinstance(databases, PostgresDatabases)
                else databases.url(name)
            )
            upgrade(url)
            yield url
        finally:
            databases.close()
