"""Use cases for principals: issuing bearer tokens, and recognising them again.

A token is shown once; only its SHA-256 is stored. A random 256-bit token needs no slow
hash (nothing to brute-force), and hashing lets the lookup use the unique index. Revoking,
rotating and expiring live in service.app.principal_lifecycle; every one of them moves the
auth epoch, which a cached token is checked against on each request.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from service.adapters.clock import Clock, SystemClock
from service.adapters.database import InlineReader, UnitOfWork
from service.adapters.tables import AuthEpoch, Organization, Principal, RetiredToken
from service.app.access import is_admin
from service.app.actors import Actor, Role
from service.app.errors import (
    InvalidInput,
    NotAuthenticated,
    PermissionDenied,
    TokenExpired,
    TokenRevoked,
)
from service.app.organizations import OrganizationKind
from service.app.security import PRINCIPAL_CREATED, PRINCIPAL_EXPIRED, record_security_event
from service.workflow.words import choice_label

# Which kind of organisation each role belongs to (None: any kind).
_ROLE_HOME: dict[Role, OrganizationKind | None] = {
    Role.secretary: OrganizationKind.branch,
    Role.reviewer: OrganizationKind.committee,
    Role.auditor: None,
}
_EPOCH: sa.Table = AuthEpoch.__table__  # type: ignore[attr-defined]
_READ_EPOCH = sa.select(_EPOCH.c.epoch).where(_EPOCH.c.id == 1)
_BUMP_EPOCH = _EPOCH.update().where(_EPOCH.c.id == 1).values(epoch=_EPOCH.c.epoch + 1)


@dataclass(frozen=True, slots=True)
class IssuedPrincipal:
    """A new principal with its token, which exists nowhere else once this is dropped."""

    actor: Actor
    token: str


@dataclass(frozen=True, slots=True)
class Authenticated:
    """Who a token belongs to, until when, and the auth epoch it was checked under."""

    actor: Actor
    expires_at: datetime | None
    epoch: int


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_principal(
    engine: Engine,
    clock: Clock,
    actor: Actor,
    *,
    name: str,
    role: Role,
    organization_id: int | None,
    subject: str | None = None,
    expires_at: datetime | None = None,
) -> IssuedPrincipal:
    if not is_admin(actor):
        raise PermissionDenied("only an admin creates principals")
    return register_principal(
        engine,
        clock,
        name=name,
        role=role,
        organization_id=organization_id,
        subject=subject,
        expires_at=expires_at,
        created_by=actor,
    )


def register_principal(
    engine: Engine,
    clock: Clock,
    *,
    name: str,
    role: Role,
    organization_id: int | None,
    token: str | None = None,
    subject: str | None = None,
    expires_at: datetime | None = None,
    created_by: Actor | None = None,
) -> IssuedPrincipal:
    """Creates a principal without asking who wants it (the command line, start-up, tests)."""
    token = token or new_token()
    if expires_at is not None and expires_at <= clock.now():
        raise InvalidInput(
            "the expiry must lie in the future",
            field="expires_at",
            detail_zh="到期时间须晚于现在",
        )
    with UnitOfWork(engine, write=True) as uow:
        path = _check_home(uow, role=role, organization_id=organization_id)
        if subject is not None and _subject_taken(uow, subject):
            raise InvalidInput(
                f"subject {subject!r} belongs to another principal",
                field="subject",
                detail_zh="该单点登录主体已属于另一账号",
            )
        principal = Principal(
            name=name,
            role=role.value,
            organization_id=organization_id,
            token_hash=hash_token(token),
            created_at=clock.now(),
            subject=subject,
            expires_at=expires_at,
        )
        uow.session.add(principal)
        uow.session.flush()
        assert principal.id is not None
        record_security_event(
            uow.connection,
            clock,
            PRINCIPAL_CREATED,
            principal_id=principal.id,
            organization_id=organization_id,
            actor_id=created_by.id if created_by is not None else None,
            detail={"name": name, "role": role.value, "subject": subject},
        )
        uow.commit()
    return IssuedPrincipal(actor=actor_of(principal, path), token=token)


def _subject_taken(uow: UnitOfWork, subject: str) -> bool:
    found = uow.session.exec(select(Principal.id).where(col(Principal.subject) == subject))
    return found.first() is not None


def _check_home(uow: UnitOfWork, *, role: Role, organization_id: int | None) -> str | None:
    if role == Role.admin:
        if organization_id is not None:
            raise InvalidInput("an admin belongs to no organisation", field="organization_id")
        return None
    if organization_id is None:
        raise InvalidInput(f"a {role} needs an organisation", field="organization_id")
    organization = uow.session.get(Organization, organization_id)
    if organization is None:
        raise InvalidInput(
            f"organisation {organization_id} does not exist", field="organization_id"
        )
    home = _ROLE_HOME[role]
    if home is not None and organization.kind != home:
        raise InvalidInput(f"a {role} belongs to a {home}", field="organization_id")
    return organization.path


def ensure_admin(engine: Engine, clock: Clock, token: str) -> None:
    """Makes sure an admin holding `token` exists, named 系统管理员 as people read it;
    concurrent workers may race, one wins."""
    with UnitOfWork(engine) as uow:
        exists = uow.session.exec(
            select(Principal.id).where(col(Principal.token_hash) == hash_token(token))
        ).first()
    if exists is not None:
        return
    with contextlib.suppress(IntegrityError):
        register_principal(
            engine,
            clock,
            name=choice_label(Role.admin),
            role=Role.admin,
            organization_id=None,
            token=token,
        )


def current_epoch(engine: Engine) -> int:
    """The auth epoch: one row read, the per-request check of a cached token."""
    with UnitOfWork(engine) as uow:
        return int(uow.connection.execute(_READ_EPOCH).scalar_one())


def current_epoch_inline(reader: InlineReader) -> int | None:
    """The auth epoch read without a thread (SQLite), or None: then read it on a thread."""
    epoch = reader.scalar(_READ_EPOCH)
    return None if epoch is None else int(epoch)


def bump_epoch(connection: Connection) -> None:
    """Moves the auth epoch in the caller's transaction: every cached token is checked again.
    Also the lock every revocation takes first, so two never count the admins at once."""
    connection.execute(_BUMP_EPOCH)


def identify(engine: Engine, clock: Clock, token: str) -> Authenticated:
    """The principal holding the bearer `token`, or the typed refusal (401)."""
    digest = hash_token(token)
    return _identify(engine, clock, col(Principal.token_hash) == digest, digest=digest)


def identify_subject(engine: Engine, clock: Clock, subject: str) -> Authenticated:
    """The principal signing in as an identity provider's `subject`, or the typed refusal."""
    return _identify(engine, clock, col(Principal.subject) == subject, digest=None)


