"""A small history for the audit tests: two candidates of the committee's branch (one with a
refused act) and one of another committee's branch."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.audit.trail import Trail
from tests.api.conftest import World
from tests.support.http_journey import REVIEWER, SECRETARY, act, run_journey


@pytest.fixture
def trail(client: TestClient, world: World, candidate_id: int) -> Trail:
    run_journey(client, candidate_id, world.roles, until="activist")
    refused = act(
        client,
        candidate_id,
        "designate_development_target",
        world.secretary,
        "2023-05-01",
        {"decided_on": "2023-05-01"},
    )
    assert refused.status_code == 409, refused.text
    recommended = _create(client, world.secretary, world.application(name="李梅"))
    run_journey(client, recommended, world.roles, until="recommended")
    elsewhere = _create(
        client,
        world.other_secretary,
        world.application(name="赵云", branch_id=world.other_branch.id),
    )
    others = {SECRETARY: world.other_secretary, REVIEWER: world.other_reviewer}
    run_journey(client, elsewhere, others, until="applicant")
    return Trail(activist=candidate_id, recommended=recommended, elsewhere=elsewhere)


def _create(client: TestClient, headers: dict[str, str], application: dict[str, Any]) -> int:
    response = client.post("/api/v1/candidates", json=application, headers=headers)
    assert response.status_code == 201, response.text
    identifier: int = response.json()["id"]
    return identifier
