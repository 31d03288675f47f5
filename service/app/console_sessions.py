"""Use cases for the console's sessions: start one for an authenticated principal, find who
holds one (the principal checked again every time), end one.

The browser keeps a random session id; only its SHA-256 is stored, beside the session's CSRF
token and its expiry, which each use pushes forward (at most once a minute: a write per page
would cost more than the minute is worth).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from service.adapters.clock import Clock
from service.adapters.database import UnitOfWork
from service.adapters.tables import ConsoleSession, Organization, Principal
from service.app.actors import Actor
from service.app.principals import actor_of

_REFRESH_AFTER = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A live session: who holds it and the token its forms must carry."""

    actor: Actor
    csrf_token: str


@dataclass(frozen=True, slots=True)
class StartedSession:
    session_id: str
    signed_in: SignedIn


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def start_session(engine: Engine, clock: Clock, actor: Actor, *, minutes: int) -> StartedSession:
    session_id = secrets.token_urlsafe(32)
    csrf_token = secrets.token_urlsafe(32)
    now = clock.now()
    with UnitOfWork(engine, write=True) as uow:
        uow.session.add(
            ConsoleSession(
                id_hash=_digest(session_id),
                principal_id=actor.id,
                csrf_token=csrf_token,
                created_at=now,
                expires_at=now + timedelta(minutes=minutes),
            )
        )
        uow.commit()
    return StartedSession(session_id, SignedIn(actor, csrf_token))


def signed_in(engine: Engine, clock: Clock, session_id: str, *, minutes: int) -> SignedIn | None:
    """The session's principal if the session is live and the principal still active."""
    now = clock.now()
    with UnitOfWork(engine) as uow:
        row = uow.session.exec(
            select(ConsoleSession, Principal, Organization)
            .join(Principal, col(Principal.id) == col(ConsoleSession.principal_id))
            .join(
                Organization,
                col(Organization.id) == col(Principal.organization_id),
                isouter=True,
            )
            .where(
                col(ConsoleSession.id_hash) == _digest(session_id),
                col(ConsoleSession.expires_at) > now,
                col(Principal.active),
                sa.or_(col(Principal.expires_at).is_(None), col(Principal.expires_at) > now),
            )
        ).first()
    if row is None:
        return None
    session, principal, organization = row
    lasts_until = now + timedelta(minutes=minutes)
    if lasts_until - session.expires_at >= _REFRESH_AFTER:
        _extend(engine, session_id, lasts_until)
    actor = actor_of(principal, organization.path if organization is not None else None)
    return SignedIn(actor, session.csrf_token)


def _extend(engine: Engine, session_id: str, lasts_until: datetime) -> None:
    with UnitOfWork(engine, write=True) as uow:
        uow.connection.execute(
            sa.update(ConsoleSession)
            .where(col(ConsoleSession.id_hash) == _digest(session_id))
            .values(expires_at=lasts_until)
        )
        uow.commit()


def end_session(engine: Engine, clock: Clock, session_id: str) -> None:
    """Deletes the session, and with it every expired one."""
    with UnitOfWork(engine, write=True) as uow:
        uow.connection.execute(
            sa.delete(ConsoleSession).where(
                sa.or_(
                    col(ConsoleSession.id_hash) == _digest(session_id),
                    col(ConsoleSession.expires_at) <= clock.now(),
                )
            )
        )
        uow.commit()
