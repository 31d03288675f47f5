"""The transactional outbox: the event types, the CloudEvent ids, the delivery statuses.

The rows themselves are written by the database: migration 0005's triggers insert, with each
new history event and each new reminder, one pending delivery per subscription that takes it
(its organisation the event's branch or above it, its types including the event's). So they
commit or roll back with the event, whatever writes it (an act, a registration, an import),
and an act pays no statement of its own for them (bench/webhooks.py). The names below are the
ones those triggers write.
"""

from __future__ import annotations

import sqlalchemy as sa

from service.adapters.tables import WebhookDelivery, WebhookSubscription

ACT_APPLIED = "recruitflow.act.applied"
ACT_REFUSED = "recruitflow.act.refused"
CANDIDATE_REGISTERED = "recruitflow.candidate.registered"
DEADLINE_DUE = "recruitflow.deadline.due"
DEADLINE_OVERDUE = "recruitflow.deadline.overdue"
EVENT_TYPES = (ACT_APPLIED, ACT_REFUSED, CANDIDATE_REGISTERED, DEADLINE_DUE, DEADLINE_OVERDUE)

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"

DELIVERIES: sa.Table = WebhookDelivery.__table__  # type: ignore[attr-defined]
SUBSCRIPTIONS: sa.Table = WebhookSubscription.__table__  # type: ignore[attr-defined]


def types_column(types: list[str] | None) -> str:
    """How a subscription's type filter is stored (",a,b,"; "" takes every type)."""
    return f",{','.join(types)}," if types else ""


def types_of(column: str) -> list[str] | None:
    return [name for name in column.split(",") if name] or None


def history_event_id(event_hash: str) -> str:
    """The CloudEvent id of a history event (the trigger writes the same): from its hash, so
    every retry repeats it."""
    return f"evt_{event_hash[:32]}"
