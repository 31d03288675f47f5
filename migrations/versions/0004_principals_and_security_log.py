"""Principals that expire, are revoked and rotated, sign in by OIDC subject; the security log.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS_HASH = "0" * 64
APPEND_ONLY_MESSAGE = "security_event is append-only"


def upgrade() -> None:
    with op.batch_alter_table("principal") as batch:
        batch.add_column(sa.Column("subject", sa.String(length=255), nullable=True))
        batch.add_column(sa.Column("expires_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("revoked_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("revoked_reason", sa.String(length=500), nullable=True))
        batch.create_unique_constraint("uq_principal_subject", ["subject"])
    op.create_table(
        "retired_token",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("principal_id", sa.Integer(), nullable=False),
        sa.Column("retired_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["principal_id"], ["principal.id"]),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_table(
        "auth_epoch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("epoch", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "security_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("principal_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("method", sa.String(length=10), nullable=True),
        sa.Column("path", sa.String(length=400), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("chain_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("seq", name="uq_security_event_seq"),
    )
    op.create_index("ix_security_event_org_seq", "security_event", ["organization_id", "seq"])
    op.create_index("ix_security_event_principal_seq", "security_event", ["principal_id", "seq"])
    op.create_index("ix_security_event_kind_seq", "security_event", ["kind", "seq"])
    op.create_table(
        "security_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("chain_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(
        sa.table("auth_epoch", sa.column("id", sa.Integer), sa.column("epoch", sa.Integer)),
        [{"id": 1, "epoch": 0}],
    )
    op.bulk_insert(
        sa.table(
            "security_head",
            sa.column("id", sa.Integer),
            sa.column("seq", sa.Integer),
            sa.column("chain_hash", sa.String),
        ),
        [{"id": 1, "seq": 0, "chain_hash": GENESIS_HASH}],
    )
    _create_append_only_guard()


def downgrade() -> None:
    _drop_append_only_guard()
    for index in (
        "ix_security_event_kind_seq",
        "ix_security_event_principal_seq",
        "ix_security_event_org_seq",
    ):
        op.drop_index(index, table_name="security_event")
    for table in ("security_head", "security_event", "auth_epoch", "retired_token"):
        op.drop_table(table)
    with op.batch_alter_table("principal") as batch:
        batch.drop_constraint("uq_principal_subject", type_="unique")
        for column in ("revoked_reason", "revoked_at", "expires_at", "subject"):
            batch.drop_column(column)


def _create_append_only_guard() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER security_event_no_{action.lower()} BEFORE {action} "
                f"ON security_event BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
            )
        return
    op.execute(
        "CREATE FUNCTION security_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}' USING ERRCODE = 'restrict_violation'; "
        "END $$"
    )
    op.execute(
        "CREATE TRIGGER security_event_no_change BEFORE UPDATE OR DELETE ON security_event "
        "FOR EACH ROW EXECUTE FUNCTION security_event_append_only()"
    )
    op.execute(
        "CREATE TRIGGER security_event_no_truncate BEFORE TRUNCATE ON security_event "
        "FOR EACH STATEMENT EXECUTE FUNCTION security_event_append_only()"
    )


def _drop_append_only_guard() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER security_event_no_update")
        op.execute("DROP TRIGGER security_event_no_delete")
        return
    op.execute("DROP TRIGGER security_event_no_truncate ON security_event")
    op.execute("DROP TRIGGER security_event_no_change ON security_event")
    op.execute("DROP FUNCTION security_event_append_only()")
