"""Retention of the outbox: delivered deliveries older than RECRUITFLOW_WEBHOOK_KEEP_DAYS are
deleted in batches (pending and failed ones never are); the history keeps every event."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from service.adapters.clock import Clock
from service.adapters.database import UnitOfWork
from service.app.webhooks.outbox import DELIVERED, DELIVERIES
from service.settings import Settings

BATCH = 1000

# A delivered row's next_attempt_at is the moment it was delivered (delivery.record), so the
# due index (status, next_attempt_at, id) finds the old ones without an index of their own.
_OLD = (
    sa.select(DELIVERIES.c.id)
    .where(
        DELIVERIES.c.status == DELIVERED,
        DELIVERIES.c.next_attempt_at < sa.bindparam("cutoff"),
        DELIVERIES.c.delivered_at < sa.bindparam("cutoff"),
    )
    .order_by(DELIVERIES.c.next_attempt_at, DELIVERIES.c.id)
    .limit(sa.bindparam("rows"))
)
_DELETE = sa.delete(DELIVERIES).where(
    DELIVERIES.c.id.in_(sa.bindparam("ids", expanding=True)),
    DELIVERIES.c.status == DELIVERED,
)


def purge_delivered(engine: Engine, clock: Clock, settings: Settings, *, batch: int = BATCH) -> int:
    """Delete the deliveries delivered more than the kept days ago, `batch` rows a transaction
    (acts wait for one short write at a time); how many. Keeps everything when the days are 0."""
    if settings.webhook_keep_days == 0:
        return 0
    cutoff = clock.now() - timedelta(days=settings.webhook_keep_days)
    purged = 0
    while True:
        with UnitOfWork(engine, write=True) as uow:
            ids = list(uow.connection.execute(_OLD, {"cutoff": cutoff, "rows": batch}).scalars())
            if ids:
                uow.connection.execute(_DELETE, {"ids": ids})
            uow.commit()
        purged += len(ids)
        if len(ids) < batch:
            return purged
