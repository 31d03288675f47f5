from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from service.app.audit.events import EventQuery
from service.app.audit.export import export_events
from service.app.audit.export_check import ExportCheck, check_stream
from service.app.principals import authenticate
from service.cli import main
from tests.api.audit.trail import Trail
from tests.api.conftest import World
from tests.support.factories import ADMIN_TOKEN
from tests.support.http_journey import STEPS, act, run_journey

FORMATS = ["jsonl", "csv"]


def export(client: TestClient, headers: dict[str, str], **params: Any) -> bytes:
    response = client.get("/api/v1/audit/export", params=params, headers=headers)
    assert response.status_code == 200, response.text
    content: bytes = response.content
    return content


def check(data: bytes) -> ExportCheck:
    return check_stream(iter(data.splitlines(keepends=True)))


def line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


@pytest.fixture
def journey_export(client: TestClient, world: World, candidate_id: int) -> dict[str, bytes]:
    run_journey(client, candidate_id, world.roles)
    return {
        format: export(client, world.auditor, candidate_id=candidate_id, format=format)
        for format in FORMATS
    }


@pytest.mark.parametrize("format", FORMATS)
def test_the_export_of_a_full_journey_verifies_offline(
    journey_export: dict[str, bytes],
    format: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / f"audit.{format}"
    path.write_bytes(journey_export[format])

    assert main(["audit", "verify-export", str(path)]) == 0
    assert capsys.readouterr().out.startswith(f"intact: {len(STEPS) + 1} events of 1 candidates")


def test_the_export_holds_one_event_a_line_then_the_chain_heads(
    client: TestClient, world: World, journey_export: dict[str, bytes], candidate_id: int
) -> None:
    lines = journey_export["jsonl"].splitlines()
    events = [orjson.loads(line) for line in lines[:-1]]
    heads = orjson.loads(lines[-1])
    history = client.get(f"/api/v1/candidates/{candidate_id}/history", headers=world.auditor)
    assert events == history.json()["items"]
    assert heads["candidate_heads"] == [
        [candidate_id, len(events), events[-1]["hash"], len(events)]
    ]
    assert heads["global_head"] == client.get("/api/v1/audit/head", headers=world.auditor).json()
    assert heads["filters"] == {"candidate_id": candidate_id}
    assert journey_export["csv"].startswith("\ufeffcandidate_id,seq,".encode())


@pytest.mark.slow
@pytest.mark.parametrize("format", FORMATS)
def test_editing_any_byte_of_the_export_fails_the_check_and_names_its_line(
    journey_export: dict[str, bytes], format: str, engine_kind: str
) -> None:
    if engine_kind != "sqlite":
        pytest.skip("the check reads files, not databases: once is enough")
    data = journey_export[format]
    last_line = line_of(data, len(data) - 1)
    for position in range(len(data)):
        edited = bytearray(data)
        edited[position] ^= 0x01
        result = check(bytes(edited))
        assert result.first_broken is not None, (position, data[position : position + 1])
        if line_of(data, position) < last_line:
            assert result.first_broken.line == line_of(data, position), position


def test_a_broken_export_is_named_by_line_candidate_and_seq(
    journey_export: dict[str, bytes],
    candidate_id: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    lines = journey_export["jsonl"].splitlines(keepends=True)
    lines[6] = lines[6].replace("表现良好".encode(), "表现优秀".encode())
    path = tmp_path / "audit.jsonl"
    path.write_bytes(b"".join(lines))

    assert main(["audit", "verify-export", str(path)]) == 1
    assert capsys.readouterr().out.startswith(f"broken: line 7, candidate {candidate_id}, seq 7")


def test_a_deleted_line_is_named_as_the_missing_seq(
    journey_export: dict[str, bytes], candidate_id: int
) -> None:
    lines = journey_export["jsonl"].splitlines(keepends=True)
    result = check(b"".join(lines[:4] + lines[5:]))
    assert result.first_broken is not None
    assert (result.first_broken.fault.candidate_id, result.first_broken.fault.seq) == (
        candidate_id,
        5,
    )
    assert result.first_broken.fault.reason == "seq_missing"


def test_two_swapped_lines_are_out_of_order(
    journey_export: dict[str, bytes], candidate_id: int
) -> None:
    lines = journey_export["jsonl"].splitlines(keepends=True)
    lines[3], lines[4] = lines[4], lines[3]
    result = check(b"".join(lines))
    assert result.first_broken is not None
    assert (result.first_broken.line, result.first_broken.fault.reason) == (5, "out_of_order")


def test_a_filtered_export_verifies_though_its_chains_have_gaps(
    client: TestClient, world: World, journey_export: dict[str, bytes]
) -> None:
    for format in FORMATS:
        for trigger, events in (("open_publicity", 3), ("withdraw", 0)):
            result = check(export(client, world.auditor, trigger=trigger, format=format))
            assert (result.ok, result.events) == (True, events)


def test_the_export_holds_the_events_the_list_shows_for_the_same_filters(
    client: TestClient, world: World, trail: Trail
) -> None:
    listed = client.get(
        "/api/v1/audit/events", params={"order": "oldest"}, headers=world.auditor
    ).json()["items"]
    today = listed[0]["recorded_at"][:10]
    for filters in (
        {"effective_from": "2023-04-10", "effective_to": "2023-04-11"},
        {"recorded_from": today, "recorded_to": today, "outcome": "refused"},
        {"recorded_to": "2020-01-01"},
        {"trigger": "record_talk", "actor_id": listed[0]["actor"]["id"]},
        {"rule": "cultivation.one_year"},
    ):
        params = {**filters, "order": "oldest", "limit": 1000}
        expected = client.get("/api/v1/audit/events", params=params, headers=world.auditor)
        items = expected.json()["items"]
        data = {
            format: export(client, world.auditor, **filters, format=format) for format in FORMATS
        }
        for result in map(check, data.values()):
            assert (result.ok, result.events) == (True, len(items)), filters
        assert [orjson.loads(line) for line in data["jsonl"].splitlines()[:-1]] == items, filters


def test_an_admin_export_of_everything_proves_the_whole_global_chain(
    client: TestClient, world: World, trail: Trail, admin_headers: dict[str, str]
) -> None:
    data = export(client, admin_headers)
    assert check(data).ok
    lines = data.splitlines(keepends=True)
    without_an_elsewhere_event = [
        line
        for line in lines
        if f'"candidate_id":{trail.elsewhere},'.encode() not in line or b'"seq":2,' not in line
    ]
    result = check(b"".join(without_an_elsewhere_event))
    assert result.first_broken is not None
    assert result.first_broken.fault.reason == "seq_missing"


def test_an_act_recorded_while_an_export_streams_is_in_neither_its_events_nor_its_heads(
    client: TestClient,
    world: World,
    trail: Trail,
    engine: Engine,
    admin_headers: dict[str, str],
) -> None:
    admin = authenticate(engine, ADMIN_TOKEN)
    assert admin is not None
    before = export(client, admin_headers)
    chunks = export_events(engine, admin, EventQuery(), format="jsonl", exported_at="now")
    first = next(chunks)
    refused = act(
        client,
        trail.activist,
        "designate_development_target",
        world.secretary,
        "2023-05-02",
        {"decided_on": "2023-05-02"},
    )
    assert refused.status_code == 409, refused.text
    data = first + b"".join(chunks)

    assert check(data).ok
    assert data.splitlines()[:-1] == before.splitlines()[:-1]
    assert len(export(client, admin_headers).splitlines()) == len(before.splitlines()) + 1


def test_an_auditor_exports_only_the_events_of_their_organisation(
    client: TestClient, world: World, trail: Trail
) -> None:
    data = export(client, world.auditor)
    candidates = {orjson.loads(line).get("candidate_id") for line in data.splitlines()[:-1]}
    assert candidates == {trail.activist, trail.recommended}
    assert check(data).ok


def test_the_export_is_for_auditors_and_admins(client: TestClient, world: World) -> None:
    response = client.get("/api/v1/audit/export", headers=world.secretary)
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("application/problem+json")


def test_the_offline_check_exits_2_for_a_file_it_cannot_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "verify-export", str(tmp_path / "missing.jsonl")]) == 2
    assert "cannot read" in capsys.readouterr().err
