"""Use cases over one subscription's deliveries (admins only): list them page by page (oldest
or newest first), and put one back in the queue (`retry`: pending again, its schedule from the
start, due now). A reminder's delivery names the deadline it is about and its due date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from service.adapters.clock import Clock
from service.adapters.database import UnitOfWork
from service.adapters.tables import WebhookReminder
from service.app.actors import Actor
from service.app.errors import NotFound
from service.app.webhooks.outbox import DELIVERIES, PENDING
from service.app.webhooks.subscriptions import load_subscription, require_admin


@dataclass(frozen=True, slots=True)
class Delivery:
    id: int
    event_id: str
    type: str
    candidate_id: int
    status: str
    attempts: int
    last_status_code: int | None
    last_error: str | None
    next_attempt_at: datetime | None  # None once delivered or failed
    created_at: datetime
    delivered_at: datetime | None
    # A reminder's deadline (its kind as /deadlines names it) and due date; None for an act.
    deadline: str | None = None
    due_on: date | None = None

    @classmethod
    def of(cls, row: Any) -> Delivery:
        return cls(
            id=row.id,
            event_id=row.event_id,
            type=row.type,
            candidate_id=row.candidate_id,
            status=row.status,
            attempts=row.attempts,
            last_status_code=row.last_status_code,
            last_error=row.last_error,
            next_attempt_at=row.next_attempt_at if row.status == PENDING else None,
            created_at=row.created_at,
            delivered_at=row.delivered_at,
            deadline=row.deadline,
            due_on=row.due_on,
        )


@dataclass(frozen=True, slots=True)
class DeliveryPage:
    items: list[Delivery]
    next_cursor: str | None


Order = Literal["oldest", "newest"]
_REMINDERS: sa.Table = WebhookReminder.__table__  # type: ignore[attr-defined]
_LISTED = sa.select(DELIVERIES, _REMINDERS.c.deadline, _REMINDERS.c.due_on).outerjoin(
    _REMINDERS, _REMINDERS.c.id == DELIVERIES.c.reminder_id
)


def list_deliveries(
    engine: Engine,
    actor: Actor,
    subscription_id: int,
    *,
    status: str | None = None,
    cursor: int | None = None,
    order: Order = "oldest",
    limit: int = 50,
) -> DeliveryPage:
    """The subscription's deliveries, `limit` a page: in the order they were written (ids
    after `cursor`), or newest first (ids before `cursor`); `next_cursor` continues the page."""
    require_admin(actor)
    if order == "newest":
        bound = DELIVERIES.c.id < cursor if cursor else sa.true()
        by = DELIVERIES.c.id.desc()
    else:
        bound, by = DELIVERIES.c.id > (cursor or 0), DELIVERIES.c.id.asc()
    statement = (
        _LISTED.where(DELIVERIES.c.subscription_id == subscription_id, bound)
        .order_by(by)
        .limit(limit + 1)
    )
    if status is not None:
        statement = statement.where(DELIVERIES.c.status == status)
    with UnitOfWork(engine) as uow:
        load_subscription(uow.session, subscription_id)
        rows = uow.connection.execute(statement).all()
    items = [Delivery.of(row) for row in rows[:limit]]
    more = len(rows) > limit
    return DeliveryPage(items, str(items[-1].id) if more and items else None)


def _load_delivery(connection: Connection, subscription_id: int, delivery_id: int) -> Any:
    row = connection.execute(
        _LISTED.where(
            DELIVERIES.c.id == delivery_id, DELIVERIES.c.subscription_id == subscription_id
        )
    ).first()
    if row is None:
        raise NotFound(
            f"delivery {delivery_id} of subscription {subscription_id} does not exist",
            detail_zh=f"推送订阅 {subscription_id} 没有编号为 {delivery_id} 的投递",
        )
    return row


def retry_delivery(
    engine: Engine, clock: Clock, actor: Actor, subscription_id: int, delivery_id: int
) -> Delivery:
    """Pending again with no attempts counted, due now; a worker holding it loses its lease
    (its answer is no longer recorded), so the event goes out again with the same id."""
    require_admin(actor)
    with UnitOfWork(engine, write=True) as uow:
        load_subscription(uow.session, subscription_id)
        _load_delivery(uow.connection, subscription_id, delivery_id)
        uow.connection.execute(
            DELIVERIES.update()
            .where(DELIVERIES.c.id == delivery_id)
            .values(
                status=PENDING,
                attempts=0,
                next_attempt_at=clock.now(),
                leased_until=None,
                leased_by=None,
            )
        )
        row = _load_delivery(uow.connection, subscription_id, delivery_id)
        uow.commit()
    return Delivery.of(row)
