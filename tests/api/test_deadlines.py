from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.adapters.clock import FixedClock
from tests.api.conftest import World
from tests.support.http_journey import act, run_journey

RECOMMENDATION = {
    "method": "secret_ballot",
    "party_members": 12,
    "mass_representatives": 8,
    "ballots_cast": 20,
    "votes_for": 15,
}


def create(client: TestClient, world: World, name: str, applied: str) -> int:
    response = client.post(
        "/api/v1/candidates",
        json=world.application(name=name, application_date=applied),
        headers=world.secretary,
    )
    assert response.status_code == 201, response.text
    candidate_id: int = response.json()["id"]
    return candidate_id


@pytest.fixture
def due_world(client: TestClient, world: World, clock: FixedClock) -> World:
    clock.set_date("2025-09-30")
    waiting = create(client, world, "待审批", "2023-03-01")
    run_journey(client, waiting, world.roles, until="awaiting_approval")
    probationer = create(client, world, "预备期满", "2023-03-01")
    run_journey(client, probationer, world.roles, until="probationary_member")
    create(client, world, "待谈话", "2025-09-01")
    notice = create(client, world, "公示中", "2025-09-01")
    talk = {"talker": {"name": "王书记"}, "summary": "谈话"}
    assert (
        act(client, notice, "record_talk", world.secretary, "2025-09-10", talk).status_code == 200
    )
    vote = act(
        client, notice, "record_recommendation_vote", world.secretary, "2025-09-26", RECOMMENDATION
    )
    assert vote.status_code == 200
    opened = act(
        client,
        notice,
        "open_publicity",
        world.secretary,
        "2025-09-29",
        {"starts_on": "2025-09-29", "channel": "公告栏", "content": "拟确定入党积极分子"},
    )
    assert opened.status_code == 200, opened.text
    return world


def deadlines(client: TestClient, headers: dict[str, str], **params: object) -> dict[str, Any]:
    response = client.get("/api/v1/deadlines", params=params, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_deadlines_list_exactly_what_is_overdue_or_due_with_the_days_left(
    client: TestClient, due_world: World
) -> None:
    body = deadlines(client, due_world.reviewer, within_days=30)
    assert body["today"] == "2025-09-30"
    assert [
        (i["candidate"]["name"], i["what"], i["due_date"], i["days_left"], i["rule"])
        for i in body["items"]
    ] == [
        ("待审批", "admission_approval", "2024-09-05", -390, "approval.deadline"),
        ("预备期满", "probation_end", "2025-06-05", -117, "probation.ended"),
        ("待谈话", "talk", "2025-10-01", 1, "talk.after_application"),
        ("公示中", "notice_end", "2025-10-11", 11, "publicity.complete"),
    ]
    assert body["items"][3]["label_zh"] == "公示期满"
    assert body["items"][3]["provisional"] is False


def test_a_narrower_window_leaves_out_what_falls_due_later(
    client: TestClient, due_world: World
) -> None:
    body = deadlines(client, due_world.secretary, within_days=5)
    assert [i["what"] for i in body["items"]] == ["admission_approval", "probation_end", "talk"]


def test_deadlines_stay_within_the_callers_organisation(
    client: TestClient, due_world: World
) -> None:
    assert deadlines(client, due_world.other_reviewer)["items"] == []
    response = client.get(
        "/api/v1/deadlines",
        params={"organization_id": due_world.branch.id},
        headers=due_world.other_secretary,
    )
    assert response.status_code == 403
