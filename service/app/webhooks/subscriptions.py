"""Use cases for webhook subscriptions (admins only): create one (its secret shown once), list,
read and delete them; and the URL rules checked at creation and again at each delivery."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from service.adapters.clock import Clock
from service.adapters.database import UnitOfWork
from service.adapters.tables import Organization, WebhookSubscription
from service.app.access import is_admin
from service.app.actors import Actor
from service.app.errors import InvalidInput, NotFound, PermissionDenied
from service.app.security import SUBSCRIPTION_CREATED, SUBSCRIPTION_DELETED, record_security_event
from service.app.webhooks.envelope import new_secret
from service.app.webhooks.outbox import DELIVERIES, types_column, types_of
from service.settings import Settings


@dataclass(frozen=True, slots=True)
class Subscription:
    id: int
    url: str
    organization_id: int
    types: list[str] | None
    description: str | None
    created_at: datetime

    @classmethod
    def of(cls, row: WebhookSubscription) -> Subscription:
        assert row.id is not None
        return cls(
            id=row.id,
            url=row.url,
            organization_id=row.organization_id,
            types=types_of(row.types),
            description=row.description,
            created_at=row.created_at,
        )


@dataclass(frozen=True, slots=True)
class IssuedSubscription:
    """A new subscription with its secret, which no answer shows again."""

    subscription: Subscription
    secret: str


def allowed_hosts(settings: Settings) -> frozenset[str] | None:
    """The hosts a subscription may name (RECRUITFLOW_WEBHOOK_ALLOWED_HOSTS); None: any."""
    if settings.webhook_allowed_hosts is None:
        return None
    return frozenset(
        host.strip().lower() for host in settings.webhook_allowed_hosts.split(",") if host.strip()
    )


@dataclass(frozen=True, slots=True)
class UrlProblem:
    """Why a URL may not receive webhooks, in English and in Chinese."""

    en: str
    zh: str


def url_problem(url: str, settings: Settings) -> UrlProblem | None:
    """Why `url` may not receive webhooks; None when it may."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 (raises ValueError on a port out of range)
    except ValueError:
        return UrlProblem("is not a well-formed URL", "网址格式不正确")
    if parts.scheme.lower() not in ("http", "https") or not host:
        return UrlProblem(
            "must start with http:// or https:// and name a host",
            "网址须以 http:// 或 https:// 开头并写明主机",
        )
    hosts = allowed_hosts(settings)
    if hosts is not None and host.lower() not in hosts:
        return UrlProblem(
            f"host {host} is not among the hosts this deployment allows "
            "(RECRUITFLOW_WEBHOOK_ALLOWED_HOSTS)",
            f"主机 {host} 不在本部署允许接收推送的主机之列（RECRUITFLOW_WEBHOOK_ALLOWED_HOSTS）",
        )
    return None


def require_admin(actor: Actor) -> None:
    if not is_admin(actor):
        raise PermissionDenied(
            "only an admin manages webhook subscriptions", detail_zh="只有管理员可以管理推送订阅"
        )


def create_subscription(
    engine: Engine,
    clock: Clock,
    settings: Settings,
    actor: Actor,
    *,
    url: str,
    organization_id: int,
    types: list[str] | None,
    description: str | None,
) -> IssuedSubscription:
    """A subscription to the events of the organisation and everything below it."""
    require_admin(actor)
    problem = url_problem(url, settings)
    if problem is not None:
        raise InvalidInput(problem.en, detail_zh=problem.zh, field="url")
    secret = new_secret()
    with UnitOfWork(engine, write=True) as uow:
        if uow.session.get(Organization, organization_id) is None:
            raise InvalidInput(
                f"organisation {organization_id} does not exist",
                detail_zh=f"组织 {organization_id} 不存在",
                field="organization_id",
            )
        row = WebhookSubscription(
            url=url,
            organization_id=organization_id,
            types=types_column(sorted(set(types)) if types else None),
            description=description,
            secret=secret,
            created_by=actor.id,
            created_at=clock.now(),
        )
        uow.session.add(row)
        uow.session.flush()
        record_security_event(
            uow.connection,
            clock,
            SUBSCRIPTION_CREATED,
            principal_id=actor.id,
            organization_id=organization_id,
            detail={"subscription_id": row.id, "url": url},
        )
        uow.commit()
    return IssuedSubscription(Subscription.of(row), secret)


def list_subscriptions(engine: Engine, actor: Actor) -> list[Subscription]:
    require_admin(actor)
    with UnitOfWork(engine) as uow:
        rows = uow.session.exec(select(WebhookSubscription).order_by(col(WebhookSubscription.id)))
        return [Subscription.of(row) for row in rows]


def load_subscription(session: Session, subscription_id: int) -> WebhookSubscription:
    row = session.get(WebhookSubscription, subscription_id)
    if row is None:
        raise NotFound(
            f"subscription {subscription_id} does not exist",
            detail_zh=f"推送订阅 {subscription_id} 不存在",
        )
    return row


def get_subscription(engine: Engine, actor: Actor, subscription_id: int) -> Subscription:
    require_admin(actor)
    with UnitOfWork(engine) as uow:
        return Subscription.of(load_subscription(uow.session, subscription_id))


def delete_subscription(engine: Engine, clock: Clock, actor: Actor, subscription_id: int) -> None:
    """The subscription and its deliveries, pending or not (the history keeps every event)."""
    require_admin(actor)
    with UnitOfWork(engine, write=True) as uow:
        row = load_subscription(uow.session, subscription_id)
        uow.connection.execute(
            sa.delete(DELIVERIES).where(DELIVERIES.c.subscription_id == subscription_id)
        )
        uow.session.delete(row)
        uow.session.flush()
        record_security_event(
            uow.connection,
            clock,
            SUBSCRIPTION_DELETED,
            principal_id=actor.id,
            organization_id=row.organization_id,
            detail={"subscription_id": subscription_id, "url": row.url},
        )
        uow.commit()
