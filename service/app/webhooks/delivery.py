"""Delivering the outbox: lease what is due, send each signed CloudEvent, record the answers.

`deliver_due(…, clock=…)` is one step of the loop and returns what it did, so tests drive the
retry schedule with a FixedClock instead of sleeping; a retry counts from the end of its attempt
(when the answer or the timeout came, by the same clock). A delivery is due when it is pending,
its time has come, no live lease holds it, and no earlier delivery of the same subscription and
candidate is still pending: a later event waits while an earlier one is retried. Leasing is a
short write transaction (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so instances never lease the
same row; SQLite's write lock orders its writers); the POSTs happen after it commits, and a
worker killed before recording leaves leases that expire and are taken over.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any, Protocol

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from service.adapters.clock import Clock
from service.adapters.database import UnitOfWork
from service.adapters.tables import HistoryEvent, WebhookReminder
from service.app.history import EVENT_COLUMNS, content_of
from service.app.webhooks.envelope import Envelope, signed_headers
from service.app.webhooks.outbox import DELIVERED, DELIVERIES, FAILED, PENDING, SUBSCRIPTIONS
from service.app.webhooks.subscriptions import url_problem
from service.settings import Settings

BATCH = 50
# POSTs of one step in flight at once (each waits at most RECRUITFLOW_WEBHOOK_TIMEOUT).
SENDERS = 8


class Sender(Protocol):
    def send(self, url: str, *, body: bytes, headers: Mapping[str, str], timeout: float) -> int:
        """The receiver's status code; raises OSError (TimeoutError, ConnectionError) with a
        Chinese reason when there is none."""
        ...


@dataclass(frozen=True, slots=True)
class Leased:
    """A delivery this worker holds, with what it sends."""

    id: int
    event_id: str
    candidate_id: int
    attempts: int
    url: str
    secret: str
    body: bytes


@dataclass(frozen=True, slots=True)
class Attempt:
    """One POST and what it left: the delivery's status and attempts after it."""

    delivery_id: int
    event_id: str
    candidate_id: int
    status: str
    attempts: int
    status_code: int | None
    error: str | None


def retry_schedule(settings: Settings) -> tuple[float, ...]:
    """Seconds to wait before each retry (RECRUITFLOW_WEBHOOK_RETRY_SECONDS)."""
    return tuple(float(part) for part in settings.webhook_retry_seconds.split(",") if part.strip())


_EVENTS: sa.Table = HistoryEvent.__table__  # type: ignore[attr-defined]
_REMINDERS: sa.Table = WebhookReminder.__table__  # type: ignore[attr-defined]
_EARLIER = DELIVERIES.alias("earlier")
_NOW = sa.bindparam("now", type_=sa.DateTime())
_DUE = (
    sa.select(DELIVERIES.c.id)
    .where(
        DELIVERIES.c.status == PENDING,
        DELIVERIES.c.next_attempt_at <= _NOW,
        sa.or_(DELIVERIES.c.leased_until.is_(None), DELIVERIES.c.leased_until <= _NOW),
        ~sa.exists().where(
            _EARLIER.c.subscription_id == DELIVERIES.c.subscription_id,
            _EARLIER.c.candidate_id == DELIVERIES.c.candidate_id,
            _EARLIER.c.status == PENDING,
            _EARLIER.c.id < DELIVERIES.c.id,
        ),
    )
    .order_by(DELIVERIES.c.next_attempt_at, DELIVERIES.c.id)
    .limit(sa.bindparam("rows"))
)
_DUE_SKIPPING_LOCKED = _DUE.with_for_update(of=DELIVERIES, skip_locked=True)
_LEASE = (
    DELIVERIES.update()
    .where(DELIVERIES.c.id.in_(sa.bindparam("ids", expanding=True)))
    .values(leased_until=sa.bindparam("until"), leased_by=sa.bindparam("worker"))
)
_LEASED = (
    sa.select(
        DELIVERIES.c.id,
        DELIVERIES.c.event_id,
        DELIVERIES.c.type,
        DELIVERIES.c.attempts,
        DELIVERIES.c.candidate_id.label("delivery_candidate_id"),
        SUBSCRIPTIONS.c.url,
        SUBSCRIPTIONS.c.secret,
        *(_EVENTS.c[name] for name in EVENT_COLUMNS),
        _REMINDERS.c.deadline,
        _REMINDERS.c.due_on,
        _REMINDERS.c.days_left,
        _REMINDERS.c.organization_id.label("reminder_organization_id"),
        _REMINDERS.c.created_at.label("reminded_at"),
    )
    .select_from(DELIVERIES)
    .join(SUBSCRIPTIONS, SUBSCRIPTIONS.c.id == DELIVERIES.c.subscription_id)
    .outerjoin(
        _EVENTS,
        sa.and_(
            _EVENTS.c.candidate_id == DELIVERIES.c.candidate_id,
            _EVENTS.c.seq == DELIVERIES.c.seq,
        ),
    )
    .outerjoin(_REMINDERS, _REMINDERS.c.id == DELIVERIES.c.reminder_id)
    .where(DELIVERIES.c.id.in_(sa.bindparam("ids", expanding=True)))
    .order_by(DELIVERIES.c.id)
)
_RECORD = (
    DELIVERIES.update()
    .where(
        DELIVERIES.c.id == sa.bindparam("delivery_id"),
        DELIVERIES.c.leased_by == sa.bindparam("worker"),
    )
    .values(
        status=sa.bindparam("new_status"),
        attempts=sa.bindparam("new_attempts"),
        next_attempt_at=sa.bindparam("next_at"),
        last_status_code=sa.bindparam("status_code"),
        last_error=sa.bindparam("error"),
        delivered_at=sa.bindparam("delivered"),
        leased_until=None,
        leased_by=None,
    )
)


