"""Plan changes: an append-only record of who set each annual plan's quota, and from what.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY_MESSAGE = "plan_change is append-only"


def upgrade() -> None:
    op.create_table(
        "plan_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("old_quota", sa.Integer(), nullable=True),
        sa.Column("new_quota", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=200), nullable=False),
        sa.Column("actor_role", sa.String(length=20), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"]),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_plan_change_org_year", "plan_change", ["organization_id", "year", "id"])
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER plan_change_no_{action.lower()} BEFORE {action} "
                f"ON plan_change BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
            )
        return
    op.execute(
        "CREATE FUNCTION plan_change_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}' USING ERRCODE = 'restrict_violation'; "
        "END $$"
    )
    op.execute(
        "CREATE TRIGGER plan_change_no_change BEFORE UPDATE OR DELETE ON plan_change "
        "FOR EACH ROW EXECUTE FUNCTION plan_change_append_only()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER plan_change_no_update")
        op.execute("DROP TRIGGER plan_change_no_delete")
    else:
        op.execute("DROP TRIGGER plan_change_no_change ON plan_change")
        op.execute("DROP FUNCTION plan_change_append_only()")
    op.drop_index("ix_plan_change_org_year", table_name="plan_change")
    op.drop_table("plan_change")
