"""Use case: what is due or overdue under an organisation, from each candidate's record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import orjson
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from service.adapters.clock import Clock
from service.adapters.database import UnitOfWork
from service.adapters.tables import Candidate, Organization
from service.app.actors import Actor
from service.app.calendar import load_calendar
from service.app.definitions import deployment_profile
from service.app.organizations import resolve_scope
from service.settings import Settings
from service.workflow import FINAL_STATES, Record
from service.workflow.deadlines import due_items, within


@dataclass(frozen=True, slots=True)
class DeadlineItem:
    candidate_id: int
    name: str
    branch_id: int
    branch_name: str
    state: str
    what: str
    label_zh: str
    due_date: date
    days_left: int
    rule: str
    provisional: bool


def list_deadlines(
    engine: Engine,
    clock: Clock,
    settings: Settings,
    actor: Actor,
    *,
    organization_id: int | None,
    within_days: int,
) -> list[DeadlineItem]:
    """Items overdue or due within `within_days` days, soonest first."""
    today = clock.today()
    profile = deployment_profile(settings, on=today)
    with UnitOfWork(engine) as uow:
        session = uow.session
        scope = resolve_scope(session, actor, organization_id)
        calendar = load_calendar(session)
        statement = (
            select(Candidate, Organization.name)
            .join(Organization, col(Organization.id) == col(Candidate.branch_id))
            .where(col(Candidate.state).not_in(FINAL_STATES))
            .order_by(col(Candidate.id))
        )
        if scope is not None:
            statement = statement.where(col(Organization.path).startswith(scope.path))
        rows = session.exec(statement).all()
    items: list[DeadlineItem] = []
    for candidate, branch_name in rows:
        assert candidate.id is not None
        record = Record.from_data(orjson.loads(candidate.record))
        found = due_items(candidate.state, record, profile=profile, calendar=calendar)
        items.extend(
            DeadlineItem(
                candidate_id=candidate.id,
                name=candidate.name,
                branch_id=candidate.branch_id,
                branch_name=branch_name,
                state=candidate.state,
                what=due.what,
                label_zh=due.label_zh,
                due_date=due.due_date,
                days_left=due.days_left(today),
                rule=due.rule,
                provisional=due.provisional,
            )
            for due in within(found, today=today, days=within_days)
        )
    return sorted(items, key=lambda item: (item.due_date, item.candidate_id, item.what))