def envelope_of(row: Any) -> Envelope:
    """A leased row's event: a history event as the history serves it, or a reminder."""
    if row.reminder_organization_id is not None:
        data = {
            "candidate_id": row.delivery_candidate_id,
            "deadline": row.deadline,
            "due_on": row.due_on.isoformat(),
            "days_left": row.days_left,
        }
        organization_id, moment = row.reminder_organization_id, row.reminded_at
        body = orjson.dumps(data)
    else:
        organization_id, moment = row.organization_id, row.recorded_at
        body = orjson.dumps(content_of(row, raw=True))
    return Envelope(
        event_id=row.event_id,
        type=row.type,
        source=f"/organizations/{organization_id}",
        subject=f"candidates/{row.delivery_candidate_id}",
        time=moment,
        data=body,
    )


def lease_due(
    engine: Engine, settings: Settings, *, now: datetime, worker: str, limit: int = BATCH
) -> list[Leased]:
    """Lease up to `limit` due deliveries to `worker` until now + the lease time."""
    # An idle worker looks first without taking SQLite's write lock from the acts.
    with UnitOfWork(engine) as uow:
        if uow.connection.execute(_DUE, {"now": now, "rows": 1}).first() is None:
            return []
    with UnitOfWork(engine, write=True) as uow:
        connection = uow.connection
        due = _DUE if connection.dialect.name == "sqlite" else _DUE_SKIPPING_LOCKED
        ids = list(connection.execute(due, {"now": now, "rows": limit}).scalars())
        if not ids:
            return []
        until = now + timedelta(seconds=settings.webhook_lease_seconds)
        connection.execute(_LEASE, {"ids": ids, "until": until, "worker": worker})
        leased = [_leased(row) for row in connection.execute(_LEASED, {"ids": ids})]
        uow.commit()
    return leased


def _leased(row: Any) -> Leased:
    envelope = envelope_of(row)
    return Leased(
        id=row.id,
        event_id=row.event_id,
        candidate_id=row.delivery_candidate_id,
        attempts=row.attempts,
        url=row.url,
        secret=row.secret,
        body=envelope.body(),
    )


def send(sender: Sender, settings: Settings, leased: Leased, now: datetime) -> Attempt:
    """POST one leased delivery, signed at `now`; what it left (not yet recorded)."""
    code: int | None = None
    problem = url_problem(leased.url, settings)
    error = problem.zh if problem is not None else None
    if problem is None:
        headers = signed_headers(leased.secret, event_id=leased.event_id, at=now, body=leased.body)
        try:
            code = sender.send(
                leased.url, body=leased.body, headers=headers, timeout=settings.webhook_timeout
            )
        except OSError as failure:
            error = str(failure) or "连接失败"
        else:
            error = None if 200 <= code < 300 else f"接收方答复 HTTP {code}"
    attempts = leased.attempts + 1
    schedule = retry_schedule(settings)
    status = DELIVERED if error is None else PENDING if attempts <= len(schedule) else FAILED
    return Attempt(leased.id, leased.event_id, leased.candidate_id, status, attempts, code, error)


def record(
    engine: Engine, settings: Settings, attempt: Attempt, *, now: datetime, worker: str
) -> None:
    """Record an attempt that ended at `now`: its retry is due a step of the schedule later."""
    schedule = retry_schedule(settings)
    retry_at = (
        now + timedelta(seconds=schedule[attempt.attempts - 1])
        if attempt.status == PENDING
        else now
    )
    with UnitOfWork(engine, write=True) as uow:
        uow.connection.execute(
            _RECORD,
            {
                "delivery_id": attempt.delivery_id,
                "worker": worker,
                "new_status": attempt.status,
                "new_attempts": attempt.attempts,
                "next_at": retry_at,
                "status_code": attempt.status_code,
                "error": attempt.error[:200] if attempt.error else None,
                "delivered": now if attempt.status == DELIVERED else None,
            },
        )
        uow.commit()


def send_and_record(
    engine: Engine,
    settings: Settings,
    sender: Sender,
    leased: Leased,
    *,
    clock: Clock,
    worker: str,
) -> Attempt:
    """POST one leased delivery and record its answer (unless the lease was lost meanwhile)."""
    attempt = send(sender, settings, leased, clock.now())
    record(engine, settings, attempt, now=clock.now(), worker=worker)
    return attempt


def deliver_due(
    engine: Engine,
    settings: Settings,
    sender: Sender,
    *,
    clock: Clock,
    worker: str,
    limit: int = BATCH,
) -> list[Attempt]:
    """One step of the loop: lease what is due now, POST it, record each answer."""
    leased = lease_due(engine, settings, now=clock.now(), worker=worker, limit=limit)
    deliver = partial(send_and_record, engine, settings, sender, clock=clock, worker=worker)
    if len(leased) <= 1:
        return [deliver(one) for one in leased]
    with ThreadPoolExecutor(max_workers=min(SENDERS, len(leased))) as pool:
        return list(pool.map(deliver, leased))
