"""The console keeps the API's security rules: a session ends with its principal's token (expired,
revoked, rotated), and every 403 it answers is in the security log."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from service.adapters.clock import FixedClock
from service.app.actors import Role
from service.app.history import recorded_at_text
from service.app.principal_lifecycle import rotate_principal
from service.app.principals import register_principal
from tests.support.factories import auth
from tests.support.http_journey import APPLICATION
from tests.web.conftest import People
from tests.web.console import hidden, sign_in

SECURITY = "/api/v1/audit/security-events"


def _signed_in(client: TestClient) -> bool:
    status: int = client.get("/console/", follow_redirects=False).status_code
    return status == 200


def _denials(client: TestClient, admin_headers: dict[str, str]) -> list[dict[str, object]]:
    response = client.get(
        SECURITY, params={"kind": "access.denied", "order": "oldest"}, headers=admin_headers
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, object]] = response.json()["items"]
    return items


def test_a_session_ends_when_its_principal_expires(
    client: TestClient, people: People, engine: Engine, clock: FixedClock
) -> None:
    issued = register_principal(
        engine,
        clock,
        name="赵临时",
        role=Role.secretary,
        organization_id=people.branch_id,
        expires_at=clock.now() + timedelta(hours=1),
    )
    sign_in(client, issued.token)
    assert _signed_in(client)
    clock.advance(timedelta(hours=1))
    assert not _signed_in(client)


def test_a_session_ends_when_its_principals_token_is_rotated(
    client: TestClient, people: People, engine: Engine, clock: FixedClock
) -> None:
    sign_in(client, people.reviewer)
    assert _signed_in(client)
    rotated = rotate_principal(engine, clock, None, people.reviewer_id)
    assert not _signed_in(client)
    assert sign_in(client, people.reviewer).status_code == 401
    sign_in(client, rotated.token)
    assert _signed_in(client)


def test_a_console_403_is_in_the_security_log_with_principal_path_and_time(
    client: TestClient, people: People, admin_headers: dict[str, str], clock: FixedClock
) -> None:
    created = client.post(
        "/api/v1/candidates",
        json={"branch_id": people.branch_id, **APPLICATION},
        headers=auth(people.secretary),
    )
    assert created.status_code == 201, created.text
    candidate_id = created.json()["id"]
    me = client.get("/api/v1/principals/me", headers=auth(people.other_secretary)).json()
    sign_in(client, people.other_secretary)
    path = f"/console/candidates/{candidate_id}"

    page = client.get(path)

    assert page.status_code == 403
    assert "无权查看" in page.text
    denied = _denials(client, admin_headers)
    assert [(e["principal_id"], e["method"], e["path"]) for e in denied] == [
        (me["id"], "GET", path)
    ]
    assert denied[0]["recorded_at"] == recorded_at_text(clock.now())
    assert "outside your organisation" in str(denied[0]["detail"])
    assert client.get(f"{SECURITY}/verify", headers=admin_headers).json()["ok"] is True


def test_a_post_without_a_valid_csrf_token_is_logged_as_denied(
    client: TestClient, people: People, admin_headers: dict[str, str]
) -> None:
    sign_in(client, people.secretary)
    me = client.get("/api/v1/principals/me", headers=auth(people.secretary)).json()
    assert hidden(client.get("/console/").text, "csrf_token")

    missing = client.post("/console/logout", data={})
    forged = client.post("/console/logout", data={"csrf_token": "forged"})

    assert (missing.status_code, forged.status_code) == (403, 403)
    denied = _denials(client, admin_headers)
    assert [(e["principal_id"], e["path"], e["detail"]) for e in denied] == [
        (me["id"], "/console/logout", {"reason": "the CSRF token is missing", "role": "secretary"}),
        (me["id"], "/console/logout", {"reason": "the CSRF token is invalid", "role": "secretary"}),
    ]
    assert _signed_in(client)
