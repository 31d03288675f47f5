from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from service.adapters.clock import FixedClock
from tests.api.conftest import World
from tests.support.factories import auth

PRINCIPALS = "/api/v1/principals"
ME = "/api/v1/principals/me"
SECURITY = "/api/v1/audit/security-events"


def _create(client: TestClient, admin: dict[str, str], **body: Any) -> dict[str, Any]:
    response = client.post(PRINCIPALS, json={"name": "审计员", **body}, headers=admin)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def _kinds(client: TestClient, admin: dict[str, str], principal_id: int) -> list[str]:
    response = client.get(
        SECURITY, params={"principal_id": principal_id, "order": "oldest"}, headers=admin
    )
    assert response.status_code == 200, response.text
    return [event["kind"] for event in response.json()["items"]]


def test_a_revoked_token_is_refused_on_its_very_next_request(
    client: TestClient, world: World, admin_headers: dict[str, str]
) -> None:
    created = _create(client, admin_headers, role="auditor", organization_id=world.committee.id)
    token = auth(created["token"])
    assert client.get(ME, headers=token).status_code == 200

    revoked = client.post(
        f"{PRINCIPALS}/{created['id']}/revoke", json={"reason": "调离岗位"}, headers=admin_headers
    )

    assert revoked.status_code == 200, revoked.text
    assert (revoked.json()["status"], revoked.json()["revoked_reason"]) == ("revoked", "调离岗位")
    refused = client.get(ME, headers=token)
    assert refused.status_code == 401
    assert refused.json()["type"] == "/problems/token-revoked"
    assert refused.json()["title"] == "令牌已吊销"
    assert _kinds(client, admin_headers, created["id"]) == [
        "principal.created",
        "principal.revoked",
        "auth.failed",
    ]
    again = client.post(
        f"{PRINCIPALS}/{created['id']}/revoke", json={"reason": "再次"}, headers=admin_headers
    )
    assert again.status_code == 409


def test_rotate_kills_the_old_token_and_the_new_one_works(
    client: TestClient, world: World, admin_headers: dict[str, str]
) -> None:
    created = _create(client, admin_headers, role="secretary", organization_id=world.branch.id)
    assert client.get(ME, headers=auth(created["token"])).status_code == 200

    rotated = client.post(f"{PRINCIPALS}/{created['id']}/rotate", headers=admin_headers)

    assert rotated.status_code == 200, rotated.text
    new_token = rotated.json()["token"]
    assert new_token != created["token"]
    old = client.get(ME, headers=auth(created["token"]))
    assert (old.status_code, old.json()["type"]) == (401, "/problems/token-revoked")
    assert client.get(ME, headers=auth(new_token)).json()["id"] == created["id"]
    assert "principal.rotated" in _kinds(client, admin_headers, created["id"])


def test_an_expired_token_is_401_token_expired_and_the_expiry_is_logged_once(
    client: TestClient, world: World, admin_headers: dict[str, str], clock: FixedClock
) -> None:
    expires_at = (clock.now() + timedelta(hours=1)).isoformat() + "+00:00"
    created = _create(
        client,
        admin_headers,
        role="auditor",
        organization_id=world.committee.id,
        expires_at=expires_at,
    )
    token = auth(created["token"])
    assert client.get(ME, headers=token).status_code == 200

    clock.advance(timedelta(hours=1))
    first = client.get(ME, headers=token)
    second = client.get(ME, headers=token)

    assert [first.status_code, second.status_code] == [401, 401]
    assert {first.json()["type"], second.json()["type"]} == {"/problems/token-expired"}
    shown = client.get(f"{PRINCIPALS}/{created['id']}", headers=admin_headers).json()
    assert shown["status"] == "expired"
    assert _kinds(client, admin_headers, created["id"]) == [
        "principal.created",
        "principal.expired",
        "auth.failed",
        "auth.failed",
    ]


def test_an_expiry_in_the_past_is_refused_naming_the_field(
    client: TestClient, world: World, admin_headers: dict[str, str], clock: FixedClock
) -> None:
    response = client.post(
        PRINCIPALS,
        json={"name": "过去", "role": "admin", "expires_at": "2000-01-01T00:00:00+08:00"},
        headers=admin_headers,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "expires_at"


def test_the_last_active_admin_cannot_be_revoked(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    me = client.get(ME, headers=admin_headers).json()
    alone = client.post(
        f"{PRINCIPALS}/{me['id']}/revoke", json={"reason": "离职"}, headers=admin_headers
    )
    assert (alone.status_code, alone.json()["type"]) == (409, "/problems/state-conflict")
    assert alone.json()["detail"] == "不能吊销最后一个有效的系统管理员账号"

    second = _create(client, admin_headers, role="admin")
    revoked = client.post(
        f"{PRINCIPALS}/{me['id']}/revoke", json={"reason": "离职"}, headers=auth(second["token"])
    )
    assert revoked.status_code == 200
    last = client.post(
        f"{PRINCIPALS}/{second['id']}/revoke",
        json={"reason": "离职"},
        headers=auth(second["token"]),
    )
    assert last.status_code == 409


def test_admins_list_principals_filtered_and_paged(
    client: TestClient, world: World, admin_headers: dict[str, str]
) -> None:
    created = _create(client, admin_headers, role="auditor", organization_id=world.branch.id)
    client.post(
        f"{PRINCIPALS}/{created['id']}/revoke", json={"reason": "停用"}, headers=admin_headers
    )

    auditors = client.get(PRINCIPALS, params={"role": "auditor"}, headers=admin_headers).json()
    inactive = client.get(PRINCIPALS, params={"active": "false"}, headers=admin_headers).json()
    in_branch = client.get(
        PRINCIPALS, params={"organization_id": world.branch.id}, headers=admin_headers
    ).json()
    first = client.get(PRINCIPALS, params={"limit": 2}, headers=admin_headers).json()
    rest = client.get(
        PRINCIPALS, params={"limit": 100, "cursor": first["next_cursor"]}, headers=admin_headers
    ).json()

    assert [p["name"] for p in auditors["items"]] == ["刘审计", "审计员"]
    assert [p["id"] for p in inactive["items"]] == [created["id"]]
    assert {p["name"] for p in in_branch["items"]} == {"王书记", "审计员"}
    everyone = [p["id"] for p in first["items"] + rest["items"]]
    assert everyone == sorted(everyone)
    assert len(everyone) == 7
    assert rest["next_cursor"] is None
    assert all("token" not in p for p in auditors["items"])


def test_only_admins_manage_principals(client: TestClient, world: World) -> None:
    assert client.get(PRINCIPALS, headers=world.auditor).status_code == 403
    assert client.post(f"{PRINCIPALS}/1/rotate", headers=world.secretary).status_code == 403
    missing = client.get(f"{PRINCIPALS}/999999", headers=world.auditor)
    assert missing.status_code == 403
