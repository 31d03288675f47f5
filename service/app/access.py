"""Who may read or act where: scope checks over actors and organisation paths.

Paths are materialised ("/1/4/9/": ancestors and the organisation itself), so "below or at"
is a prefix test; the trailing slash keeps "/1/4/" from matching "/1/40/".
"""

from __future__ import annotations

from service.app.actors import Actor, Role


def is_admin(actor: Actor) -> bool:
    return actor.role == Role.admin


def can_read(actor: Actor, org_path: str) -> bool:
    """Admins read everything; everyone else reads at and below their own organisation."""
    if is_admin(actor):
        return True
    return _is_within(org_path, actor.organization_path)


def can_act_as_secretary(actor: Actor, branch_id: int) -> bool:
    """The B of workflow.md: the secretary of exactly this branch."""
    return actor.role == Role.secretary and actor.organization_id == branch_id


def can_act_as_reviewer(actor: Actor, branch_path: str) -> bool:
    """The C of workflow.md: a reviewer of any committee above the branch."""
    return actor.role == Role.reviewer and _is_within(branch_path, actor.organization_path)


def _is_within(org_path: str, scope_path: str | None) -> bool:
    return scope_path is not None and org_path.startswith(scope_path)
