"""The subscriptions API: admins only, the secret shown once, URLs checked, deliveries listed
and retried."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from service.settings import Settings
from tests.api.conftest import World
from tests.support.factories import ADMIN_TOKEN

HOOK = "https://hooks.example.cn/recruitflow"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        admin_token=SecretStr(ADMIN_TOKEN),
        webhook_allowed_hosts="hooks.example.cn, 127.0.0.1",
    )


def subscribe(
    client: TestClient, headers: dict[str, str], organization_id: int | None, **fields: Any
) -> Any:
    return client.post(
        "/api/v1/subscriptions",
        json={"url": HOOK, "organization_id": organization_id, **fields},
        headers=headers,
    )


def test_an_admin_subscribes_and_sees_the_secret_once(
    client: TestClient, world: World, admin_headers: dict[str, str]
) -> None:
    created = subscribe(
        client,
        admin_headers,
        world.committee.id,
        types=["recruitflow.act.applied"],
        description="党员信息库",
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["secret"].startswith("whsec_")
    assert len(base64.b64decode(body["secret"].removeprefix("whsec_"))) == 32
    assert body["description"] == "党员信息库"
    assert body["types"] == ["recruitflow.act.applied"]

    shown = client.get(f"/api/v1/subscriptions/{body['id']}", headers=admin_headers).json()
    listed = client.get("/api/v1/subscriptions", headers=admin_headers).json()["items"]
    assert "secret" not in shown
    assert all("secret" not in item for item in listed)
    assert shown == {key: value for key, value in body.items() if key != "secret"}
    assert [item["id"] for item in listed] == [body["id"]]


def test_only_an_admin_manages_subscriptions(
    client: TestClient, world: World, admin_headers: dict[str, str]
) -> None:
    created = subscribe(client, admin_headers, world.committee.id).json()
    for headers in (world.secretary, world.reviewer, world.auditor):
        assert subscribe(client, headers, world.committee.id).status_code == 403
        assert client.get("/api/v1/subscriptions", headers=headers).status_code == 403
        path = f"/api/v1/subscriptions/{created['id']}"
        assert client.get(f"{path}/deliveries", headers=headers).status_code == 403
        assert client.delete(path, headers=headers).status_code == 403
    listed = client.get("/api/v1/subscriptions", headers=admin_headers).json()["items"]
    assert len(listed) == 1


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://hooks.example.cn/x", "网址须以 http:// 或 https:// 开头并写明主机"),
        ("https:///no-host", "网址须以 http:// 或 https:// 开头并写明主机"),
        ("https://elsewhere.example.com/x", "主机 elsewhere.example.com 不在本部署允许接收推送"),
    ],
)
def test_a_url_that_is_not_http_or_not_an_allowed_host_is_refused_naming_the_field(
    client: TestClient, world: World, admin_headers: dict[str, str], url: str, message: str
) -> None:
    refused = subscribe(client, admin_headers, world.committee.id, url=url)
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    [error] = refused.json()["errors"]
    assert error["field"] == "url"
    assert message in error["message"]
    assert client.get("/api/v1/subscriptions", headers=admin_headers).json()["items"] == []


def test_an_unknown_organisation_or_type_is_refused(
    client: TestClient, world: World, admin_headers: dict[str, str]
) -> None:
    unknown = subscribe(client, admin_headers, 999_999)
    assert unknown.status_code == 422
    [error] = unknown.json()["errors"]
    assert error["field"] == "organization_id"
    assert "组织 999999 不存在" in error["message"]
    wrong_type = subscribe(client, admin_headers, world.committee.id, types=["act.applied"])
    assert wrong_type.status_code == 422
    assert wrong_type.json()["errors"][0]["field"] == "body.types.0"


def test_deliveries_are_written_with_the_act_listed_and_retried(
    client: TestClient, world: World, admin_headers: dict[str, str]
) -> None:
    subscription = subscribe(client, admin_headers, world.committee.id).json()
    elsewhere = subscribe(client, admin_headers, world.other_branch.id).json()
    candidate = client.post(
        "/api/v1/candidates", json=world.application(), headers=world.secretary
    ).json()
    path = f"/api/v1/subscriptions/{subscription['id']}/deliveries"

    [delivery] = client.get(path, headers=admin_headers).json()["items"]
    assert delivery["type"] == "recruitflow.candidate.registered"
    assert delivery["candidate_id"] == candidate["id"]
    assert (delivery["status"], delivery["attempts"]) == ("pending", 0)
    assert delivery["event_id"].startswith("evt_")
    assert delivery["next_attempt_at"].endswith("Z")
    other = f"/api/v1/subscriptions/{elsewhere['id']}/deliveries"
    assert client.get(other, headers=admin_headers).json()["items"] == []

    retried = client.post(f"{path}/{delivery['id']}/retry", headers=admin_headers)
    assert retried.status_code == 200, retried.text
    assert (retried.json()["status"], retried.json()["attempts"]) == ("pending", 0)
    assert client.post(f"{other}/{delivery['id']}/retry", headers=admin_headers).status_code == 404


def test_deliveries_page_oldest_or_newest_first(
    client: TestClient, world: World, admin_headers: dict[str, str]
) -> None:
    subscription = subscribe(client, admin_headers, world.branch.id).json()
    for name in ("甲", "乙", "丙"):
        client.post(
            "/api/v1/candidates",
            json=world.application(name=name, id_number=None),
            headers=world.secretary,
        )
    path = f"/api/v1/subscriptions/{subscription['id']}/deliveries"

    def pages(order: str) -> list[list[int]]:
        listed, query = [], f"{path}?order={order}&limit=2"
        while True:
            page = client.get(query, headers=admin_headers).json()
            listed.append([item["id"] for item in page["items"]])
            if page["next_cursor"] is None:
                return listed
            query = f"{path}?order={order}&limit=2&cursor={page['next_cursor']}"

    [[first, second], [third]] = pages("oldest")
    assert pages("newest") == [[third, second], [first]]
    sideways = client.get(f"{path}?order=sideways", headers=admin_headers)
    assert sideways.status_code == 422
    assert sideways.json()["errors"][0]["field"] == "query.order"


def test_deleting_a_subscription_stops_its_deliveries(
    client: TestClient, world: World, admin_headers: dict[str, str]
) -> None:
    subscription = subscribe(client, admin_headers, world.branch.id).json()
    path = f"/api/v1/subscriptions/{subscription['id']}"
    assert client.delete(path, headers=admin_headers).status_code == 204
    logged = client.get(
        "/api/v1/audit/security-events",
        params={"order": "oldest"},
        headers=admin_headers,
    ).json()["items"]
    assert [
        (event["kind"], event["detail"]) for event in logged if "subscription" in event["kind"]
    ] == [
        ("subscription.created", {"subscription_id": subscription["id"], "url": HOOK}),
        ("subscription.deleted", {"subscription_id": subscription["id"], "url": HOOK}),
    ]
    created = client.post("/api/v1/candidates", json=world.application(), headers=world.secretary)
    assert created.status_code == 201
    assert client.get(path, headers=admin_headers).status_code == 404
    assert client.get(f"{path}/deliveries", headers=admin_headers).status_code == 404
    assert client.delete(path, headers=admin_headers).status_code == 404


def test_an_act_that_writes_nothing_writes_no_delivery(
    client: TestClient, world: World, admin_headers: dict[str, str]
) -> None:
    subscription = subscribe(client, admin_headers, world.branch.id).json()
    candidate = client.post(
        "/api/v1/candidates", json=world.application(), headers=world.secretary
    ).json()
    talk = {"effective_date": "2023-03-20", "talker": {"name": "王书记"}, "summary": "谈话"}
    url = f"/api/v1/candidates/{candidate['id']}/transitions/record_talk"
    stale = client.post(url, json=talk, headers={**world.secretary, "If-Match": '"7"'})
    assert stale.status_code == 412
    path = f"/api/v1/subscriptions/{subscription['id']}/deliveries"
    listed = client.get(path, headers=admin_headers).json()["items"]
    assert [item["type"] for item in listed] == ["recruitflow.candidate.registered"]
    assert client.post(url, json=talk, headers=world.secretary).status_code == 200
    listed = client.get(path, headers=admin_headers).json()["items"]
    assert [item["type"] for item in listed][1:] == ["recruitflow.act.applied"]
