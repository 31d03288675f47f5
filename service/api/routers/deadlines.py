"""Route for deadlines: what is due or overdue under an organisation, by the workflow's rules."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from service.api.deps import AUTH_ERRORS, ActorDep, ClockDep, EngineDep, SettingsDep
from service.api.errors import problem_responses
from service.api.fields import MAX_ID
from service.app import deadlines
from service.app.errors import NotFound, PermissionDenied
from service.workflow.words import DEADLINES

router = APIRouter(prefix="/deadlines", tags=["deadlines"])


class CandidateRef(BaseModel):
    id: int
    name: str
    branch_id: int
    branch_name: str
    state: str


class DueOut(BaseModel):
    """One dated step, and the rule that judges it."""

    what: str = Field(examples=["notice_end"])
    label_zh: str = Field(examples=[DEADLINES["notice_end"].zh])
    due_date: date
    days_left: int = Field(description="Negative when overdue.")
    rule: str = Field(
        description="The rule id that judges the step.", examples=["publicity.complete"]
    )
    provisional: bool = Field(description="The date rests on a year without an official calendar.")


class DeadlineOut(DueOut):
    candidate: CandidateRef


class DeadlineListOut(BaseModel):
    today: date
    within_days: int
    items: list[DeadlineOut]


@router.get("", responses=problem_responses(*AUTH_ERRORS, PermissionDenied, NotFound))
def list_deadlines(
    actor: ActorDep,
    engine: EngineDep,
    clock: ClockDep,
    settings: SettingsDep,
    within_days: Annotated[int, Query(ge=0, le=3660)] = 30,
    organization_id: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Defaults to the caller's own organisation.")
    ] = None,
) -> DeadlineListOut:
    """Steps overdue or due within `within_days` days, soonest first."""
    items = deadlines.list_deadlines(
        engine,
        clock,
        settings,
        actor,
        organization_id=organization_id,
        within_days=within_days,
    )
    return DeadlineListOut(
        today=clock.today(),
        within_days=within_days,
        items=[
            DeadlineOut(
                candidate=CandidateRef(
                    id=item.candidate_id,
                    name=item.name,
                    branch_id=item.branch_id,
                    branch_name=item.branch_name,
                    state=item.state,
                ),
                what=item.what,
                label_zh=item.label_zh,
                due_date=item.due_date,
                days_left=item.days_left,
                rule=item.rule,
                provisional=item.provisional,
            )
            for item in items
        ],
    )
