"""Statements run on the driver's cursor (service.adapters.prepared): the same values in and
out as SQLAlchemy would give, on both engines."""

from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa
from psycopg.errors import NotNullViolation
from sqlalchemy.engine import Engine

from service.adapters.clock import FixedClock
from service.adapters.database import UnitOfWork
from service.adapters.prepared import Prepared
from service.adapters.tables import Organization

ORGANIZATIONS: sa.Table = Organization.__table__  # type: ignore[attr-defined]

INSERT = Prepared(
    ORGANIZATIONS.insert().values(
        name=sa.bindparam("name"), kind="committee", path="/", created_at=sa.bindparam("at")
    )
)
BY_NAME = Prepared(
    sa.select(ORGANIZATIONS.c.name, ORGANIZATIONS.c.created_at).where(
        ORGANIZATIONS.c.name == sa.bindparam("name")
    )
)


def test_values_round_trip_as_sqlalchemy_converts_them(engine: Engine, clock: FixedClock) -> None:
    moment = datetime(2025, 3, 4, 5, 6, 7, 890)
    with UnitOfWork(engine, write=True) as uow:
        assert INSERT.run(uow.connection, {"name": "县委组织部", "at": moment}) == 1
        uow.commit()
    with UnitOfWork(engine) as uow:
        assert BY_NAME.rows(uow.connection, {"name": "县委组织部"}) == [("县委组织部", moment)]
        through_core = uow.connection.execute(
            sa.select(ORGANIZATIONS.c.created_at).where(ORGANIZATIONS.c.name == "县委组织部")
        ).scalar_one()
        assert through_core == moment
        assert BY_NAME.rows(uow.connection, {"name": "无此组织"}) == []


def test_long_scans_come_in_batches_as_the_driver_returns_them(
    engine: Engine, clock: FixedClock
) -> None:
    with UnitOfWork(engine, write=True) as uow:
        for number in range(5):
            INSERT.run(uow.connection, {"name": f"支部{number}", "at": clock.now()})
        uow.commit()
    every = Prepared(sa.select(ORGANIZATIONS.c.name).order_by(ORGANIZATIONS.c.name))
    with UnitOfWork(engine, snapshot=True) as uow:
        batches = list(every.batches(uow.connection, {}, size=2))
    assert [len(batch) for batch in batches] == [2, 2, 1]
    assert [row[0] for batch in batches for row in batch] == [f"支部{n}" for n in range(5)]


def test_lists_rendered_per_execution_are_refused(engine: Engine) -> None:
    listed = Prepared(
        sa.select(ORGANIZATIONS.c.id).where(
            ORGANIZATIONS.c.id.in_(sa.bindparam("ids", expanding=True))
        )
    )
    with UnitOfWork(engine) as uow, pytest.raises(ValueError, match="IN"):
        listed.rows(uow.connection, {"ids": [1, 2]})


def test_a_statement_and_its_commit_go_together_on_postgresql(
    engine: Engine, clock: FixedClock
) -> None:
    insert_returning = Prepared(
        ORGANIZATIONS.insert()
        .values(name=sa.bindparam("name"), kind="committee", path="/", created_at=clock.now())
        .returning(ORGANIZATIONS.c.name)
    )
    with UnitOfWork(engine, write=True) as uow:
        if engine.dialect.name != "postgresql":
            with pytest.raises(ValueError, match="PostgreSQL"):
                insert_returning.rows_then_commit(uow.connection, {"name": "县委"})
            return
        assert insert_returning.rows_then_commit(uow.connection, {"name": "县委"}) == [("县委",)]
        # Committed already: another connection sees it before the unit of work ends.
        with UnitOfWork(engine) as other:
            assert BY_NAME.rows(other.connection, {"name": "县委"}) != []
        uow.commit()  # nothing left to commit
    failing = Prepared(
        ORGANIZATIONS.insert().values(
            name=sa.bindparam("name"), kind="committee", path="/", created_at=None
        )
    )
    with UnitOfWork(engine, write=True) as uow, pytest.raises(NotNullViolation):
        failing.rows_then_commit(uow.connection, {"name": "不完整"})
    with UnitOfWork(engine) as uow:
        assert BY_NAME.rows(uow.connection, {"name": "不完整"}) == []
