from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy.engine import Engine

from service.adapters.clock import FixedClock
from service.adapters.database import make_engine
from service.app.actors import Role
from service.main import create_app
from service.settings import Settings
from tests.support.databases import sqlite_url
from tests.support.factories import MakeOrg, MakePrincipal, auth

ORGS = "/api/v1/organizations"
PROBLEM = "application/problem+json"


def test_no_token_is_401_with_a_bearer_challenge(client: TestClient) -> None:
    response = client.get(ORGS)
    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == {
        "type": "/problems/unauthenticated",
        "title": "未认证",
        "status": 401,
        "detail": "请求须带有效的访问令牌",
        "instance": ORGS,
    }
    english = client.get(ORGS, headers={"Accept-Language": "en"}).json()
    assert (english["title"], english["detail"]) == (
        "Not authenticated",
        "send Authorization: Bearer <token>",
    )


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Basic dXNlcjpwYXNz", "Bearer"])
def test_a_bad_token_is_401(client: TestClient, header: str) -> None:
    response = client.get(ORGS, headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["type"] == "/problems/unauthenticated"


def test_repeated_failed_authentications_are_429(
    settings: Settings, clock: FixedClock, engine: Engine, admin_headers: dict[str, str]
) -> None:
    app = create_app(
        settings.model_copy(update={"auth_failure_limit": 3}), clock=clock, engine=engine
    )
    with TestClient(app) as client:
        for _ in range(3):
            assert client.get(ORGS, headers=auth("guess")).status_code == 401
        limited = client.get(ORGS, headers=admin_headers)
    assert limited.status_code == 429
    assert limited.json()["type"] == "/problems/too-many-requests"
    assert 1 <= int(limited.headers["retry-after"]) <= 60


def test_a_principal_outside_its_scope_is_403(
    client: TestClient, make_org: MakeOrg, make_principal: MakePrincipal
) -> None:
    headers = auth(make_principal(Role.auditor, make_org())[1])
    response = client.post(ORGS, json={"name": "支部", "kind": "committee"}, headers=headers)
    assert response.status_code == 403
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"] == "/problems/forbidden"


def test_an_unknown_route_is_a_404_problem(client: TestClient) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"] == "/problems/not-found"


def test_an_unknown_organization_is_a_404_problem(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    response = client.get(f"{ORGS}/424242", headers=admin_headers)
    english = client.get(f"{ORGS}/424242", headers={**admin_headers, "Accept-Language": "en"})
    assert response.status_code == 404
    assert (response.json()["title"], response.json()["detail"]) == ("未找到", "组织 424242 不存在")
    assert english.json()["detail"] == "organisation 424242 does not exist"


def test_a_wrong_method_is_a_405_problem_with_an_allow_header(client: TestClient) -> None:
    response = client.delete(ORGS)
    assert response.status_code == 405
    assert response.json()["type"] == "/problems/method-not-allowed"
    assert response.headers["allow"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "支部", "kind": "cell"}, "body.kind"),
        ({"kind": "committee"}, "body.name"),
        ({"name": "支部", "kind": "committee", "colour": "crimson-7"}, "body.colour"),
        ({"name": "支部", "kind": "committee", "parent_id": "one"}, "body.parent_id"),
    ],
)
def test_malformed_input_is_422_naming_the_field(
    client: TestClient, admin_headers: dict[str, str], body: dict[str, object], field: str
) -> None:
    response = client.post(ORGS, json=body, headers=admin_headers)
    assert response.status_code == 422
    problem = response.json()
    assert problem["type"] == "/problems/invalid-input"
    assert [error["field"] for error in problem["errors"]] == [field]
    assert "crimson-7" not in response.text


