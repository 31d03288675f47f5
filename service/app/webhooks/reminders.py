"""Deadline reminders: each deadline of /deadlines becomes `recruitflow.deadline.due` once when
it is RECRUITFLOW_REMIND_DAYS days away or nearer, and `recruitflow.deadline.overdue` once after
it passed. A unique key per (candidate, deadline, due date, kind) makes a second run, or a
second instance, emit nothing twice. The database writes each new reminder's deliveries with
it (service/app/webhooks/outbox.py)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from service.adapters.clock import Clock
from service.adapters.database import UnitOfWork, dialect_insert
from service.adapters.tables import WebhookReminder
from service.app.actors import Actor, Role
from service.app.deadlines import DeadlineItem, list_deadlines
from service.settings import Settings

DUE, OVERDUE = "due", "overdue"
# Reminders written per transaction: a long scan leaves room for the acts between its batches.
BATCH = 200
# Reminders read every deadline of every organisation, as an admin would.
_SCANNER = Actor(id=0, name="提醒", role=Role.admin, organization_id=None, organization_path=None)
_REMINDERS = WebhookReminder.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Reminder:
    candidate_id: int
    deadline: str
    due_on: str
    kind: str
    event_id: str


def reminder_event_id(candidate_id: int, deadline: str, due_on: str, kind: str) -> str:
    """The CloudEvent id of a reminder: from what makes it unique, so retries repeat it."""
    key = f"{candidate_id}:{deadline}:{due_on}:{kind}".encode()
    return f"rem_{hashlib.sha256(key).hexdigest()[:32]}"


def send_reminders(engine: Engine, clock: Clock, settings: Settings) -> list[Reminder]:
    """Emit the reminders due today that were not emitted before; those emitted now."""
    items = list_deadlines(
        engine,
        clock,
        settings,
        _SCANNER,
        organization_id=None,
        within_days=settings.remind_days,
    )
    emitted: list[Reminder] = []
    for start in range(0, len(items), BATCH):
        emitted.extend(_emit(engine, clock, items[start : start + BATCH]))
    return emitted


def _emit(engine: Engine, clock: Clock, items: list[DeadlineItem]) -> list[Reminder]:
    now = clock.now()
    emitted: list[Reminder] = []
    with UnitOfWork(engine, write=True) as uow:
        connection = uow.connection
        for item in items:
            kind = OVERDUE if item.days_left < 0 else DUE
            due_on = item.due_date.isoformat()
            reminder = Reminder(
                item.candidate_id,
                item.what,
                due_on,
                kind,
                reminder_event_id(item.candidate_id, item.what, due_on, kind),
            )
            statement = (
                dialect_insert(connection, _REMINDERS)
                .values(
                    candidate_id=item.candidate_id,
                    deadline=item.what,
                    due_on=item.due_date,
                    kind=kind,
                    days_left=item.days_left,
                    organization_id=item.branch_id,
                    event_id=reminder.event_id,
                    created_at=now,
                )
                .on_conflict_do_nothing(
                    index_elements=["candidate_id", "deadline", "due_on", "kind"]
                )
                .returning(_REMINDERS.c.id)
            )
            if connection.execute(statement).scalar() is not None:
                emitted.append(reminder)
        uow.commit()
    return emitted
