"""Index history by organisation in global order: audit queries and exports page that way.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_history_org_recorded", table_name="history_event")
    op.create_index("ix_history_org_global", "history_event", ["organization_id", "global_seq"])


def downgrade() -> None:
    op.drop_index("ix_history_org_global", table_name="history_event")
    op.create_index("ix_history_org_recorded", "history_event", ["organization_id", "id"])
