from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import World
from tests.support.http_journey import STEPS, act


def create(client: TestClient, world: World, name: str, *, other: bool = False) -> int:
    branch, headers = (
        (world.other_branch, world.other_secretary) if other else (world.branch, world.secretary)
    )
    response = client.post(
        "/api/v1/candidates",
        json=world.application(name=name, branch_id=branch.id),
        headers=headers,
    )
    assert response.status_code == 201, response.text
    candidate_id: int = response.json()["id"]
    return candidate_id


def names(client: TestClient, headers: dict[str, str], query: str) -> list[str]:
    response = client.get(f"/api/v1/candidates?{query}", headers=headers)
    assert response.status_code == 200, response.text
    return [item["name"] for item in response.json()["items"]]


@pytest.fixture
def people(client: TestClient, world: World) -> World:
    for name in ("张三丰", "张无忌", "李四", "100%_真"):
        create(client, world, name)
    create(client, world, "张其它", other=True)
    return world


def test_name_filters_by_a_part_of_the_name_within_the_callers_scope(
    client: TestClient, people: World, admin_headers: dict[str, str]
) -> None:
    assert names(client, people.secretary, "name=张") == ["张三丰", "张无忌"]
    assert names(client, people.reviewer, "name=无忌") == ["张无忌"]
    assert names(client, admin_headers, "name=张") == ["张三丰", "张无忌", "张其它"]
    assert names(client, people.other_secretary, "name=无忌") == []
    assert names(client, people.secretary, "name=%25_") == ["100%_真"]
    assert names(client, people.secretary, "name=_") == ["100%_真"]


def test_state_may_repeat(client: TestClient, world: World) -> None:
    create(client, world, "甲")
    recommended = create(client, world, "乙")
    create(client, world, "丙")
    for trigger, _, on, evidence, _ in STEPS[:2]:
        assert act(client, recommended, trigger, world.secretary, on, evidence).status_code == 200
    both = names(client, world.secretary, "state=recommended&state=applicant")
    assert both == ["甲", "乙", "丙"]
    assert names(client, world.secretary, "state=recommended") == ["乙"]
    refused = client.get(
        "/api/v1/candidates?state=applicant&state=nothing", headers=world.secretary
    )
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["query.state.1"]


def unknown(client: TestClient, method: str, url: str, headers: dict[str, str]) -> list[str]:
    response = client.request(method, url, headers=headers, json={} if method == "POST" else None)
    assert response.status_code == 422, (url, response.text)
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"].endswith("invalid-input")
    return [error["field"] for error in body["errors"]]


def test_an_unknown_query_parameter_is_422_naming_it_on_every_route(
    client: TestClient, world: World, candidate_id: int
) -> None:
    headers = world.secretary
    assert unknown(client, "GET", "/api/v1/candidates?stat=applicant", headers) == ["query.stat"]
    assert unknown(client, "GET", "/api/v1/tasks?limit=5&page=2&sort=x", headers) == [
        "query.page",
        "query.sort",
    ]
    assert unknown(
        client, "GET", f"/api/v1/candidates/{candidate_id}?asof=2025-01-01", headers
    ) == ["query.asof"]
    assert unknown(client, "GET", "/api/v1/workflow?verbose=1", headers) == ["query.verbose"]
    assert unknown(client, "GET", "/healthz?probe=1", headers) == ["query.probe"]
    url = f"/api/v1/candidates/{candidate_id}/transitions/record_talk?force=true"
    assert unknown(client, "POST", url, headers) == ["query.force"]
    history = client.get(f"/api/v1/candidates/{candidate_id}/history", headers=headers).json()
    assert [event["trigger"] for event in history["items"]] == ["submit_application"]


def test_declared_parameters_still_pass(
    client: TestClient, world: World, candidate_id: int
) -> None:
    response = client.get(
        f"/api/v1/candidates/{candidate_id}/history?cursor=0&limit=5", headers=world.secretary
    )
    assert response.status_code == 200, response.text


def test_the_spec_documents_the_422_on_routes_without_parameters(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "422" in spec["paths"]["/healthz"]["get"]["responses"]
    assert "422" in spec["paths"]["/api/v1/tasks"]["get"]["responses"]
