"""推送订阅 (/console/subscriptions, admins): the webhook subscriptions with their organisation
and event types, one subscription's deliveries page by page (newest first; a reminder's with
its deadline and due date), and 重新发送 of a failed one,
through the same use cases as the API. Creating and deleting stay with the API, which shows
the secret once."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.responses import Response

from service.app.candidates import candidate_names
from service.app.organizations import list_organizations
from service.app.webhooks import deliveries, subscriptions
from service.web.guard import ConsoleRoute
from service.web.pages import render
from service.web.session import CheckedConsoleDep, ConsoleDep
from service.workflow.words import DEADLINES, DELIVERY_STATUSES, WEBHOOK_EVENTS

router = APIRouter(route_class=ConsoleRoute)
SUBSCRIPTIONS_PATH = "/console/subscriptions"
# Ids are INTEGER columns: a larger number names nothing (a 404 page, not a database error).
SubscriptionId = Annotated[int, Path(ge=1, le=2**31 - 1)]
DeliveryId = Annotated[int, Path(ge=1, le=2**31 - 1)]
DeliveryStatus = Literal["pending", "delivered", "failed"]

EVENT_LABELS = {name: words.zh for name, words in WEBHOOK_EVENTS.items()}
STATUS_LABELS = {name: words.zh for name, words in DELIVERY_STATUSES.items()}
DEADLINE_LABELS = {name: words.zh for name, words in DEADLINES.items()}


@router.get("/subscriptions", response_class=HTMLResponse)
def subscriptions_page(request: Request, console: ConsoleDep) -> HTMLResponse:
    actor = console.user.actor
    listed = subscriptions.list_subscriptions(console.wiring.engine, actor)
    organizations = list_organizations(console.wiring.engine, actor)
    return render(
        request,
        "subscriptions.html",
        user=console.user,
        nav="subscriptions",
        subscriptions=listed,
        organization_names={organization.id: organization.name for organization in organizations},
        event_labels=EVENT_LABELS,
    )


@router.get("/subscriptions/{subscription_id}", response_class=HTMLResponse)
def subscription_page(
    request: Request,
    console: ConsoleDep,
    subscription_id: SubscriptionId,
    status: DeliveryStatus | None = None,
    cursor: Annotated[int | None, Query(ge=0, le=2**31 - 1)] = None,
    retried: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> HTMLResponse:
    engine, actor = console.wiring.engine, console.user.actor
    subscription = subscriptions.get_subscription(engine, actor, subscription_id)
    page = deliveries.list_deliveries(
        engine, actor, subscription_id, status=status, cursor=cursor, order="newest"
    )
    names = candidate_names(engine, actor, {delivery.candidate_id for delivery in page.items})
    return render(
        request,
        "subscription.html",
        user=console.user,
        nav="subscriptions",
        subscription=subscription,
        page=page,
        status=status,
        retried=retried,
        candidate_names=names,
        event_labels=EVENT_LABELS,
        status_labels=STATUS_LABELS,
        deadline_labels=DEADLINE_LABELS,
    )


@router.post("/subscriptions/{subscription_id}/deliveries/{delivery_id}/retry")
def retry(
    console: CheckedConsoleDep, subscription_id: SubscriptionId, delivery_id: DeliveryId
) -> Response:
    deliveries.retry_delivery(
        console.wiring.engine, console.clock, console.user.actor, subscription_id, delivery_id
    )
    return RedirectResponse(
        f"{SUBSCRIPTIONS_PATH}/{subscription_id}?retried={delivery_id}", status_code=303
    )