def authenticate(engine: Engine, token: str, *, clock: Clock | None = None) -> Actor | None:
    """The principal holding `token` if it is neither revoked nor expired now, or None."""
    with contextlib.suppress(NotAuthenticated):
        return identify(engine, clock or SystemClock(), token).actor
    return None


def _identify(
    engine: Engine, clock: Clock, condition: sa.ColumnElement[bool], *, digest: str | None
) -> Authenticated:
    with UnitOfWork(engine) as uow:
        epoch = int(uow.connection.execute(_READ_EPOCH).scalar_one())
        row = uow.session.exec(
            select(Principal, Organization)
            .join(
                Organization,
                col(Principal.organization_id) == col(Organization.id),
                isouter=True,
            )
            .where(condition)
        ).first()
        retired = (
            uow.session.get(RetiredToken, digest) if row is None and digest is not None else None
        )
    if retired is not None:
        raise TokenRevoked(
            "this token was replaced by a new one", principal_id=retired.principal_id
        )
    if row is None:
        raise NotAuthenticated("the token is unknown")
    principal, organization = row
    # The index found the row; compare_digest keeps the final comparison constant-time.
    if digest is not None and not hmac.compare_digest(principal.token_hash, digest):
        raise NotAuthenticated("the token is unknown")
    actor = actor_of(principal, organization.path if organization is not None else None)
    if principal.expires_at is not None and principal.expires_at <= clock.now():
        _note_expired(engine, clock, principal)
        raise TokenExpired(
            "the token expired", principal_id=actor.id, organization_id=actor.organization_id
        )
    if not principal.active:
        raise TokenRevoked(
            "the token was revoked", principal_id=actor.id, organization_id=actor.organization_id
        )
    return Authenticated(actor, principal.expires_at, epoch)


def _note_expired(engine: Engine, clock: Clock, principal: Principal) -> None:
    """The first refusal of an expired principal marks it inactive and logs the expiry, once."""
    if not principal.active:
        return
    with UnitOfWork(engine, write=True) as uow:
        bump_epoch(uow.connection)
        marked = uow.connection.execute(
            sa.update(Principal)
            .where(col(Principal.id) == principal.id, col(Principal.active))
            .values(active=False, revoked_at=clock.now(), revoked_reason="expired")
        )
        if marked.rowcount != 1:
            return
        record_security_event(
            uow.connection,
            clock,
            PRINCIPAL_EXPIRED,
            principal_id=principal.id,
            organization_id=principal.organization_id,
            detail={
                "expires_at": principal.expires_at.isoformat() if principal.expires_at else None
            },
        )
        uow.commit()


def actor_of(principal: Principal, path: str | None) -> Actor:
    assert principal.id is not None
    return Actor(
        id=principal.id,
        name=principal.name,
        role=Role(principal.role),
        organization_id=principal.organization_id,
        organization_path=path,
    )
