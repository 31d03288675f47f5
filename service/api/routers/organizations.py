"""Routes for the organisation tree (admins build it; everyone reads their part of it)."""

from __future__ import annotations

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field

from service.api.deps import AUTH_ERRORS, ActorDep, ClockDep, EngineDep
from service.api.errors import PayloadTooLarge, problem_responses
from service.api.fields import Identifier, IdInPath, ShortText, UtcDateTime
from service.app import organizations
from service.app.errors import InvalidInput, NotFound, PermissionDenied
from service.app.organizations import OrganizationKind

router = APIRouter(prefix="/organizations", tags=["organizations"])


class OrganizationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: ShortText = Field(examples=["县直机关工委"])
    kind: OrganizationKind
    parent_id: Identifier | None = Field(
        default=None, description="A committee; required for a branch, optional for a committee."
    )


class OrganizationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    kind: OrganizationKind
    parent_id: int | None
    path: str = Field(description='Ids from the top down to this one, e.g. "/1/4/".')
    created_at: UtcDateTime


class OrganizationList(BaseModel):
    items: list[OrganizationOut]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(*AUTH_ERRORS, PermissionDenied, InvalidInput, PayloadTooLarge),
)
def create_organization(
    body: OrganizationCreate, actor: ActorDep, engine: EngineDep, clock: ClockDep
) -> OrganizationOut:
    """Create a committee or a branch (admin only)."""
    organization = organizations.create_organization(
        engine, clock, actor, name=body.name, kind=body.kind, parent_id=body.parent_id
    )
    return OrganizationOut.model_validate(organization)


@router.get("", responses=problem_responses(*AUTH_ERRORS))
def list_organizations(actor: ActorDep, engine: EngineDep) -> OrganizationList:
    """The organisations the caller can read: its own and those below it (admins: all)."""
    rows = organizations.list_organizations(engine, actor)
    return OrganizationList(items=[OrganizationOut.model_validate(row) for row in rows])


@router.get(
    "/{organization_id}",
    responses=problem_responses(*AUTH_ERRORS, PermissionDenied, NotFound, InvalidInput),
)
def get_organization(
    organization_id: IdInPath, actor: ActorDep, engine: EngineDep
) -> OrganizationOut:
    organization = organizations.get_organization(engine, actor, organization_id)
    return OrganizationOut.model_validate(organization)
