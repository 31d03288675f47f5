"""Use cases for the organisation tree: committees above branches, with materialised paths."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from service.adapters.clock import Clock
from service.adapters.database import UnitOfWork
from service.adapters.tables import Organization
from service.app.access import can_read, is_admin
from service.app.actors import Actor
from service.app.errors import InvalidInput, NotFound, PermissionDenied


class OrganizationKind(StrEnum):
    committee = "committee"  # 上级党委 / 县直工委
    branch = "branch"  # 党支部


def create_organization(
    engine: Engine,
    clock: Clock,
    actor: Actor,
    *,
    name: str,
    kind: OrganizationKind,
    parent_id: int | None,
) -> Organization:
    """Branches sit under a committee; committees under a committee or at the top."""
    if not is_admin(actor):
        raise PermissionDenied(
            "only an admin creates organisations", detail_zh="只有系统管理员可以建立组织"
        )
    with UnitOfWork(engine, write=True) as uow:
        parent = uow.session.get(Organization, parent_id) if parent_id is not None else None
        if parent_id is not None and parent is None:
            raise InvalidInput(
                f"organisation {parent_id} does not exist",
                detail_zh=f"组织 {parent_id} 不存在",
                field="parent_id",
            )
        if parent is not None and parent.kind != OrganizationKind.committee:
            raise InvalidInput(
                "only a committee can have organisations below it",
                detail_zh="只有党委之下可以设立组织",
                field="parent_id",
            )
        if kind == OrganizationKind.branch and parent is None:
            raise InvalidInput(
                "a branch needs a committee above it",
                detail_zh="党支部须设在党委之下",
                field="parent_id",
            )
        organization = Organization(
            name=name, kind=kind.value, parent_id=parent_id, created_at=clock.now()
        )
        uow.session.add(organization)
        uow.session.flush()
        prefix = parent.path if parent is not None else "/"
        organization.path = f"{prefix}{organization.id}/"
        uow.commit()
    return organization


def list_organizations(engine: Engine, actor: Actor) -> list[Organization]:
    """Every organisation the actor can read, in creation order."""
    statement = select(Organization).order_by(col(Organization.id))
    if not is_admin(actor):
        if actor.organization_path is None:
            return []
        statement = statement.where(col(Organization.path).startswith(actor.organization_path))
    with UnitOfWork(engine) as uow:
        return list(uow.session.exec(statement).all())


def get_organization(engine: Engine, actor: Actor, organization_id: int) -> Organization:
    with UnitOfWork(engine) as uow:
        organization = load_organization(uow.session, organization_id)
    if not can_read(actor, organization.path):
        raise outside_your_organization(organization_id)
    return organization


def outside_your_organization(organization_id: int) -> PermissionDenied:
    return PermissionDenied(
        f"organisation {organization_id} is outside your organisation",
        detail_zh=f"组织 {organization_id} 不在您所属组织的范围内",
    )


def organization_not_found(organization_id: int | None) -> NotFound:
    return NotFound(
        f"organisation {organization_id} does not exist", detail_zh=f"组织 {organization_id} 不存在"
    )


def load_organization(session: Session, organization_id: int) -> Organization:
    organization = session.get(Organization, organization_id)
    if organization is None:
        raise organization_not_found(organization_id)
    return organization


def resolve_scope(
    session: Session, actor: Actor, organization_id: int | None
) -> Organization | None:
    """The organisation to cover; None means every organisation (an admin who named none)."""
    if organization_id is None:
        if is_admin(actor):
            return None
        if actor.organization_id is None:
            raise PermissionDenied(
                "name an organisation: you belong to none",
                detail_zh="您不属于任何组织，请指定组织",
            )
        organization_id = actor.organization_id
    organization = load_organization(session, organization_id)
    if not can_read(actor, organization.path):
        raise outside_your_organization(organization_id)
    return organization
