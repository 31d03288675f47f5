from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.engine import Engine

from service.adapters.clock import FixedClock
from service.adapters.tables import Principal
from service.app.principals import hash_token
from service.main import create_app
from service.settings import Settings
from tests.api.conftest import World
from tests.support.factories import ADMIN_TOKEN, auth
from tests.support.http_journey import APPLICATION, run_journey

ME = "/api/v1/principals/me"


def test_no_token_id_number_or_phone_appears_in_any_log_line(
    client: TestClient,
    world: World,
    admin_headers: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    capsys.readouterr()
    created = client.post(
        "/api/v1/candidates",
        json=world.application(),
        headers={**world.secretary, "Idempotency-Key": "journey-1"},
    )
    candidate_id = created.json()["id"]
    run_journey(client, candidate_id, world.roles)
    for headers in (world.secretary, world.reviewer, world.auditor, admin_headers):
        for path in ("", "/history", "/dossier", "/transitions"):
            client.get(f"/api/v1/candidates/{candidate_id}{path}", headers=headers)
    client.get("/api/v1/audit/export", headers=world.auditor)
    client.get("/api/v1/candidates", params={"cursor": APPLICATION["phone"]}, headers=world.auditor)
    client.post(
        "/api/v1/candidates",
        json=world.application(id_number="110105194912310021", phone="1381234567x"),
        headers=world.secretary,
    )
    client.get(ME, headers=auth("not-a-token-" + APPLICATION["id_number"]))

    logged = capsys.readouterr()
    # httpx logs the test client's own requests; the service's lines are what count.
    service_records = [r.getMessage() for r in caplog.records if not r.name.startswith("httpx")]
    lines = [*logged.out.splitlines(), *logged.err.splitlines(), *service_records]
    assert any('"status":201' in line for line in lines), "the requests were not logged"
    tokens = [world.secretary, world.reviewer, world.auditor, admin_headers]
    secrets = [
        ADMIN_TOKEN,
        *(headers["Authorization"].removeprefix("Bearer ") for headers in tokens),
        APPLICATION["id_number"],
        APPLICATION["phone"],
        "110105194912310021",
        "1381234567x",
    ]
    leaks = [(secret, line) for line in lines for secret in secrets if secret in line]
    assert leaks == []


def test_tokens_are_stored_only_as_their_sha256(
    client: TestClient, world: World, engine: Engine
) -> None:
    token = world.secretary["Authorization"].removeprefix("Bearer ")
    with engine.connect() as connection:
        stored = connection.execute(select(Principal.token_hash)).scalars().all()  # type: ignore[call-overload]
    assert hash_token(token) in stored
    assert all(token not in value for value in stored)


def test_the_failed_authentication_after_the_limit_is_429(
    settings: Settings, clock: FixedClock, engine: Engine, admin_headers: dict[str, str]
) -> None:
    limit = 5
    app = create_app(
        settings.model_copy(update={"auth_failure_limit": limit}), clock=clock, engine=engine
    )
    with TestClient(app) as client:
        assert client.get(ME, headers=admin_headers).status_code == 200
        guesses = [client.get(ME, headers=auth(f"guess-{n}")).status_code for n in range(limit + 1)]
        assert guesses == [401] * limit + [429]
        refused = client.get(ME, headers=admin_headers)
    assert refused.status_code == 429
    assert refused.json()["type"] == "/problems/too-many-requests"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
