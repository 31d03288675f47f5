"""Fixtures: a migrated database of its own for every test, on SQLite and PostgreSQL.

`engine` and `database_url` run each test once per engine: SQLite always, PostgreSQL when
RECRUITFLOW_TEST_PG_URL is set (those runs carry the `pg` marker).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy.engine import Engine

from service.adapters.clock import FixedClock
from service.adapters.database import make_engine
from service.adapters.tables import Organization
from service.app import organizations, principals
from service.app.actors import Actor, Role
from service.app.organizations import OrganizationKind
from service.main import create_app
from service.settings import Settings
from tests.support.databases import (
    PG_URL_VARIABLE,
    PostgresServer,
    make_sqlite_template,
    migrated_database,
    sqlite_url,
)
from tests.support.factories import ADMIN_TOKEN, MakeOrg, MakePrincipal, auth

PG_URL = os.environ.get(PG_URL_VARIABLE)
ENGINES = [
    pytest.param("sqlite", id="sqlite"),
    *([pytest.param("postgresql", id="postgresql", marks=pytest.mark.pg)] if PG_URL else []),
]
TODAY = date(2025, 6, 2)
SYSTEM_ADMIN = Actor(
    id=0, name="test setup", role=Role.admin, organization_id=None, organization_path=None
)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_sqlite_template(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    if PG_URL is None:
        pytest.skip(f"{PG_URL_VARIABLE} is not set")
    server = PostgresServer(PG_URL)
    yield server
    server.close()


@pytest.fixture(scope="session")
def postgres_template(postgres: PostgresServer) -> Iterator[str]:
    name = postgres.create_template()
    yield name
    postgres.drop(name)


@pytest.fixture(params=ENGINES)
def engine_kind(request: pytest.FixtureRequest) -> str:
    kind: str = request.param
    return kind


@pytest.fixture
def database_url(engine_kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated database of this test's own."""
    yield from migrated_database(engine_kind, request, tmp_path / "recruitflow.db")


@pytest.fixture
def blank_database_url(
    engine_kind: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[str]:
    """An empty database, for migration tests."""
    if engine_kind == "sqlite":
        yield sqlite_url(tmp_path / "blank.db")
        return
    postgres: PostgresServer = request.getfixturevalue("postgres")
    name = postgres.create()
    yield postgres.url_for(name)
    postgres.drop(name)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock.on(TODAY)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, admin_token=SecretStr(ADMIN_TOKEN))


@pytest.fixture
def app(settings: Settings, clock: FixedClock, engine: Engine) -> FastAPI:
    return create_app(settings, clock=clock, engine=engine)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """Started (lifespan run), so the admin holding ADMIN_TOKEN exists."""
    with TestClient(app) as client:
        yield client


@pytest.fixture
def admin_headers() -> dict[str, str]:
    return auth(ADMIN_TOKEN)


@pytest.fixture
def make_org(engine: Engine, clock: FixedClock) -> MakeOrg:
    def make(
        name: str = "第一党支部",
        *,
        kind: OrganizationKind = OrganizationKind.branch,
        parent: Organization | None = None,
    ) -> Organization:
        if kind == OrganizationKind.branch and parent is None:
            parent = make("县直机关工委", kind=OrganizationKind.committee)
        return organizations.create_organization(
            engine,
            clock,
            SYSTEM_ADMIN,
            name=name,
            kind=kind,
            parent_id=parent.id if parent is not None else None,
        )

    return make


@pytest.fixture
def make_principal(engine: Engine, clock: FixedClock) -> MakePrincipal:
    def make(
        role: Role, org: Organization | None = None, *, name: str | None = None
    ) -> tuple[Actor, str]:
        issued = principals.register_principal(
            engine,
            clock,
            name=name or f"{role} of {org.name if org is not None else 'nothing'}",
            role=role,
            organization_id=org.id if org is not None else None,
        )
        return issued.actor, issued.token

    return make
