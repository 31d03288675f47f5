"""Routes for principals: admins issue tokens; anyone can ask who they are."""

from __future__ import annotations

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field

from service.api.deps import AUTH_ERRORS, ActorDep, ClockDep, EngineDep
from service.api.errors import PayloadTooLarge, problem_responses
from service.api.fields import Identifier, ShortText
from service.app import principals
from service.app.actors import Actor, Role
from service.app.errors import InvalidInput, PermissionDenied

router = APIRouter(prefix="/principals", tags=["principals"])


class PrincipalCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: ShortText = Field(examples=["第一党支部书记"])
    role: Role
    organization_id: Identifier | None = Field(
        default=None,
        description="secretary: a branch; reviewer: a committee; auditor: any; admin: none.",
    )


class PrincipalOut(BaseModel):
    id: int
    name: str
    role: Role
    organization_id: int | None

    @classmethod
    def of(cls, actor: Actor) -> PrincipalOut:
        return cls(
            id=actor.id, name=actor.name, role=actor.role, organization_id=actor.organization_id
        )


class PrincipalCreated(PrincipalOut):
    token: str = Field(description="The bearer token. Shown only in this response: keep it.")


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(*AUTH_ERRORS, PermissionDenied, InvalidInput, PayloadTooLarge),
)
def create_principal(
    body: PrincipalCreate, actor: ActorDep, engine: EngineDep, clock: ClockDep
) -> PrincipalCreated:
    """Create a principal and issue its token (admin only)."""
    issued = principals.create_principal(
        engine,
        clock,
        actor,
        name=body.name,
        role=body.role,
        organization_id=body.organization_id,
    )
    return PrincipalCreated(**PrincipalOut.of(issued.actor).model_dump(), token=issued.token)


@router.get("/me", responses=problem_responses(*AUTH_ERRORS))
def get_current_principal(actor: ActorDep) -> PrincipalOut:
    """The principal the bearer token belongs to."""
    return PrincipalOut.of(actor)
