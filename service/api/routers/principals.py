"""Routes for principals: admins issue, list, revoke and rotate tokens; anyone can ask who they
are."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, status
from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

from service.api.deps import AUTH_ERRORS, ActorDep, ClockDep, EngineDep
from service.api.errors import PayloadTooLarge, problem_responses
from service.api.fields import Cursor, Identifier, IdInPath, IdInQuery, ShortText, UtcDateTime
from service.app import principal_lifecycle, principals
from service.app.actors import Actor, Role
from service.app.errors import InvalidInput, NotFound, PermissionDenied, StateConflict
from service.app.principal_lifecycle import PrincipalQuery, PrincipalView, Status

router = APIRouter(prefix="/principals", tags=["principals"])


def _naive_utc(value: datetime) -> datetime:
    if not 1900 <= value.year <= 2100:
        raise ValueError("must lie between 1900 and 2100")
    return value.astimezone(UTC).replace(tzinfo=None)


# The pattern states in the schema what validation does: a time zone, and a year in 1900-2100.
EXPIRY_PATTERN = r"^(19\d\d|20\d\d|2100)-\d\d-\d\dT[^Z+-]*([Zz]|[+-]\d\d:?\d\d)$"
Expiry = Annotated[
    AwareDatetime,
    AfterValidator(_naive_utc),
    Field(json_schema_extra={"pattern": EXPIRY_PATTERN}),
]


class PrincipalCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: ShortText = Field(examples=["第一党支部书记"])
    role: Role
    organization_id: Identifier | None = Field(
        default=None,
        description="secretary: a branch; reviewer: a committee; auditor: any; admin: none.",
    )
    subject: ShortText | None = Field(
        default=None,
        description="The identity provider's `sub` this principal signs in as (single sign-on).",
    )
    expires_at: Expiry | None = Field(
        default=None,
        description="When its token stops working (with a time zone); none: never.",
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


class PrincipalDetailOut(PrincipalOut):
    subject: str | None
    status: Status = Field(description="active, revoked or expired.")
    created_at: UtcDateTime
    expires_at: UtcDateTime | None
    revoked_at: UtcDateTime | None
    revoked_reason: str | None

    @classmethod
    def of_view(cls, view: PrincipalView) -> PrincipalDetailOut:
        return cls(
            id=view.id,
            name=view.name,
            role=view.role,
            organization_id=view.organization_id,
            subject=view.subject,
            status=view.status,
            created_at=view.created_at,
            expires_at=view.expires_at,
            revoked_at=view.revoked_at,
            revoked_reason=view.revoked_reason,
        )


class PrincipalPageOut(BaseModel):
    items: list[PrincipalDetailOut]
    next_cursor: str | None


class Revocation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: ShortText = Field(examples=["调离岗位"])


class Rotated(PrincipalDetailOut):
    token: str = Field(description="The new bearer token. Shown only in this response: keep it.")


_READ_ERRORS = problem_responses(*AUTH_ERRORS, PermissionDenied, NotFound, InvalidInput)
_CHANGE_ERRORS = problem_responses(
    *AUTH_ERRORS, PermissionDenied, NotFound, StateConflict, InvalidInput, PayloadTooLarge
)


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
        subject=body.subject,
        expires_at=body.expires_at,
    )
    return PrincipalCreated(**PrincipalOut.of(issued.actor).model_dump(), token=issued.token)


@router.get("", responses=_READ_ERRORS)
def list_principals(
    actor: ActorDep,
    engine: EngineDep,
    clock: ClockDep,
    organization_id: IdInQuery = None,
    role: Role | None = None,
    active: Annotated[
        bool | None, Query(description="true: neither revoked nor expired; false: either.")
    ] = None,
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> PrincipalPageOut:
    """Principals by id, filtered and paged (admin only)."""
    page = principal_lifecycle.list_principals(
        engine,
        clock,
        actor,
        PrincipalQuery(organization_id=organization_id, role=role, active=active),
        after=cursor,
        limit=limit,
    )
    return PrincipalPageOut(
        items=[PrincipalDetailOut.of_view(view) for view in page.items],
        next_cursor=page.next_cursor,
    )


@router.get("/me", responses=problem_responses(*AUTH_ERRORS))
def get_current_principal(actor: ActorDep) -> PrincipalOut:
    """The principal the bearer token belongs to."""
    return PrincipalOut.of(actor)


@router.get("/{principal_id}", responses=_READ_ERRORS)
def get_principal(
    principal_id: IdInPath, actor: ActorDep, engine: EngineDep, clock: ClockDep
) -> PrincipalDetailOut:
    """One principal (admin only); never its token."""
    view = principal_lifecycle.get_principal(engine, clock, actor, principal_id)
    return PrincipalDetailOut.of_view(view)


@router.post("/{principal_id}/revoke", responses=_CHANGE_ERRORS)
def revoke_principal(
    principal_id: IdInPath, body: Revocation, actor: ActorDep, engine: EngineDep, clock: ClockDep
) -> PrincipalDetailOut:
    """Revoke a principal (admin only): its token is refused from the next request on, on
    every instance. The last active admin cannot be revoked (409)."""
    view = principal_lifecycle.revoke_principal(
        engine, clock, actor, principal_id, reason=body.reason
    )
    return PrincipalDetailOut.of_view(view)


@router.post(
    "/{principal_id}/rotate",
    responses=problem_responses(*AUTH_ERRORS, PermissionDenied, NotFound, StateConflict),
)
def rotate_principal(
    principal_id: IdInPath, actor: ActorDep, engine: EngineDep, clock: ClockDep
) -> Rotated:
    """Issue a new token for the principal (admin only), shown once; the old one is refused
    from the next request on."""
    rotated = principal_lifecycle.rotate_principal(engine, clock, actor, principal_id)
    return Rotated(
        **PrincipalDetailOut.of_view(rotated.principal).model_dump(), token=rotated.token
    )
