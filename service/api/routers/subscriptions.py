"""Routes for webhook subscriptions (admins): create one (its secret shown once), list, read,
delete; each one's deliveries, and a retry of one."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal, get_args

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field

from service.api.deps import AUTH_ERRORS, ActorDep, ClockDep, EngineDep, SettingsDep
from service.api.errors import PayloadTooLarge, problem_responses
from service.api.fields import Cursor, Identifier, IdInPath, ShortText, Text, UtcDateTime
from service.app.errors import InvalidInput, NotFound, PermissionDenied
from service.app.webhooks import deliveries, subscriptions
from service.app.webhooks.outbox import EVENT_TYPES

router = APIRouter(prefix="/subscriptions", tags=["subscriptions"])

EventType = Literal[
    "recruitflow.act.applied",
    "recruitflow.act.refused",
    "recruitflow.candidate.registered",
    "recruitflow.deadline.due",
    "recruitflow.deadline.overdue",
]
assert set(get_args(EventType)) == set(EVENT_TYPES)
DeliveryStatus = Literal["pending", "delivered", "failed"]


class SubscriptionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: Text = Field(
        description="The receiver: an http(s) URL, on a host the deployment allows "
        "(RECRUITFLOW_WEBHOOK_ALLOWED_HOSTS).",
        examples=["https://dangyuan.example.gov.cn/hooks/recruitflow"],
    )
    organization_id: Identifier = Field(
        description="Events of this organisation and of every organisation below it."
    )
    types: list[EventType] | None = Field(
        default=None, min_length=1, description="The event types to receive; omitted: all."
    )
    description: ShortText | None = Field(default=None, examples=["党员信息库"])


class SubscriptionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    url: str
    organization_id: int
    types: list[str] | None
    description: str | None
    created_at: UtcDateTime


class SubscriptionCreated(SubscriptionOut):
    secret: str = Field(
        description="The signing secret (`whsec_` + base64). Shown only in this response: "
        "the receiver verifies `webhook-signature` with it."
    )


class SubscriptionListOut(BaseModel):
    items: list[SubscriptionOut]


class DeliveryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    event_id: str = Field(description="The CloudEvent id, also sent as `webhook-id`.")
    type: str
    candidate_id: int
    status: DeliveryStatus
    attempts: int
    last_status_code: int | None
    last_error: str | None
    next_attempt_at: UtcDateTime | None = Field(description="While pending.")
    created_at: UtcDateTime
    delivered_at: UtcDateTime | None
    deadline: str | None = Field(
        description="A reminder's deadline, as /deadlines names it; null for other events."
    )
    due_on: date | None = Field(description="A reminder's due date; null for other events.")


class DeliveryPageOut(BaseModel):
    items: list[DeliveryOut]
    next_cursor: str | None


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(*AUTH_ERRORS, PermissionDenied, InvalidInput, PayloadTooLarge),
)
def create_subscription(
    body: SubscriptionIn,
    actor: ActorDep,
    engine: EngineDep,
    clock: ClockDep,
    settings: SettingsDep,
) -> SubscriptionCreated:
    """Subscribe a receiver to signed CloudEvents (admin only)."""
    issued = subscriptions.create_subscription(
        engine,
        clock,
        settings,
        actor,
        url=body.url,
        organization_id=body.organization_id,
        types=list(body.types) if body.types is not None else None,
        description=body.description,
    )
    return SubscriptionCreated(
        **SubscriptionOut.model_validate(issued.subscription).model_dump(), secret=issued.secret
    )


@router.get("", responses=problem_responses(*AUTH_ERRORS, PermissionDenied))
def list_subscriptions(actor: ActorDep, engine: EngineDep) -> SubscriptionListOut:
    """Every subscription, without its secret (admin only)."""
    found = subscriptions.list_subscriptions(engine, actor)
    return SubscriptionListOut(items=[SubscriptionOut.model_validate(one) for one in found])


@router.get(
    "/{subscription_id}", responses=problem_responses(*AUTH_ERRORS, PermissionDenied, NotFound)
)
def get_subscription(
    subscription_id: IdInPath, actor: ActorDep, engine: EngineDep
) -> SubscriptionOut:
    """One subscription, without its secret (admin only)."""
    found = subscriptions.get_subscription(engine, actor, subscription_id)
    return SubscriptionOut.model_validate(found)


@router.delete(
    "/{subscription_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=problem_responses(*AUTH_ERRORS, PermissionDenied, NotFound),
)
def delete_subscription(
    subscription_id: IdInPath, actor: ActorDep, engine: EngineDep, clock: ClockDep
) -> Response:
    """Stop sending: the subscription goes, with its deliveries (admin only)."""
    subscriptions.delete_subscription(engine, clock, actor, subscription_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/{subscription_id}/deliveries",
    responses=problem_responses(*AUTH_ERRORS, PermissionDenied, NotFound),
)
def list_deliveries(
    subscription_id: IdInPath,
    actor: ActorDep,
    engine: EngineDep,
    status: DeliveryStatus | None = None,
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    order: Annotated[
        deliveries.Order,
        Query(
            description="`oldest` first, in the order they were written (the default), or "
            "`newest` first; `next_cursor` continues in the same order."
        ),
    ] = "oldest",
) -> DeliveryPageOut:
    """The subscription's deliveries, oldest or newest first (admin only)."""
    page = deliveries.list_deliveries(
        engine, actor, subscription_id, status=status, cursor=cursor, order=order, limit=limit
    )
    return DeliveryPageOut(
        items=[DeliveryOut.model_validate(item) for item in page.items],
        next_cursor=page.next_cursor,
    )


@router.post(
    "/{subscription_id}/deliveries/{delivery_id}/retry",
    responses=problem_responses(*AUTH_ERRORS, PermissionDenied, NotFound),
)
def retry_delivery(
    subscription_id: IdInPath,
    delivery_id: IdInPath,
    actor: ActorDep,
    engine: EngineDep,
    clock: ClockDep,
) -> DeliveryOut:
    """Send a delivery again from the start of its schedule: pending, due now (admin only)."""
    retried = deliveries.retry_delivery(engine, clock, actor, subscription_id, delivery_id)
    return DeliveryOut.model_validate(retried)
