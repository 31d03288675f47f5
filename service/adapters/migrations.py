"""Schema migrations: the alembic configuration built in code, upgrading, and the head check."""

from __future__ import annotations

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

import migrations

MIGRATIONS_DIR = Path(migrations.__file__).parent


def alembic_config(url: str) -> Config:
    """A Config for `url`, so the installed CLI needs no alembic.ini in the working directory."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolation would treat "%" in a password as a placeholder.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)


@functools.cache
def head_revisions() -> frozenset[str]:
    return frozenset(ScriptDirectory(str(MIGRATIONS_DIR)).get_heads())


def current_is_head(engine: Engine) -> bool:
    """True when the database stands at the latest revision (raises if it is unreachable)."""
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    return frozenset(current) == head_revisions()
