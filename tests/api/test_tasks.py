from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.adapters.clock import FixedClock
from tests.api.conftest import World
from tests.api.test_deadlines import create
from tests.support.http_journey import run_journey

# (name, state, the act expected next, its actor, due date, overdue) on 2025-08-01
AWAITING_APPROVAL = (
    "待审批",
    "awaiting_approval",
    "record_committee_interview",
    "reviewer",
    "2024-09-05",
    True,
)
CONVERSION_APPROVAL = (
    "待转正",
    "awaiting_conversion_approval",
    "approve_conversion",
    "reviewer",
    "2025-09-05",
    False,
)
PRE_REVIEW = ("预审中", "pre_review", "approve_pre_review", "reviewer", None, False)


@pytest.fixture
def inbox_world(client: TestClient, world: World, clock: FixedClock) -> World:
    run_journey(
        client, create(client, world, "预审中", "2023-03-01"), world.roles, until="pre_review"
    )
    run_journey(
        client,
        create(client, world, "待审批", "2023-03-01"),
        world.roles,
        until="awaiting_approval",
    )
    converting = create(client, world, "待转正", "2023-03-01")
    run_journey(client, converting, world.roles, until="awaiting_conversion_approval")
    create(client, world, "待谈话", "2025-06-15")
    clock.set_date("2025-08-01")
    return world


def tasks(client: TestClient, headers: dict[str, str], **params: object) -> dict[str, Any]:
    response = client.get("/api/v1/tasks", params=params, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def rows(body: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (
            item["candidate"]["name"],
            item["candidate"]["state"],
            item["next_act"]["trigger"],
            item["next_act"]["actor"],
            item["due_date"],
            item["overdue"],
        )
        for item in body["items"]
    ]


def test_a_reviewer_finds_what_waits_for_the_committee_most_urgent_first(
    client: TestClient, inbox_world: World
) -> None:
    body = tasks(client, inbox_world.reviewer)
    assert body["today"] == "2025-08-01"
    assert rows(body) == [AWAITING_APPROVAL, CONVERSION_APPROVAL, PRE_REVIEW]
    first = body["items"][0]
    assert first["interview_missing"] is True
    assert first["next_act"]["title_zh"] == "登记上级党委谈话"
    assert first["next_act"]["title_en"] == "record the committee's interview"
    assert first["due"]["label_zh"] == "上级党委审批接收预备党员"
    assert first["due"]["days_left"] == -330
    assert first["candidate"]["branch_name"] == "财政局党支部"
    assert [item["interview_missing"] for item in body["items"][1:]] == [None, None]
    assert tasks(client, inbox_world.other_reviewer)["items"] == []
    assert tasks(client, inbox_world.auditor)["items"] == []


def test_the_clock_decides_what_is_overdue(
    client: TestClient, inbox_world: World, clock: FixedClock
) -> None:
    clock.set_date("2025-09-06")
    overdue = {
        item["candidate"]["name"]: item["overdue"]
        for item in tasks(client, inbox_world.reviewer)["items"]
    }
    assert overdue == {"待审批": True, "待转正": True, "预审中": False}


def test_a_secretary_sees_every_candidate_of_the_branch_with_the_next_step_a_page_at_a_time(
    client: TestClient, inbox_world: World
) -> None:
    first = tasks(client, inbox_world.secretary, limit=2)
    assert rows(first) == [
        AWAITING_APPROVAL,
        ("待谈话", "applicant", "record_talk", "secretary", "2025-07-15", True),
    ]
    assert first["items"][1]["due"]["what"] == "talk"
    assert first["next_cursor"] == "2"
    second = tasks(client, inbox_world.secretary, limit=2, cursor=first["next_cursor"])
    assert rows(second) == [CONVERSION_APPROVAL, PRE_REVIEW]
    assert second["next_cursor"] is None
    assert tasks(client, inbox_world.other_secretary)["items"] == []


def test_an_admin_sees_every_candidate_under_way(
    client: TestClient, inbox_world: World, admin_headers: dict[str, str]
) -> None:
    names = [item["candidate"]["name"] for item in tasks(client, admin_headers)["items"]]
    assert names == ["待审批", "待谈话", "待转正", "预审中"]


def test_the_inbox_needs_a_principal(client: TestClient) -> None:
    response = client.get("/api/v1/tasks")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
