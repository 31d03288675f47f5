"""A small world for API tests: a committee, two branches, and a principal of each role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.adapters.clock import FixedClock
from service.adapters.tables import Organization
from service.app.actors import Role
from service.app.organizations import OrganizationKind
from tests.support.factories import MakeOrg, MakePrincipal, auth
from tests.support.http_journey import APPLICATION, LAST_DAY, REVIEWER, SECRETARY


@dataclass
class World:
    committee: Organization
    branch: Organization
    other_branch: Organization
    secretary: dict[str, str]
    reviewer: dict[str, str]
    auditor: dict[str, str]
    other_secretary: dict[str, str]
    other_reviewer: dict[str, str]

    @property
    def roles(self) -> dict[str, dict[str, str]]:
        return {SECRETARY: self.secretary, REVIEWER: self.reviewer}

    def application(self, **changes: Any) -> dict[str, Any]:
        return {"branch_id": self.branch.id, **APPLICATION, **changes}


@pytest.fixture
def world(make_org: MakeOrg, make_principal: MakePrincipal, clock: FixedClock) -> World:
    clock.set_date(LAST_DAY)
    committee = make_org("县直机关工委", kind=OrganizationKind.committee)
    other_committee = make_org("县教育工委", kind=OrganizationKind.committee)
    branch = make_org("财政局党支部", parent=committee)
    other_branch = make_org("教育局党支部", parent=other_committee)
    return World(
        committee=committee,
        branch=branch,
        other_branch=other_branch,
        secretary=auth(make_principal(Role.secretary, branch, name="王书记")[1]),
        reviewer=auth(make_principal(Role.reviewer, committee, name="陈审查")[1]),
        auditor=auth(make_principal(Role.auditor, committee, name="刘审计")[1]),
        other_secretary=auth(make_principal(Role.secretary, other_branch)[1]),
        other_reviewer=auth(make_principal(Role.reviewer, other_committee)[1]),
    )


@pytest.fixture
def candidate_id(client: TestClient, world: World) -> int:
    response = client.post("/api/v1/candidates", json=world.application(), headers=world.secretary)
    assert response.status_code == 201, response.text
    identifier: int = response.json()["id"]
    return identifier
