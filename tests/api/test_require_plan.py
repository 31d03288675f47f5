"""A deployment that requires an annual plan: its acts are pinned to a definition of their own."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from service.adapters.clock import FixedClock
from service.settings import Settings
from service.workflow import definition_hash
from service.workflow.profiles import NATIONAL_2014
from tests.api.conftest import World
from tests.support.factories import ADMIN_TOKEN
from tests.support.http_journey import act
from tests.support.shifted_journey import run_shifted, shifted_application


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url, admin_token=SecretStr(ADMIN_TOKEN), require_plan=True
    )


def awaiting_approval(client: TestClient, world: World) -> int:
    application = {"branch_id": world.branch.id, **shifted_application(2)}
    created = client.post("/api/v1/candidates", json=application, headers=world.secretary)
    assert created.status_code == 201, created.text
    candidate_id: int = created.json()["id"]
    run_shifted(client, candidate_id, world.roles, years=2, through="record_committee_interview")
    return candidate_id


def approve(client: TestClient, world: World, candidate_id: int) -> Any:
    on = "2026-07-01"
    return act(client, candidate_id, "approve_admission", world.reviewer, on, {"decided_on": on})


def test_without_a_plan_the_approval_is_refused_under_the_definition_that_requires_one(
    client: TestClient, world: World, clock: FixedClock
) -> None:
    clock.set_date("2027-07-10")
    candidate_id = awaiting_approval(client, world)

    refused = approve(client, world, candidate_id)

    assert refused.status_code == 409, refused.text
    assert [v["rule"] for v in refused.json()["violations"]] == ["plan.quota"]
    events = client.get("/api/v1/audit/events", headers=world.auditor).json()["items"]
    hashes = {event["definition_hash"] for event in events}
    assert len(hashes) == 1
    (digest,) = hashes
    assert digest != definition_hash(NATIONAL_2014)
    served = client.get("/api/v1/workflow", params={"hash": digest})
    assert served.status_code == 200
    assert served.json()["profile"]["name"] == "national-2014"
    assert served.json()["profile"]["require_plan"] is True
    in_force = client.get("/api/v1/workflow").json()
    assert (in_force["hash"], in_force["profile"]["require_plan"]) == (digest, True)


def test_with_a_plan_that_has_room_the_approval_is_applied(
    client: TestClient, world: World, clock: FixedClock
) -> None:
    clock.set_date("2027-07-10")
    plan = {"organization_id": world.committee.id, "year": 2026, "quota": 1}
    assert client.post("/api/v1/plans", json=plan, headers=world.reviewer).status_code == 201
    candidate_id = awaiting_approval(client, world)

    approved = approve(client, world, candidate_id)

    assert approved.status_code == 200, approved.text
    assert approved.json()["candidate"]["state"] == "probationary_member"
