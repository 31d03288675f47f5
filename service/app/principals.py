"""Use cases for principals: issuing bearer tokens, and recognising them again.

A token is shown once; only its SHA-256 is stored. A random 256-bit token needs no slow
hash (nothing to brute-force), and hashing lets the lookup use the unique index.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from service.adapters.clock import Clock
from service.adapters.database import UnitOfWork
from service.adapters.tables import Organization, Principal
from service.app.access import is_admin
from service.app.actors import Actor, Role
from service.app.errors import InvalidInput, PermissionDenied
from service.app.organizations import OrganizationKind

# Which kind of organisation each role belongs to (None: any kind).
_ROLE_HOME: dict[Role, OrganizationKind | None] = {
    Role.secretary: OrganizationKind.branch,
    Role.reviewer: OrganizationKind.committee,
    Role.auditor: None,
}


@dataclass(frozen=True, slots=True)
class IssuedPrincipal:
    """A new principal with its token, which exists nowhere else once this is dropped."""

    actor: Actor
    token: str


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
) -> IssuedPrincipal:
    if not is_admin(actor):
        raise PermissionDenied("only an admin creates principals")
    return register_principal(engine, clock, name=name, role=role, organization_id=organization_id)


def register_principal(
    engine: Engine,
    clock: Clock,
    *,
    name: str,
    role: Role,
    organization_id: int | None,
    token: str | None = None,
) -> IssuedPrincipal:
    """Creates a principal without asking who wants it (the command line, start-up, tests)."""
    token = token or new_token()
    with UnitOfWork(engine, write=True) as uow:
        path = _check_home(uow, role=role, organization_id=organization_id)
        principal = Principal(
            name=name,
            role=role.value,
            organization_id=organization_id,
            token_hash=hash_token(token),
            created_at=clock.now(),
        )
        uow.session.add(principal)
        uow.commit()
    return IssuedPrincipal(actor=_actor(principal, path), token=token)


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
    """Makes sure an admin holding `token` exists; concurrent workers may race, one wins."""
    with UnitOfWork(engine) as uow:
        exists = uow.session.exec(
            select(Principal.id).where(col(Principal.token_hash) == hash_token(token))
        ).first()
    if exists is not None:
        return
    with contextlib.suppress(IntegrityError):
        register_principal(
            engine, clock, name="admin", role=Role.admin, organization_id=None, token=token
        )


def authenticate(engine: Engine, token: str) -> Actor | None:
    """The active principal holding `token`, or None."""
    digest = hash_token(token)
    with UnitOfWork(engine) as uow:
        row = uow.session.exec(
            select(Principal, Organization)
            .join(
                Organization,
                col(Principal.organization_id) == col(Organization.id),
                isouter=True,
            )
            .where(col(Principal.token_hash) == digest, col(Principal.active))
        ).first()
    if row is None:
        return None
    principal, organization = row
    # The index found the row; compare_digest keeps the final comparison constant-time.
    if not hmac.compare_digest(principal.token_hash, digest):
        return None
    return _actor(principal, organization.path if organization is not None else None)


def _actor(principal: Principal, path: str | None) -> Actor:
    assert principal.id is not None
    return Actor(
        id=principal.id,
        name=principal.name,
        role=Role(principal.role),
        organization_id=principal.organization_id,
        organization_path=path,
    )
