"""Webhook subscriptions, the transactional outbox of deliveries, and reminders sent.

The outbox is filled by the database: a trigger on each new history event and each new
reminder inserts one pending delivery per subscription that takes it (its organisation the
event's branch or above it, and the event's type among its types), inside the statement that
writes the event. An act pays nothing in Python for it, and nothing can write an event without
its deliveries (service/app/webhooks/outbox.py names the types and ids these triggers write).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "webhook_subscription",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("types", sa.String(length=400), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=True),
        sa.Column("secret", sa.String(length=100), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_webhook_subscription_organization_id", "webhook_subscription", ["organization_id"]
    )
    op.create_table(
        "webhook_reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.String(length=60), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("days_left", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["candidate_id"], ["candidate.id"]),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "candidate_id", "deadline", "due_on", "kind", name="uq_webhook_reminder_once"
        ),
    )
    op.create_table(
        "webhook_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=True),
        sa.Column("reminder_id", sa.Integer(), nullable=True),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("leased_until", sa.DateTime(), nullable=True),
        sa.Column("leased_by", sa.String(length=64), nullable=True),
        sa.Column("last_status_code", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("delivered_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["subscription_id"], ["webhook_subscription.id"]),
        sa.ForeignKeyConstraint(["candidate_id"], ["candidate.id"]),
        sa.ForeignKeyConstraint(["reminder_id"], ["webhook_reminder.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_webhook_delivery_due", "webhook_delivery", ["status", "next_attempt_at", "id"]
    )
    op.create_index(
        "ix_webhook_delivery_order", "webhook_delivery", ["subscription_id", "candidate_id", "id"]
    )
    op.create_index(
        "ix_webhook_delivery_subscription", "webhook_delivery", ["subscription_id", "id"]
    )
    for table, (seq, reminder_id, type_, event_id, at) in FANOUT.items():
        fanout = _fanout(seq, reminder_id, type_, event_id, at)
        if _sqlite():
            op.execute(f"CREATE TRIGGER {table}_outbox AFTER INSERT ON {table} BEGIN {fanout}; END")
            continue
        op.execute(
            f"CREATE FUNCTION {table}_outbox() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {fanout}; RETURN NULL; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {table}_outbox AFTER INSERT ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_outbox()"
        )


# What each kind of event puts in its deliveries: seq, reminder_id, type, event id, time.
_HISTORY_TYPE = (
    "CASE WHEN NEW.\"trigger\" = 'submit_application' THEN 'recruitflow.candidate.registered' "
    "WHEN NEW.outcome = 'applied' THEN 'recruitflow.act.applied' "
    "ELSE 'recruitflow.act.refused' END"
)
_REMINDER_TYPE = "'recruitflow.deadline.' || NEW.kind"
FANOUT = {
    "history_event": (
        "NEW.seq",
        "NULL",
        _HISTORY_TYPE,
        "'evt_' || substr(NEW.hash, 1, 32)",
        "NEW.recorded_at",
    ),
    "webhook_reminder": ("NULL", "NEW.id", _REMINDER_TYPE, "NEW.event_id", "NEW.created_at"),
}


def _fanout(seq: str, reminder_id: str, type_: str, event_id: str, at: str) -> str:
    """One pending delivery of the new row's event per subscription that takes it."""
    return (
        "INSERT INTO webhook_delivery (subscription_id, candidate_id, seq, reminder_id, type, "
        "event_id, status, attempts, next_attempt_at, created_at) "
        f"SELECT s.id, NEW.candidate_id, {seq}, {reminder_id}, {type_}, {event_id}, "
        f"'pending', 0, {at}, {at} "
        "FROM webhook_subscription s JOIN organization scope ON scope.id = s.organization_id "
        "JOIN organization branch ON branch.id = NEW.organization_id "
        "WHERE substr(branch.path, 1, length(scope.path)) = scope.path "
        f"AND (s.types = '' OR s.types LIKE '%,' || {type_} || ',%')"
    )


def downgrade() -> None:
    for table in FANOUT:
        op.execute(f"DROP TRIGGER {table}_outbox" + ("" if _sqlite() else f" ON {table}"))
        if not _sqlite():
            op.execute(f"DROP FUNCTION {table}_outbox()")
    op.drop_index("ix_webhook_delivery_subscription", table_name="webhook_delivery")
    op.drop_index("ix_webhook_delivery_order", table_name="webhook_delivery")
    op.drop_index("ix_webhook_delivery_due", table_name="webhook_delivery")
    op.drop_table("webhook_delivery")
    op.drop_table("webhook_reminder")
    op.drop_index("ix_webhook_subscription_organization_id", table_name="webhook_subscription")
    op.drop_table("webhook_subscription")


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"
