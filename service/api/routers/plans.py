"""Routes for annual development plans (控制总量): set a quota, read usage and changes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field

from service.api.deps import AUTH_ERRORS, ActorDep, ClockDep, EngineDep
from service.api.errors import PayloadTooLarge, problem_responses
from service.api.fields import MAX_ID, Count, Identifier, UtcDateTime, WholeNumber
from service.app import plans
from service.app.errors import NotFound, PermissionDenied

router = APIRouter(prefix="/plans", tags=["plans"])

Year = Annotated[int, Field(ge=2000, le=2100, strict=True, examples=[2026]), WholeNumber]


class PlanIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    organization_id: Identifier = Field(description="A committee or a branch.")
    year: Year
    quota: Count = Field(description="Admissions (批准为预备党员) allowed in the year.")


class PlanOut(BaseModel):
    organization_id: int
    organization_name: str
    year: int
    quota: int
    used: int = Field(description="Admissions approved in the year under the organisation.")
    updated_at: UtcDateTime


class PlanListOut(BaseModel):
    items: list[PlanOut]


class PlanChangeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    organization_id: int
    year: int
    old_quota: int | None
    new_quota: int
    actor_id: int | None
    actor_name: str
    actor_role: str
    changed_at: UtcDateTime


class PlanChangeListOut(BaseModel):
    items: list[PlanChangeOut]


def _out(view: plans.PlanView) -> PlanOut:
    return PlanOut(
        organization_id=view.organization_id,
        organization_name=view.organization_name,
        year=view.year,
        quota=view.quota,
        used=view.used,
        updated_at=view.updated_at,
    )


@router.post(
    "",
    status_code=status.HTTP_200_OK,
    responses={
        201: {"model": PlanOut, "description": "Created"},
        **problem_responses(*AUTH_ERRORS, PermissionDenied, NotFound, PayloadTooLarge),
    },
)
def set_plan(
    body: PlanIn, response: Response, actor: ActorDep, engine: EngineDep, clock: ClockDep
) -> PlanOut:
    """Create (201) or change (200) a year's plan; every change is kept in the plan history."""
    result = plans.set_plan(
        engine,
        clock,
        actor,
        organization_id=body.organization_id,
        year=body.year,
        quota=body.quota,
    )
    if result.created:
        response.status_code = status.HTTP_201_CREATED
    return _out(result.plan)


OrganizationQuery = Annotated[
    int | None, Query(ge=1, le=MAX_ID, description="Defaults to the caller's own organisation.")
]
YearQuery = Annotated[int | None, Query(ge=2000, le=2100)]


@router.get("", responses=problem_responses(*AUTH_ERRORS, PermissionDenied, NotFound))
def list_plans(
    actor: ActorDep,
    engine: EngineDep,
    organization_id: OrganizationQuery = None,
    year: YearQuery = None,
) -> PlanListOut:
    """The plans set on an organisation, each with its quota and the admissions used."""
    views = plans.list_plans(engine, actor, organization_id=organization_id, year=year)
    return PlanListOut(items=[_out(view) for view in views])


@router.get("/changes", responses=problem_responses(*AUTH_ERRORS, PermissionDenied, NotFound))
def list_plan_changes(
    actor: ActorDep,
    engine: EngineDep,
    organization_id: OrganizationQuery = None,
    year: YearQuery = None,
) -> PlanChangeListOut:
    """Who set each quota of an organisation's plans, when, and from what to what."""
    rows = plans.plan_changes(engine, actor, organization_id=organization_id, year=year)
    return PlanChangeListOut(items=[PlanChangeOut.model_validate(row) for row in rows])
