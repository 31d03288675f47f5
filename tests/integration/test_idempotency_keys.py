from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from service.adapters.clock import SystemClock
from service.adapters.database import UnitOfWork
from service.adapters.tables import IdempotencyRecord
from service.cli import main


def keep(engine: Engine, key: str, *, age: timedelta) -> None:
    with UnitOfWork(engine, write=True) as uow:
        uow.session.add(
            IdempotencyRecord(
                principal_id=1,
                key=key,
                request_hash="0" * 64,
                state="done",
                status_code=200,
                response_body="{}",
                created_at=SystemClock().now() - age,
            )
        )
        uow.commit()


def test_the_purge_command_forgets_keys_older_than_a_day_and_keeps_the_rest(
    database_url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    keep(engine, "yesterday", age=timedelta(hours=25))
    keep(engine, "this morning", age=timedelta(hours=3))
    monkeypatch.setenv("RECRUITFLOW_DATABASE_URL", database_url)
    assert main(["idempotency", "purge"]) == 0
    with engine.connect() as connection:
        left = connection.execute(select(IdempotencyRecord.key)).scalars().all()  # type: ignore[call-overload]
    assert left == ["this morning"]
