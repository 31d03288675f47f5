"""Use cases for principals after they are issued (admins only): list and show them, revoke
one, rotate its token; each change moves the auth epoch, ends the principal's console sessions
and is written to the security log in the same transaction, so no cache or session outlives it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from service.adapters.clock import Clock
from service.adapters.database import UnitOfWork
from service.adapters.tables import ConsoleSession, Principal, RetiredToken
from service.app.access import is_admin
from service.app.actors import Actor, Role
from service.app.errors import LastActiveAdmin, NotFound, PermissionDenied, StateConflict
from service.app.principals import bump_epoch, hash_token, new_token
from service.app.security import PRINCIPAL_REVOKED, PRINCIPAL_ROTATED, record_security_event


class Status(StrEnum):
    active = "active"
    revoked = "revoked"
    expired = "expired"


# How people read a status (the console, the command line, refusals).
STATUS_ZH = {Status.active: "有效", Status.revoked: "已吊销", Status.expired: "已过期"}


@dataclass(frozen=True, slots=True)
class PrincipalView:
    """A principal as an admin sees it (never its token)."""

    id: int
    name: str
    role: Role
    organization_id: int | None
    subject: str | None
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    revoked_reason: str | None
    status: Status


@dataclass(frozen=True, slots=True)
class PrincipalPage:
    items: list[PrincipalView]
    next_cursor: str | None


@dataclass(frozen=True, slots=True)
class RotatedPrincipal:
    principal: PrincipalView
    token: str


@dataclass(frozen=True, slots=True)
class PrincipalQuery:
    """The filters of the list; None means any."""

    organization_id: int | None = None
    role: Role | None = None
    active: bool | None = None


def list_principals(
    engine: Engine,
    clock: Clock,
    actor: Actor,
    query: PrincipalQuery,
    *,
    after: int | None = None,
    limit: int = 100,
) -> PrincipalPage:
    """One page by id; `active` means neither revoked nor expired now."""
    _require_admin(actor)
    now = clock.now()
    statement = select(Principal).order_by(col(Principal.id)).limit(limit + 1)
    if query.organization_id is not None:
        statement = statement.where(col(Principal.organization_id) == query.organization_id)
    if query.role is not None:
        statement = statement.where(col(Principal.role) == query.role.value)
    if query.active is not None:
        live = sa.and_(
            col(Principal.active),
            sa.or_(col(Principal.expires_at).is_(None), col(Principal.expires_at) > now),
        )
        statement = statement.where(live if query.active else sa.not_(live))
    if after is not None:
        statement = statement.where(col(Principal.id) > after)
    with UnitOfWork(engine) as uow:
        rows = list(uow.session.exec(statement).all())
    items = [_view(row, now) for row in rows[:limit]]
    more = len(rows) > limit
    return PrincipalPage(items, str(items[-1].id) if more and items else None)


def get_principal(engine: Engine, clock: Clock, actor: Actor, principal_id: int) -> PrincipalView:
    _require_admin(actor)
    with UnitOfWork(engine) as uow:
        principal = uow.session.get(Principal, principal_id)
    if principal is None:
        raise NotFound(
            f"principal {principal_id} does not exist", detail_zh=f"账号 {principal_id} 不存在"
        )
    return _view(principal, clock.now())


def revoke_principal(
    engine: Engine, clock: Clock, actor: Actor | None, principal_id: int, *, reason: str
) -> PrincipalView:
    """Its token is refused from the next request on, everywhere. `actor` None: the command
    line. The last active admin cannot be revoked (nobody could issue tokens again)."""

    def revoke(uow: UnitOfWork, principal: Principal, now: datetime) -> dict[str, str]:
        if principal.role == Role.admin and _other_active_admins(uow, principal_id, now) == 0:
            raise LastActiveAdmin(
                "the last active admin cannot be revoked",
                detail_zh="不能吊销最后一个有效的系统管理员账号",
            )
        principal.active, principal.revoked_at, principal.revoked_reason = False, now, reason
        return {"reason": reason}

    return _change(engine, clock, actor, principal_id, PRINCIPAL_REVOKED, revoke)


def rotate_principal(
    engine: Engine, clock: Clock, actor: Actor | None, principal_id: int
) -> RotatedPrincipal:
    """A new token for the principal, shown once; the old one is refused from now on."""
    token = new_token()

    def rotate(uow: UnitOfWork, principal: Principal, now: datetime) -> dict[str, str]:
        retired = RetiredToken(
            token_hash=principal.token_hash, principal_id=principal_id, retired_at=now
        )
        uow.session.add(retired)
        principal.token_hash = hash_token(token)
        return {}

    view = _change(engine, clock, actor, principal_id, PRINCIPAL_ROTATED, rotate)
    return RotatedPrincipal(view, token)


Change = Callable[[UnitOfWork, Principal, datetime], Mapping[str, Any]]


def _change(
    engine: Engine, clock: Clock, actor: Actor | None, principal_id: int, kind: str, change: Change
) -> PrincipalView:
    """One change to an active principal: the auth epoch moved first (it is also the lock that
    orders revocations), the row locked, changed, its console sessions ended (a session signed
    in with a token that is now dead dies with it), and the change logged, in one transaction."""
    if actor is not None:
        _require_admin(actor)
    now = clock.now()
    with UnitOfWork(engine, write=True) as uow:
        bump_epoch(uow.connection)
        principal = _locked(uow, principal_id)
        status = _view(principal, now).status
        if status != Status.active:
            raise StateConflict(
                f"principal {principal_id} is already {status}",
                detail_zh=f"账号 {principal_id} {STATUS_ZH[status]}",
            )
        detail = change(uow, principal, now)
        uow.session.add(principal)
        uow.session.flush()
        uow.connection.execute(
            sa.delete(ConsoleSession).where(col(ConsoleSession.principal_id) == principal_id)
        )
        record_security_event(
            uow.connection,
            clock,
            kind,
            principal_id=principal_id,
            organization_id=principal.organization_id,
            actor_id=actor.id if actor is not None else None,
            detail=detail,
        )
        uow.commit()
    return _view(principal, now)


def _require_admin(actor: Actor) -> None:
    if not is_admin(actor):
        raise PermissionDenied(
            "only an admin manages principals", detail_zh="只有系统管理员可以管理账号"
        )


def _locked(uow: UnitOfWork, principal_id: int) -> Principal:
    principal = uow.session.exec(
        select(Principal).where(col(Principal.id) == principal_id).with_for_update()
    ).first()
    if principal is None:
        raise NotFound(
            f"principal {principal_id} does not exist", detail_zh=f"账号 {principal_id} 不存在"
        )
    return principal


def _other_active_admins(uow: UnitOfWork, principal_id: int, now: datetime) -> int:
    count = uow.session.exec(
        select(sa.func.count())
        .select_from(Principal)
        .where(
            col(Principal.role) == Role.admin.value,
            col(Principal.id) != principal_id,
            col(Principal.active),
            sa.or_(col(Principal.expires_at).is_(None), col(Principal.expires_at) > now),
        )
    ).one()
    return int(count)


def _view(principal: Principal, now: datetime) -> PrincipalView:
    assert principal.id is not None
    if principal.expires_at is not None and principal.expires_at <= now:
        status = Status.expired
    elif not principal.active:
        status = Status.revoked
    else:
        status = Status.active
    return PrincipalView(
        id=principal.id,
        name=principal.name,
        role=Role(principal.role),
        organization_id=principal.organization_id,
        subject=principal.subject,
        created_at=principal.created_at,
        expires_at=principal.expires_at,
        revoked_at=principal.revoked_at,
        revoked_reason=principal.revoked_reason,
        status=status,
    )
