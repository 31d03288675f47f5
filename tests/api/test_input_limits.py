from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import World

TALK: dict[str, Any] = {
    "effective_date": "2023-03-20",
    "talker": {"name": "王书记", "member_id": "M001"},
    "summary": "谈话",
}
OVERSIZED = 65536 + 1


def talk_url(candidate_id: int) -> str:
    return f"/api/v1/candidates/{candidate_id}/transitions/record_talk"


def fields_named(response: Any) -> set[str]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return {error["field"] for error in response.json()["errors"]}


def chunks(body: bytes, size: int = 4096) -> Iterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


def padded(body: dict[str, Any], field: str) -> bytes:
    return orjson.dumps({**body, field: "长" * (OVERSIZED // 3 + 1)})


@pytest.mark.parametrize("streamed", [False, True], ids=["content-length", "chunked"])
def test_a_body_over_the_limit_is_413_on_acts_and_registrations(
    client: TestClient, world: World, candidate_id: int, streamed: bool
) -> None:
    for path, body in (
        (talk_url(candidate_id), padded(TALK, "summary")),
        ("/api/v1/candidates", padded(world.application(), "work_unit")),
    ):
        content: bytes | Iterator[bytes] = chunks(body) if streamed else body
        response = client.post(
            path,
            content=content,
            headers={**world.secretary, "Content-Type": "application/json"},
        )
        assert response.status_code == 413, (path, response.text)
        assert response.json()["type"] == "/problems/payload-too-large"
    history = client.get(f"/api/v1/candidates/{candidate_id}/history", headers=world.secretary)
    assert len(history.json()["items"]) == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"summary": "铃声\x07"}, "body.summary"),
        ({"talker": {"name": "王\x00书记"}}, "body.talker.name"),
        ({"talker": {"name": "王书记", "member_id": "M\x1b001"}}, "body.talker.member_id"),
        ({"summary": "长" * 2001}, "body.summary"),
        ({"talker": {"name": "王" * 101}}, "body.talker.name"),
        ({"sumary": "笔误"}, "body.sumary"),
        ({"talker": {"name": "王书记", "nickname": "老王"}}, "body.talker.nickname"),
        ({"effective_date": "1899-12-31"}, "body.effective_date"),
        ({"effective_date": "2101-01-01"}, "body.effective_date"),
    ],
    ids=[
        "control",
        "nul",
        "escape",
        "long-text",
        "long-name",
        "unknown",
        "unknown-nested",
        "before-1900",
        "after-2100",
    ],
)
def test_bad_evidence_is_422_naming_the_field_and_records_nothing(
    client: TestClient, world: World, candidate_id: int, change: dict[str, Any], field: str
) -> None:
    response = client.post(talk_url(candidate_id), json={**TALK, **change}, headers=world.secretary)
    assert field in fields_named(response)
    history = client.get(f"/api/v1/candidates/{candidate_id}/history", headers=world.secretary)
    assert len(history.json()["items"]) == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": "张\x7f三"}, "body.name"),
        ({"work_unit": "县财\x0c政局"}, "body.work_unit"),
        ({"name": "张" * 101}, "body.name"),
        ({"work_unit": "局" * 201}, "body.work_unit"),
        ({"nickname": "小张"}, "body.nickname"),
        ({"birth_date": "1899-12-31"}, "body.birth_date"),
        ({"application_date": "2101-01-01"}, "body.application_date"),
        ({"phone": "138\x0012345678"}, "body.phone"),
        ({"id_number": "11010519491231002Y"}, "body.id_number"),
        ({"branch_id": 2**31}, "body.branch_id"),
    ],
    ids=[
        "control",
        "form-feed",
        "long-name",
        "long-unit",
        "unknown",
        "before-1900",
        "after-2100",
        "phone",
        "id-number",
        "huge-id",
    ],
)
def test_a_bad_registration_is_422_naming_the_field_and_creates_nothing(
    client: TestClient, world: World, change: dict[str, Any], field: str
) -> None:
    response = client.post(
        "/api/v1/candidates", json=world.application(**change), headers=world.secretary
    )
    assert field in fields_named(response)
    listed = client.get("/api/v1/candidates", headers=world.secretary)
    assert listed.json()["items"] == []


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/candidates/99999999999999999999999",
        "/api/v1/candidates/2147483648/history",
        "/api/v1/candidates/0/transitions",
        "/api/v1/organizations/99999999999999999999",
        "/api/v1/candidates?organization_id=99999999999999999999",
    ],
)
def test_ids_no_table_can_hold_are_422_not_a_crash(
    client: TestClient, world: World, path: str
) -> None:
    assert client.get(path, headers=world.secretary).status_code == 422


def test_malformed_bodies_and_headers_are_client_errors(
    client: TestClient, world: World, candidate_id: int
) -> None:
    json_header = {**world.secretary, "Content-Type": "application/json"}
    nested = b'{"effective_date":"2023-03-20","talker":' + b"[" * 30000 + b"]" * 30000 + b"}"
    for body in (nested, b"\xff\xfe", b"{", b"[]", b"null", b'{"summary":NaN}'):
        response = client.post(talk_url(candidate_id), content=body, headers=json_header)
        assert response.status_code in (400, 422), (body[:20], response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
    odd_digits = {**world.secretary, "If-Match": '"²"'.encode("latin-1")}
    response = client.post(talk_url(candidate_id), json=TALK, headers=odd_digits)
    assert fields_named(response) == {"header.If-Match"}