def test_a_path_parameter_of_the_wrong_type_is_422(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    response = client.get(f"{ORGS}/first", headers=admin_headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "path.organization_id"


def test_invalid_json_is_422(client: TestClient, admin_headers: dict[str, str]) -> None:
    headers = {**admin_headers, "Content-Type": "application/json"}
    response = client.post(ORGS, content=b'{"name": ', headers=headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].startswith("body")


def test_a_body_over_the_limit_is_413(client: TestClient, admin_headers: dict[str, str]) -> None:
    body = json.dumps({"name": "支" * 40_000, "kind": "committee"})
    response = client.post(ORGS, content=body, headers=admin_headers)
    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"] == "/problems/payload-too-large"


def test_a_streamed_body_over_the_limit_is_413(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"name": "'
        for _ in range(100):
            yield b"x" * 1024
        yield b'", "kind": "committee"}'

    headers = {**admin_headers, "Content-Type": "application/json"}
    response = client.post(ORGS, content=chunks(), headers=headers)
    assert response.status_code == 413
    assert response.json()["type"] == "/problems/payload-too-large"


def test_a_crash_is_a_500_problem_carrying_the_request_id(
    app: FastAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret detail 110101199003077777")

    with TestClient(app) as client:
        response = client.get("/boom", headers={"X-Request-ID": "trace-42"})
    assert response.status_code == 500
    assert response.headers["content-type"] == PROBLEM
    assert response.headers["x-request-id"] == "trace-42"
    assert response.json()["type"] == "/problems/internal-error"
    assert response.json()["request_id"] == "trace-42"
    assert "secret" not in response.text
    logged = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    crash = next(line for line in logged if line["event"] == "unhandled_exception")
    assert crash["request_id"] == "trace-42"


def test_request_ids_are_echoed_or_created(client: TestClient) -> None:
    assert client.get("/healthz", headers={"X-Request-ID": "abc-1"}).headers["x-request-id"] == (
        "abc-1"
    )
    created = client.get("/healthz", headers={"X-Request-ID": "bad id\n"}).headers["x-request-id"]
    assert created != "bad id\n"
    assert len(created) == 32


def test_request_logs_carry_the_request_but_never_the_token_or_body(
    client: TestClient, admin_headers: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    client.post(
        ORGS,
        json={"name": "身份证110101199003077777", "kind": "committee"},
        headers={**admin_headers, "X-Request-ID": "req-7"},
    )
    output = capsys.readouterr().out
    assert admin_headers["Authorization"].split()[1] not in output
    assert "110101199003077777" not in output
    lines = [json.loads(row) for row in output.splitlines() if row.startswith("{")]
    line = next(entry for entry in lines if entry["event"] == "request")
    assert line["request_id"] == "req-7"
    assert line["method"] == "POST"
    assert line["path"] == ORGS
    assert line["status"] == 201
    assert line["duration_ms"] >= 0


def test_health_and_readiness_answer_when_migrated(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ready"}


def test_readiness_is_503_while_the_database_is_not_migrated(
    tmp_path: pytest.TempPathFactory, clock: FixedClock
) -> None:
    url = sqlite_url(tmp_path / "unmigrated.db")  # type: ignore[operator]
    engine = make_engine(url)
    app = create_app(Settings(database_url=url), clock=clock, engine=engine)
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        response = client.get("/readyz")
    engine.dispose()
    assert response.status_code == 503
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"] == "/problems/not-ready"


def test_readiness_is_503_while_the_database_does_not_answer(clock: FixedClock) -> None:
    url = "postgresql://nobody@127.0.0.1:9/none?connect_timeout=1"
    app = create_app(Settings(database_url=url, admin_token=None), clock=clock)
    with TestClient(app) as client:
        response = client.get("/readyz")
        english = client.get("/readyz", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert response.status_code == 503
    assert response.json()["detail"] == "数据库不可用或尚未升级到最新版本"
    assert english.json()["detail"] == "the database does not answer"


def test_settings_secrets_do_not_show_in_their_repr() -> None:
    settings = Settings(admin_token=SecretStr("very-secret"))
    assert "very-secret" not in repr(settings)
