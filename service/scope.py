"""Which organisation a list or export covers: the one asked for, else the caller's own."""

from __future__ import annotations

from sqlmodel import Session

from service.access import can_read, is_admin
from service.actors import Actor
from service.errors import PermissionDenied
from service.organizations import load_organization
from service.persistence.models import Organization


def resolve_scope(
    session: Session, actor: Actor, organization_id: int | None
) -> Organization | None:
    """The organisation to cover; None means every organisation (an admin who named none)."""
    if organization_id is None:
        if is_admin(actor):
            return None
        if actor.organization_id is None:
            raise PermissionDenied("name an organisation: you belong to none")
        organization_id = actor.organization_id
    organization = load_organization(session, organization_id)
    if not can_read(actor, organization.path):
        raise PermissionDenied(f"organisation {organization_id} is outside your organisation")
    return organization
