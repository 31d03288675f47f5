"""Route for the inbox: what waits for the caller, most urgent first, a page at a time."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from service.api.deps import AUTH_ERRORS, ActorDep, ClockDep, EngineDep, SettingsDep
from service.api.errors import problem_responses
from service.api.fields import Cursor
from service.api.routers.deadlines import CandidateRef, DueOut
from service.app import tasks
from service.workflow.words import TRIGGERS

router = APIRouter(prefix="/tasks", tags=["tasks"])


class TaskAct(BaseModel):
    trigger: str = Field(examples=["approve_pre_review"])
    actor: str = Field(description="The role the act is for.", examples=["reviewer"])
    title_zh: str = Field(examples=[TRIGGERS["approve_pre_review"].zh])
    title_en: str = Field(examples=["pass the pre-review"])


class TaskOut(BaseModel):
    candidate: CandidateRef
    next_act: TaskAct | None = Field(description="The act the candidate waits for.")
    due: DueOut | None = Field(
        description="The first step the deadlines set for the state; none when nothing is dated."
    )
    due_date: date | None
    overdue: bool
    interview_missing: bool | None = Field(
        description="Awaiting approval: whether the committee interview is still to be recorded;"
        " null in other states."
    )


class TaskPageOut(BaseModel):
    today: date
    items: list[TaskOut]
    next_cursor: str | None


def task_out(task: tasks.Task, today: date) -> TaskOut:
    due = task.due
    return TaskOut(
        candidate=CandidateRef(
            id=task.candidate_id,
            name=task.candidate_name,
            branch_id=task.branch_id,
            branch_name=task.branch_name,
            state=task.state,
        ),
        next_act=(
            TaskAct(
                trigger=task.act.trigger,
                actor=task.act.actor,
                title_zh=task.act.label_zh,
                title_en=task.act.label_en,
            )
            if task.act is not None
            else None
        ),
        due=(
            DueOut(
                what=due.what,
                label_zh=due.label_zh,
                due_date=due.due_date,
                days_left=due.days_left(today),
                rule=due.rule,
                provisional=due.provisional,
            )
            if due is not None
            else None
        ),
        due_date=task.due_date,
        overdue=task.overdue,
        interview_missing=task.interview_missing,
    )


@router.get("", responses=problem_responses(*AUTH_ERRORS))
def list_tasks(
    actor: ActorDep,
    engine: EngineDep,
    clock: ClockDep,
    settings: SettingsDep,
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> TaskPageOut:
    """What waits for the caller, most urgent first (overdue, then by due date, undated last).

    A reviewer: the candidates under their committee in the states where a reviewer acts
    (pre-review, approval, conversion approval). A secretary: every candidate of their branch
    still under way. An admin: every candidate under way. An auditor: nothing.
    """
    page = tasks.list_tasks(engine, clock, settings, actor, cursor=cursor, limit=limit)
    return TaskPageOut(
        today=page.today,
        items=[task_out(task, page.today) for task in page.items],
        next_cursor=page.next_cursor,
    )
