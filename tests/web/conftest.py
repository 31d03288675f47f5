"""The console's small world: a committee with a branch, its secretary, reviewer and auditor,
and a candidate waiting in pre-review (brought there through the API's own acts)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from service.adapters.clock import FixedClock
from service.app.actors import Role
from service.app.organizations import OrganizationKind
from tests.support.factories import MakeOrg, MakePrincipal, auth
from tests.support.http_journey import APPLICATION, LAST_DAY, REVIEWER, SECRETARY, run_journey


@dataclass(frozen=True)
class People:
    branch_id: int
    reviewer_id: int
    secretary: str
    reviewer: str
    auditor: str
    other_secretary: str


@pytest.fixture
def people(make_org: MakeOrg, make_principal: MakePrincipal, clock: FixedClock) -> People:
    clock.set_date(LAST_DAY)
    committee = make_org("县直机关工委", kind=OrganizationKind.committee)
    branch = make_org("财政局党支部", parent=committee)
    other = make_org("教育局党支部", parent=committee)
    assert branch.id is not None
    reviewer, reviewer_token = make_principal(Role.reviewer, committee, name="陈审查")
    return People(
        branch_id=branch.id,
        reviewer_id=reviewer.id,
        secretary=make_principal(Role.secretary, branch, name="王书记")[1],
        reviewer=reviewer_token,
        auditor=make_principal(Role.auditor, committee, name="刘审计")[1],
        other_secretary=make_principal(Role.secretary, other, name="李书记")[1],
    )


@pytest.fixture
def in_pre_review(client: TestClient, people: People) -> int:
    """A candidate the reviewer finds in pre-review."""
    created = client.post(
        "/api/v1/candidates",
        json={"branch_id": people.branch_id, **APPLICATION},
        headers=auth(people.secretary),
    )
    assert created.status_code == 201, created.text
    candidate_id: int = created.json()["id"]
    headers = {SECRETARY: auth(people.secretary), REVIEWER: auth(people.reviewer)}
    run_journey(client, candidate_id, headers, until="pre_review")
    return candidate_id
