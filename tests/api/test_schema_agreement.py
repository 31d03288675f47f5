"""The schema and the answers agree: what the OpenAPI document admits is accepted or refused
with a documented 422 naming the field, on both engines, never a 500; 405 says what is allowed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import World

SPEC = json.loads((Path(__file__).parents[2] / "openapi" / "openapi.json").read_text("utf-8"))
TOO_BIG = "2147483648"  # one past what a 32-bit column holds
METHODS = {"get", "put", "post", "delete", "patch"}


def _fields(response: object) -> list[str]:
    return [error["field"] for error in response.json()["errors"]]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "path",
    ["/api/v1/candidates", "/api/v1/candidates/{id}/history", "/api/v1/audit/events"],
)
def test_a_cursor_past_the_columns_is_422_naming_it(
    client: TestClient, admin_headers: dict[str, str], candidate_id: int, path: str
) -> None:
    url = path.format(id=candidate_id)
    assert (
        client.get(url, params={"cursor": "2147483647"}, headers=admin_headers).status_code == 200
    )
    response = client.get(url, params={"cursor": TOO_BIG}, headers=admin_headers)
    assert response.status_code == 422, response.text
    assert _fields(response) == ["query.cursor"]


def test_the_schema_bounds_every_cursor_and_id_to_32_bits() -> None:
    for path, item in SPEC["paths"].items():
        for method, operation in item.items():
            for parameter in operation.get("parameters", []):
                schema = parameter["schema"]
                for option in schema.get("anyOf", [schema]):
                    if option.get("type") == "integer":
                        assert option.get("maximum", 0) <= 2**31 - 1, (path, method, parameter)
                    if parameter["name"] == "cursor" and option.get("type") == "string":
                        pytest.fail(f"{method} {path}: an unbounded cursor")


@pytest.mark.parametrize(
    ("day", "status"),
    [("1900-01-01", 200), ("1899-12-31", 422), ("2101-01-01", 422), ("0", 422), ("20250929", 422)],
)
def test_audit_days_outside_the_range_or_not_a_day_are_422(
    client: TestClient, admin_headers: dict[str, str], day: str, status: int
) -> None:
    for name in ("recorded_from", "recorded_to", "effective_from", "effective_to"):
        response = client.get("/api/v1/audit/events", params={name: day}, headers=admin_headers)
        assert response.status_code == status, (name, response.text)
        if status == 422:
            assert _fields(response) == [f"query.{name}"]


def test_the_schema_states_the_range_of_every_day() -> None:
    parameters = SPEC["paths"]["/api/v1/audit/events"]["get"]["parameters"]
    for parameter in parameters:
        if parameter["name"] in ("recorded_from", "recorded_to"):
            (day,) = [o for o in parameter["schema"]["anyOf"] if o.get("format") == "date"]
            assert day["pattern"].startswith("^(19")
            assert "2100" in day["pattern"]


def test_a_day_outside_the_range_in_a_body_is_422(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/candidates",
        json=world.application(application_date="2101-01-01"),
        headers=world.secretary,
    )
    assert response.status_code == 422
    assert _fields(response) == ["body.application_date"]


@pytest.mark.parametrize("given", ["head_seq", "head_hash"])
def test_half_a_noted_head_is_a_documented_422(
    client: TestClient, admin_headers: dict[str, str], given: str
) -> None:
    value = {"head_seq": "1", "head_hash": "a" * 64}[given]
    response = client.get("/api/v1/audit/verify", params={given: value}, headers=admin_headers)
    assert response.status_code == 422
    assert response.json()["type"] == "/problems/invalid-input"
    operation = SPEC["paths"]["/api/v1/audit/verify"]["get"]
    assert "422" in operation["responses"]
    for parameter in operation["parameters"]:
        if parameter["name"] in ("head_seq", "head_hash"):
            assert "together" in parameter["description"]


@pytest.mark.parametrize("path", sorted(SPEC["paths"]))
def test_405_lists_every_method_the_path_has(client: TestClient, path: str) -> None:
    documented = {method.upper() for method in SPEC["paths"][path] if method in METHODS}
    unused = sorted({"GET", "PUT", "POST", "DELETE", "PATCH"} - documented)
    if not unused:
        return
    url = path.replace("{candidate_id}", "1").replace("{organization_id}", "1")
    url = url.replace("{year}", "2025").replace("{definition_hash}", "0" * 64)
    url = url.replace("{plan_id}", "1").replace("{principal_id}", "1")
    response = client.request(unused[0], url)
    assert response.status_code == 405, (path, response.status_code)
    assert response.json()["type"] == "/problems/method-not-allowed"
    allowed = {method.strip() for method in response.headers["allow"].split(",")}
    assert allowed - {"HEAD"} == documented, path


@pytest.mark.parametrize(("on", "status"), [("2025-06-02", 200), ("0", 422), ("2101-01-01", 422)])
def test_the_profile_day_is_a_day_in_the_range(
    client: TestClient, admin_headers: dict[str, str], on: str, status: int
) -> None:
    response = client.get("/api/v1/workflow/profiles", params={"on": on}, headers=admin_headers)
    assert response.status_code == status, response.text


@pytest.mark.parametrize(("if_match", "status"), [('"1"', 200), ("W/1", 200), ("three", 422)])
def test_if_match_is_refused_exactly_when_its_documented_pattern_refuses_it(
    client: TestClient, world: World, candidate_id: int, if_match: str, status: int
) -> None:
    operation = SPEC["paths"]["/api/v1/candidates/{candidate_id}/transitions/withdraw"]["post"]
    (header,) = [p for p in operation["parameters"] if p["name"] == "if-match"]
    pattern = next(o["pattern"] for o in header["schema"]["anyOf"] if "pattern" in o)
    assert bool(re.match(pattern, if_match)) == (status != 422)
    response = client.post(
        f"/api/v1/candidates/{candidate_id}/transitions/withdraw",
        json={"effective_date": "2025-06-20", "reason": "本人申请"},
        headers={**world.secretary, "If-Match": if_match},
    )
    assert response.status_code == status, response.text
