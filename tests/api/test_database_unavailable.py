"""When no connection can be had (the pool exhausted, the database refusing), the answer is
503 with Retry-After, and nothing is written."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from service.adapters.clock import FixedClock
from service.adapters.database import make_engine
from service.main import create_app
from service.settings import Settings
from tests.support.factories import ADMIN_TOKEN, auth

ADMIN = auth(ADMIN_TOKEN)


@pytest.mark.parametrize("engine_kind", [pytest.param("postgresql", marks=pytest.mark.pg)])
def test_with_the_only_connection_of_the_pool_taken_a_write_answers_503_and_writes_nothing(
    database_url: str, clock: FixedClock
) -> None:
    settings = Settings(
        database_url=database_url,
        admin_token=SecretStr(ADMIN_TOKEN),
        db_pool_size=1,
        db_max_overflow=0,
        db_pool_timeout=0.2,
    )
    app = create_app(settings, clock=clock)
    with TestClient(app) as client:
        committee = client.post(
            "/api/v1/organizations",
            json={"name": "县直机关工委", "kind": "committee"},
            headers=ADMIN,
        ).json()
        plan = {"organization_id": committee["id"], "year": 2026, "quota": 3}

        with app.state.services.engine.connect():
            refused = client.post("/api/v1/plans", json=plan, headers=ADMIN)

        assert refused.status_code == 503, refused.text
        assert refused.json()["type"] == "/problems/service-unavailable"
        assert int(refused.headers["Retry-After"]) > 0
        assert client.get("/api/v1/plans", headers=ADMIN).json()["items"] == []
        assert client.post("/api/v1/plans", json=plan, headers=ADMIN).status_code == 201


def test_a_database_that_refuses_connections_answers_503_with_retry_after(
    clock: FixedClock,
) -> None:
    # Nothing listens on port 1: every connection is refused.
    engine = make_engine("postgresql://postgres@127.0.0.1:1/recruitflow", pool_timeout=0.2)
    app = create_app(Settings(database_url="sqlite://"), clock=clock, engine=engine)
    with TestClient(app) as client:
        answer = client.get("/api/v1/plans", headers=ADMIN)

    assert answer.status_code == 503, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["type"] == "/problems/service-unavailable"
    assert int(answer.headers["Retry-After"]) > 0
