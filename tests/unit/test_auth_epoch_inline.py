"""The auth epoch read without a thread: on SQLite a cached token is served on the event loop
while its epoch holds, and handed to a thread the moment anything has moved it."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool

from service.adapters.database import InlineReader, UnitOfWork, is_sqlite, make_engine
from service.api import deps
from tests.support.factories import auth

T = TypeVar("T")
ME = "/api/v1/principals/me"
COUNTER = sa.Table(
    "counter",
    sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("n", sa.Integer, nullable=False),
)
READ = sa.select(COUNTER.c.n).where(COUNTER.c.id == 1)


def test_a_cached_token_takes_no_thread_on_sqlite_until_it_is_revoked(
    client: TestClient,
    engine: Engine,
    admin_headers: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hops: list[str] = []

    async def counted(function: Callable[..., T], *args: Any) -> T:
        hops.append(function.__name__)
        return await run_in_threadpool(function, *args)

    monkeypatch.setattr(deps, "run_in_threadpool", counted)
    created = client.post(
        "/api/v1/principals", json={"name": "管理员乙", "role": "admin"}, headers=admin_headers
    ).json()
    token = auth(created["token"])
    assert client.get(ME, headers=token).status_code == 200
    hops.clear()

    served = client.get(ME, headers=token)
    cached_hops = list(hops)
    client.post(
        f"/api/v1/principals/{created['id']}/revoke", json={"reason": "离任"}, headers=admin_headers
    )
    hops.clear()
    refused = client.get(ME, headers=token)

    assert served.json()["name"] == "管理员乙"
    assert cached_hops == ([] if is_sqlite(engine) else ["authenticate"])
    assert (refused.status_code, refused.json()["type"]) == (401, "/problems/token-revoked")
    assert hops == ["authenticate"]


def test_the_inline_reader_sees_each_commit_at_once_and_never_waits(tmp_path: Path) -> None:
    path = tmp_path / "inline.db"
    engine = make_engine(f"sqlite:///{path}")
    COUNTER.metadata.create_all(engine)
    with UnitOfWork(engine, write=True) as uow:
        uow.connection.execute(COUNTER.insert().values(id=1, n=0))
        uow.commit()
    reader = InlineReader.for_engine(engine)
    assert reader is not None
    seen = [reader.scalar(READ)]
    for n in (1, 2):
        with UnitOfWork(engine, write=True) as uow:
            uow.connection.execute(COUNTER.update().values(n=n))
            uow.commit()
        seen.append(reader.scalar(READ))
    engine.dispose()
    reader.close()

    with engine.connect() as holder:
        holder.exec_driver_sql("PRAGMA locking_mode=EXCLUSIVE")
        holder.execute(COUNTER.update().values(n=3))
        holder.commit()
        started = time.perf_counter()
        while_locked = reader.scalar(READ)
        waited = time.perf_counter() - started
    engine.dispose()

    assert seen == [0, 1, 2]
    assert (while_locked, waited < 0.5) == (None, True)
    assert reader.scalar(READ) == 3
    reader.close()


def test_engines_a_second_connection_would_not_see_have_no_inline_reader() -> None:
    assert InlineReader.for_engine(make_engine("sqlite://")) is None
    assert InlineReader.for_engine(make_engine("postgresql://nobody@127.0.0.1:1/none")) is None
