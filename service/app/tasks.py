"""Use case: the inbox — what waits for the calling principal, most urgent first, a page at a time.

A reviewer's inbox holds the candidates under their committee in the states where the table
gives a reviewer an act; a secretary's, every candidate of their branch still under way; an
admin's, every candidate under way. Each task names the act expected next (read from the table)
and the first date the deadlines set for the candidate's state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from service.adapters.clock import Clock
from service.adapters.database import UnitOfWork
from service.adapters.tables import Candidate, Organization
from service.app.actors import Actor, Role
from service.app.calendar import load_calendar
from service.app.definitions import deployment_profile
from service.settings import Settings
from service.workflow import (
    ACTS,
    ACTS_BY_KEY,
    REVIEWER,
    STATE_NAMES,
    Act,
    Record,
    RuleProfile,
    WorkingCalendar,
)
from service.workflow.deadlines import Due, due_items
from service.workflow.definition import NON_FINAL

# The reviewer's record of the committee's talk with the candidate, which approval's rules read.
COMMITTEE_INTERVIEW = "record_committee_interview"
REVIEWER_STATES = tuple(
    name
    for name in STATE_NAMES
    if any(act.source == name and act.actor == REVIEWER for act in ACTS)
)


def _way_forward(state: str) -> Act | None:
    """The act that leads to the nearest state after `state` in the table's order."""
    position = STATE_NAMES.index(state)
    best: tuple[int, Act] | None = None
    for act in ACTS:
        if act.source != state or act.is_record:
            continue
        for destination in act.outcomes.values():
            ahead = STATE_NAMES.index(destination) - position if destination else 0
            if ahead > 0 and (best is None or ahead < best[0]):
                best = (ahead, act)
    return best[1] if best is not None else None


_CANDIDATES: sa.Table = Candidate.__table__  # type: ignore[attr-defined]
_ORGANIZATIONS: sa.Table = Organization.__table__  # type: ignore[attr-defined]
WAY_FORWARD: dict[str, Act | None] = {name: _way_forward(name) for name in NON_FINAL}


@dataclass(frozen=True, slots=True)
class Task:
    candidate_id: int
    candidate_name: str
    branch_id: int
    branch_name: str
    state: str
    act: Act | None  # the act expected next: its trigger, actor role and titles
    due: Due | None  # the first dated step of the state
    overdue: bool
    interview_missing: bool | None  # None outside the states where the interview is recorded

    @property
    def due_date(self) -> date | None:
        return self.due.due_date if self.due is not None else None


@dataclass(frozen=True, slots=True)
class TaskPage:
    today: date
    items: list[Task]
    next_cursor: str | None


def next_act(state: str, record: Record, due: Due | None) -> Act | None:
    """The act a candidate waits for: the committee interview while approval lacks it, the
    record act that does a due step (its rule among the act's guards or warnings), else the way
    forward."""
    interview = ACTS_BY_KEY.get((COMMITTEE_INTERVIEW, state))
    if interview is not None and record.interview is None:
        return interview
    if due is not None:
        for act in ACTS:
            if act.source == state and act.is_record and due.rule in act.guards + act.warnings:
                return act
    return WAY_FORWARD.get(state)


def _task(
    row: Sequence[Any], *, today: date, profile: RuleProfile, calendar: WorkingCalendar
) -> Task:
    candidate_id, name, branch_id, branch_name, state, data = row
    record = Record.from_data(orjson.loads(data))
    dues = due_items(state, record, profile=profile, calendar=calendar)
    due = dues[0] if dues else None
    return Task(
        candidate_id=candidate_id,
        candidate_name=name,
        branch_id=branch_id,
        branch_name=branch_name,
        state=state,
        act=next_act(state, record, due),
        due=due,
        overdue=due is not None and due.due_date < today,
        interview_missing=(
            record.interview is None if (COMMITTEE_INTERVIEW, state) in ACTS_BY_KEY else None
        ),
    )


def _urgency(task: Task) -> tuple[bool, date, int]:
    return (task.due_date is None, task.due_date or date.max, task.candidate_id)


def _states_for(actor: Actor) -> tuple[str, ...]:
    if actor.role == Role.reviewer:
        return REVIEWER_STATES
    if actor.role in (Role.secretary, Role.admin):
        return NON_FINAL
    return ()


def list_tasks(
    engine: Engine,
    clock: Clock,
    settings: Settings,
    actor: Actor,
    *,
    cursor: int | None = None,
    limit: int = 50,
) -> TaskPage:
    """The inbox ordered by due date (overdue first, undated last), then by candidate id;
    `cursor` is the position after the page before."""
    today = clock.today()
    states = _states_for(actor)
    scope = actor.organization_path
    if not states or (scope is None and actor.role != Role.admin):
        return TaskPage(today, [], None)
    profile = deployment_profile(settings, on=today)
    statement = (
        sa.select(
            _CANDIDATES.c.id,
            _CANDIDATES.c.name,
            _CANDIDATES.c.branch_id,
            _ORGANIZATIONS.c.name.label("branch_name"),
            _CANDIDATES.c.state,
            _CANDIDATES.c.record,
        )
        .join(_ORGANIZATIONS, _ORGANIZATIONS.c.id == _CANDIDATES.c.branch_id)
        .where(_CANDIDATES.c.state.in_(states))
    )
    if scope is not None:
        statement = statement.where(_ORGANIZATIONS.c.path.startswith(scope))
    with UnitOfWork(engine) as uow:
        calendar = load_calendar(uow.session)
        rows = uow.session.connection().execute(statement).all()
    tasks = [_task(row, today=today, profile=profile, calendar=calendar) for row in rows]
    tasks.sort(key=_urgency)
    start = cursor or 0
    page = tasks[start : start + limit]
    more = start + limit < len(tasks)
    return TaskPage(today, page, str(start + limit) if more else None)
