from __future__ import annotations

from collections.abc import Iterator

import orjson
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy.engine import Engine

from service.adapters.clock import FixedClock
from service.app.history import recorded_at_text
from service.main import create_app
from service.settings import Settings
from tests.api.conftest import World
from tests.support.factories import ADMIN_TOKEN, auth

SECURITY = "/api/v1/audit/security-events"
VERIFY = f"{SECURITY}/verify"
_DROP_GUARD = {
    "sqlite": ("DROP TRIGGER IF EXISTS security_event_no_update",),
    "postgresql": ("DROP TRIGGER IF EXISTS security_event_no_change ON security_event",),
}


def _events(
    client: TestClient, headers: dict[str, str], **params: object
) -> list[dict[str, object]]:
    response = client.get(SECURITY, params={"order": "oldest", **params}, headers=headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, object]] = response.json()["items"]
    return items


def test_a_secretarys_403_on_another_branch_is_in_the_log_and_the_log_verifies(
    client: TestClient,
    world: World,
    candidate_id: int,
    admin_headers: dict[str, str],
    clock: FixedClock,
) -> None:
    path = f"/api/v1/candidates/{candidate_id}"
    me = client.get("/api/v1/principals/me", headers=world.other_secretary).json()

    assert client.get(path, headers=world.other_secretary).status_code == 403

    denied = _events(client, admin_headers, kind="access.denied")
    assert [(e["principal_id"], e["method"], e["path"]) for e in denied] == [
        (me["id"], "GET", path)
    ]
    assert denied[0]["recorded_at"] == recorded_at_text(clock.now())
    assert "outside your organisation" in str(denied[0]["detail"])
    verified = client.get(VERIFY, headers=admin_headers).json()
    assert verified["ok"] is True
    assert verified["chain_checked"] == verified["head_seq"] >= 6


def test_auditors_read_their_subtree_only(client: TestClient, world: World) -> None:
    me = client.get("/api/v1/principals/me", headers=world.secretary).json()
    assert client.get("/api/v1/principals", headers=world.secretary).status_code == 403
    assert client.get("/api/v1/principals", headers=world.other_secretary).status_code == 403

    seen = _events(client, world.auditor, kind="access.denied")

    assert [e["principal_id"] for e in seen] == [me["id"]]
    assert client.get(SECURITY, headers=world.reviewer).status_code == 403
    assert client.get(VERIFY, headers=world.auditor).json()["ok"] is True


def test_failed_sign_ins_are_logged_without_the_token(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    assert client.get("/api/v1/principals/me", headers=auth("guessed-token-42")).status_code == 401

    failed = _events(client, admin_headers, kind="auth.failed")
    exported = client.get(f"{SECURITY}/export", headers=admin_headers)

    assert [(e["path"], e["detail"]) for e in failed] == [
        ("/api/v1/principals/me", {"reason": "unauthenticated", "client": "testclient"})
    ]
    assert exported.status_code == 200
    assert "guessed-token-42" not in exported.text
    lines = [orjson.loads(line) for line in exported.text.splitlines()]
    assert lines[-1]["head"]["seq"] == len(lines) - 1


def test_the_log_is_filtered_by_kind_principal_and_day_and_paged(
    client: TestClient, world: World, admin_headers: dict[str, str], clock: FixedClock
) -> None:
    everything = _events(client, admin_headers)
    first = client.get(SECURITY, params={"limit": 2}, headers=admin_headers).json()
    rest = client.get(
        SECURITY, params={"cursor": first["next_cursor"]}, headers=admin_headers
    ).json()
    today = clock.today().isoformat()

    assert [e["seq"] for e in first["items"] + rest["items"]] == [
        e["seq"] for e in reversed(everything)
    ]
    assert {e["kind"] for e in everything} == {"principal.created"}
    # The admin was made at start-up, on an earlier day than the world.
    assert _events(client, admin_headers, recorded_from=today, recorded_to=today) == everything[1:]
    assert _events(client, admin_headers, principal_id=1) == everything[:1]
    assert _events(client, admin_headers, recorded_to="2020-01-01") == []
    refused = client.get(
        SECURITY,
        params={"recorded_from": today, "recorded_to": "2020-01-01"},
        headers=admin_headers,
    )
    assert refused.json()["errors"][0]["field"] == "query.recorded_to"
    assert client.get(SECURITY, params={"kind": "nope"}, headers=admin_headers).status_code == 422


def test_tampering_with_the_log_is_detected(
    client: TestClient, engine: Engine, world: World, admin_headers: dict[str, str]
) -> None:
    client.get("/api/v1/principals", headers=world.secretary)
    with engine.begin() as connection:
        for statement in _DROP_GUARD[engine.dialect.name]:
            connection.execute(sa.text(statement))
        connection.execute(
            sa.text(
                "UPDATE security_event SET path = '/api/v1/health' WHERE kind = 'access.denied'"
            )
        )

    verified = client.get(VERIFY, headers=admin_headers).json()

    assert verified["ok"] is False
    assert verified["first_broken"]["reason"] == "hash_mismatch"


def test_the_log_refuses_updates_and_deletes(engine: Engine, client: TestClient) -> None:
    for statement in ("UPDATE security_event SET kind = 'x'", "DELETE FROM security_event"):
        with (
            pytest.raises(sa.exc.DBAPIError, match="append-only"),
            engine.begin() as connection,
        ):
            connection.execute(sa.text(statement))


@pytest.fixture
def limited_client(database_url: str, clock: FixedClock, engine: Engine) -> Iterator[TestClient]:
    settings = Settings(
        database_url=database_url, admin_token=SecretStr(ADMIN_TOKEN), auth_failure_limit=3
    )
    with TestClient(create_app(settings, clock=clock, engine=engine)) as client:
        yield client


def test_a_flood_of_bad_tokens_writes_no_more_than_the_limiter_lets_through(
    limited_client: TestClient, admin_headers: dict[str, str]
) -> None:
    statuses = [
        limited_client.get("/api/v1/principals/me", headers=auth(f"bad-{n}")).status_code
        for n in range(10)
    ]

    assert statuses == [401] * 3 + [429] * 7
    with TestClient(limited_client.app, client=("10.0.0.9", 50000)) as other:
        assert len(_events(other, admin_headers, kind="auth.failed")) == 3


def test_plan_and_calendar_changes_are_in_the_log(
    client: TestClient, world: World, admin_headers: dict[str, str]
) -> None:
    plan = {"organization_id": world.committee.id, "year": 2026, "quota": 5}
    assert client.post("/api/v1/plans", json=plan, headers=world.reviewer).status_code == 201
    assert client.post("/api/v1/plans", json={**plan, "quota": 3}, headers=admin_headers).is_success
    arrangement = {"holidays": ["2027-10-01"], "workdays": [], "source": "国务院通知"}
    put = client.put("/api/v1/calendar/2027", json=arrangement, headers=admin_headers)
    assert put.status_code == 200, put.text

    plans = _events(client, world.auditor, kind="plan.changed")
    calendars = _events(client, admin_headers, kind="calendar.changed")

    assert [e["detail"] for e in plans] == [
        {"year": 2026, "old_quota": None, "new_quota": 5},
        {"year": 2026, "old_quota": 5, "new_quota": 3},
    ]
    assert [e["detail"] for e in calendars] == [
        {"year": 2027, "source": "国务院通知", "holidays": 1, "workdays": 0}
    ]
    assert _events(client, world.auditor, kind="calendar.changed") == []
