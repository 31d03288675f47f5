"""The transactional outbox: one delivery row per matching subscription, written in the
transaction that writes the event (a history event, a reminder), by one INSERT … SELECT.

A subscription matches when its organisation is the event's branch or above it (its path a
prefix of the branch's) and it takes the event's type. The statement runs on every act: over
an empty subscription table it finds nothing and writes nothing (bench/webhooks.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from service.adapters.tables import Organization, WebhookDelivery, WebhookSubscription

ACT_APPLIED = "recruitflow.act.applied"
ACT_REFUSED = "recruitflow.act.refused"
CANDIDATE_REGISTERED = "recruitflow.candidate.registered"
DEADLINE_DUE = "recruitflow.deadline.due"
DEADLINE_OVERDUE = "recruitflow.deadline.overdue"
EVENT_TYPES = (ACT_APPLIED, ACT_REFUSED, CANDIDATE_REGISTERED, DEADLINE_DUE, DEADLINE_OVERDUE)
# The trigger of a candidate's first event (service.workflow.SUBMIT_APPLICATION), spelled out
# here so the history can import this module without the workflow's package.
_REGISTRATION = "submit_application"

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"

DELIVERIES: sa.Table = WebhookDelivery.__table__  # type: ignore[attr-defined]
SUBSCRIPTIONS: sa.Table = WebhookSubscription.__table__  # type: ignore[attr-defined]
_ORGANIZATIONS: sa.Table = Organization.__table__  # type: ignore[attr-defined]
_SCOPE = _ORGANIZATIONS.alias("scope")
_BRANCH = _ORGANIZATIONS.alias("branch")

_ENQUEUE = DELIVERIES.insert().from_select(
    [
        "subscription_id",
        "candidate_id",
        "seq",
        "reminder_id",
        "type",
        "event_id",
        "status",
        "attempts",
        "next_attempt_at",
        "created_at",
    ],
    sa.select(
        SUBSCRIPTIONS.c.id,
        sa.bindparam("candidate_id", type_=sa.Integer()),
        sa.bindparam("seq", type_=sa.Integer()),
        sa.bindparam("reminder_id", type_=sa.Integer()),
        sa.bindparam("type", type_=sa.String()),
        sa.bindparam("event_id", type_=sa.String()),
        sa.literal(PENDING, type_=sa.String()),
        sa.literal(0, type_=sa.Integer()),
        sa.bindparam("now", type_=sa.DateTime()),
        sa.bindparam("created_at", type_=sa.DateTime()),
    )
    .select_from(SUBSCRIPTIONS)
    .join(_SCOPE, _SCOPE.c.id == SUBSCRIPTIONS.c.organization_id)
    .join(_BRANCH, _BRANCH.c.id == sa.bindparam("organization_id", type_=sa.Integer()))
    .where(
        _BRANCH.c.path.startswith(_SCOPE.c.path),
        sa.or_(
            SUBSCRIPTIONS.c.types == "",
            SUBSCRIPTIONS.c.types.contains(sa.bindparam("type_token", type_=sa.String())),
        ),
    ),
)


def types_column(types: list[str] | None) -> str:
    """How a subscription's type filter is stored (",a,b,"; "" takes every type)."""
    return f",{','.join(types)}," if types else ""


def types_of(column: str) -> list[str] | None:
    return [name for name in column.split(",") if name] or None


def history_type(trigger: str, outcome: str) -> str:
    if trigger == _REGISTRATION:
        return CANDIDATE_REGISTERED
    return ACT_APPLIED if outcome == "applied" else ACT_REFUSED


def history_event_id(event_hash: str) -> str:
    """The CloudEvent id of a history event: from its hash, so every retry repeats it."""
    return f"evt_{event_hash[:32]}"


def enqueue(
    connection: Connection,
    *,
    type: str,
    event_id: str,
    candidate_id: int,
    organization_id: int,
    now: datetime,
    seq: int | None = None,
    reminder_id: int | None = None,
) -> None:
    """A pending delivery of the event for each subscription that takes it, in the caller's
    transaction (the caller commits)."""
    parameters: dict[str, Any] = {
        "candidate_id": candidate_id,
        "seq": seq,
        "reminder_id": reminder_id,
        "type": type,
        "event_id": event_id,
        "now": now,
        "created_at": now,
        "organization_id": organization_id,
        "type_token": f",{type},",
    }
    connection.execute(_ENQUEUE, parameters)


def enqueue_history_event(connection: Connection, event: Any) -> None:
    """The outbox rows of a history event being written (service.app.history.Event)."""
    enqueue(
        connection,
        type=history_type(event.trigger, event.outcome),
        event_id=history_event_id(event.hash),
        candidate_id=event.candidate_id,
        organization_id=event.organization_id,
        seq=event.seq,
        now=event.recorded_at,
    )
