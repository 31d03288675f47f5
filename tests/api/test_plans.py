from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from service.adapters.clock import FixedClock
from tests.api.conftest import World
from tests.support.http_journey import act
from tests.support.shifted_journey import run_shifted, shifted_application

INTERVIEW = "record_committee_interview"


def awaiting_approval(client: TestClient, world: World, name: str, *, years: int) -> int:
    response = client.post(
        "/api/v1/candidates",
        json={"branch_id": world.branch.id, **shifted_application(years, name=name)},
        headers=world.secretary,
    )
    assert response.status_code == 201, response.text
    candidate_id: int = response.json()["id"]
    run_shifted(client, candidate_id, world.roles, years=years, through=INTERVIEW)
    return candidate_id


def approve(client: TestClient, world: World, candidate_id: int, on: str) -> Any:
    return act(client, candidate_id, "approve_admission", world.reviewer, on, {"decided_on": on})


def set_plan(
    client: TestClient, headers: dict[str, str], org_id: int | None, year: int, quota: int
) -> Any:
    body = {"organization_id": org_id, "year": year, "quota": quota}
    return client.post("/api/v1/plans", json=body, headers=headers)


def test_beyond_a_plan_of_two_the_third_approval_of_2026_is_refused_and_2027_is_not_counted(
    client: TestClient, world: World, clock: FixedClock
) -> None:
    clock.set_date("2027-07-10")
    assert set_plan(client, world.reviewer, world.committee.id, 2026, 2).status_code == 201
    first, second, third = (
        awaiting_approval(client, world, name, years=2) for name in ("甲", "乙", "丙")
    )
    later = awaiting_approval(client, world, "丁", years=3)

    assert approve(client, world, first, "2026-07-01").status_code == 200
    assert approve(client, world, second, "2026-07-01").status_code == 200
    refused = approve(client, world, third, "2026-07-01")
    assert refused.status_code == 409, refused.text
    assert [v["rule"] for v in refused.json()["violations"]] == ["plan.quota"]
    assert refused.json()["violations"][0]["details"] == {
        "year": 2026,
        "quota": 2,
        "used": 2,
        "organization_id": world.committee.id,
    }
    assert approve(client, world, later, "2027-07-01").status_code == 200

    plans = client.get(
        "/api/v1/plans",
        params={"organization_id": world.committee.id, "year": 2026},
        headers=world.auditor,
    )
    assert plans.status_code == 200
    assert [(p["year"], p["quota"], p["used"]) for p in plans.json()["items"]] == [(2026, 2, 2)]


def test_changing_a_plan_keeps_who_changed_it_from_what_to_what(
    client: TestClient, world: World, admin_headers: dict[str, str]
) -> None:
    assert set_plan(client, world.reviewer, world.branch.id, 2026, 3).status_code == 201
    changed = set_plan(client, admin_headers, world.branch.id, 2026, 5)
    assert changed.status_code == 200
    assert changed.json()["quota"] == 5
    changes = client.get(
        "/api/v1/plans/changes", params={"organization_id": world.branch.id}, headers=world.auditor
    )
    assert changes.status_code == 200
    assert [
        (c["year"], c["old_quota"], c["new_quota"], c["actor_name"], c["actor_role"])
        for c in changes.json()["items"]
    ] == [(2026, None, 3, "陈审查", "reviewer"), (2026, 3, 5, "系统管理员", "admin")]


def test_a_plan_is_read_by_default_for_the_callers_own_organisation(
    client: TestClient, world: World, admin_headers: dict[str, str]
) -> None:
    set_plan(client, world.reviewer, world.committee.id, 2026, 40)
    set_plan(client, world.reviewer, world.branch.id, 2026, 4)
    response = client.get("/api/v1/plans", headers=world.reviewer)
    assert response.status_code == 200
    assert [(p["organization_name"], p["quota"], p["used"]) for p in response.json()["items"]] == [
        ("县直机关工委", 40, 0)
    ]
    every = client.get("/api/v1/plans", params={"year": 2026}, headers=admin_headers).json()
    assert [(p["organization_id"], p["quota"]) for p in every["items"]] == [
        (world.committee.id, 40),
        (world.branch.id, 4),
    ]


def test_only_a_reviewer_above_or_an_admin_sets_a_plan(client: TestClient, world: World) -> None:
    for headers in (world.secretary, world.auditor, world.other_reviewer):
        response = set_plan(client, headers, world.branch.id, 2026, 1)
        assert response.status_code == 403, response.text
        assert response.json()["type"] == "/problems/forbidden"
    outside = client.get(
        "/api/v1/plans", params={"organization_id": world.branch.id}, headers=world.other_secretary
    )
    assert outside.status_code == 403


def test_a_negative_quota_or_an_unknown_field_is_422(client: TestClient, world: World) -> None:
    assert set_plan(client, world.reviewer, world.committee.id, 2026, -1).status_code == 422
    response = client.post(
        "/api/v1/plans",
        json={"organization_id": world.committee.id, "year": 2026, "quota": 1, "branch": 2},
        headers=world.reviewer,
    )
    assert response.status_code == 422
