"""Helpers tests share: authorization headers and the shapes of the factory fixtures."""

from __future__ import annotations

from typing import Protocol

from service.adapters.tables import Organization
from service.app.actors import Actor, Role
from service.app.organizations import OrganizationKind

ADMIN_TOKEN = "test-admin-token-0123456789abcdefghijklmnopqrstuv"


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class MakeOrg(Protocol):
    def __call__(
        self,
        name: str = ...,
        *,
        kind: OrganizationKind = ...,
        parent: Organization | None = None,
    ) -> Organization: ...


class MakePrincipal(Protocol):
    def __call__(
        self, role: Role, org: Organization | None = None, *, name: str | None = None
    ) -> tuple[Actor, str]: ...
