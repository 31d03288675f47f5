from __future__ import annotations

from datetime import date, datetime

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel

import service.adapters.tables  # noqa: F401
from service.adapters.database import make_engine
from service.adapters.migrations import MIGRATIONS_DIR, current_is_head, downgrade, upgrade


def test_the_migrations_have_a_single_head() -> None:
    assert len(ScriptDirectory(str(MIGRATIONS_DIR)).get_heads()) == 1


def test_upgrade_downgrade_upgrade_ends_at_head(blank_database_url: str) -> None:
    upgrade(blank_database_url)
    downgrade(blank_database_url)
    engine = make_engine(blank_database_url)
    try:
        assert set(sa.inspect(engine).get_table_names()) <= {"alembic_version"}
        assert not current_is_head(engine)
        upgrade(blank_database_url)
        assert current_is_head(engine)
    finally:
        engine.dispose()


def test_the_models_equal_the_migrations(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def test_the_global_chain_starts_at_the_genesis_hash(engine: Engine) -> None:
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT id, global_seq, global_hash FROM chain_head"))
        assert rows.all() == [(1, 0, "0" * 64)]


def _insert_one_event(engine: Engine) -> None:
    now = datetime(2025, 1, 1, 8, 0)
    with engine.begin() as connection:
        org_id = connection.execute(
            sa.text(
                "INSERT INTO organization (name, kind, path, created_at) "
                "VALUES ('支部', 'branch', '/', :now) RETURNING id"
            ),
            {"now": now},
        ).scalar_one()
        candidate_id = connection.execute(
            sa.text(
                "INSERT INTO candidate (branch_id, name, gender, birth_date, application_date,"
                " state, version, record, last_seq, chain_head, created_at, updated_at) VALUES"
                " (:org, '张三', 'male', :born, :applied, 'applicant', 1, '{}', 1, :hash,"
                " :now, :now) RETURNING id"
            ),
            {
                "org": org_id,
                "born": date(1990, 1, 1),
                "applied": date(2024, 1, 1),
                "hash": "a" * 64,
                "now": now,
            },
        ).scalar_one()
        connection.execute(
            sa.text(
                "INSERT INTO history_event (candidate_id, seq, global_seq, trigger, to_state,"
                " outcome, actor_name, actor_role, organization_id, effective_date,"
                " recorded_at, evidence, violations, warnings, notes, rule_profile,"
                " definition_hash, imported, prev_hash, hash, global_prev_hash, global_hash) VALUES"
                " (:candidate, 1, 1, 'submit_application', 'applicant', 'applied', '书记',"
                " 'secretary', :org, :applied, :now, '{}', '[]', '[]', '[]', 'national-2014',"
                " :hash, :no, :zero, :hash, :zero, :hash)"
            ),
            {
                "candidate": candidate_id,
                "org": org_id,
                "applied": date(2024, 1, 1),
                "now": now,
                "hash": "b" * 64,
                "zero": "0" * 64,
                "no": False,
            },
        )


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE history_event SET outcome = 'refused'",
        "DELETE FROM history_event",
    ],
)
def test_the_history_refuses_updates_and_deletes(engine: Engine, statement: str) -> None:
    _insert_one_event(engine)
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(sa.text(statement))
    with engine.connect() as connection:
        outcomes = connection.execute(sa.text("SELECT outcome FROM history_event")).scalars()
        assert list(outcomes) == ["applied"]


def test_the_history_refuses_truncate_on_postgresql(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    _insert_one_event(engine)
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(sa.text("TRUNCATE history_event"))
