from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from service.adapters.clock import FixedClock
from tests.api.conftest import World
from tests.support.http_journey import act

GOLDEN_WEEK_2027 = [f"2027-10-0{day}" for day in range(1, 8)]
ARRANGEMENT_2027 = {
    "holidays": GOLDEN_WEEK_2027,
    "workdays": ["2027-09-26", "2027-10-09"],
    "source": "国务院办公厅关于2027年部分节假日安排的通知",
}


def put_year(client: TestClient, headers: dict[str, str], year: int, body: dict[str, Any]) -> Any:
    return client.put(f"/api/v1/calendar/{year}", json=body, headers=headers)


def notice_in_2027(client: TestClient, world: World, clock: FixedClock) -> int:
    clock.set_date("2027-09-30")
    response = client.post(
        "/api/v1/candidates",
        json=world.application(name="国庆公示", application_date="2027-09-01"),
        headers=world.secretary,
    )
    candidate_id: int = response.json()["id"]
    steps: list[tuple[str, str, dict[str, Any]]] = [
        ("record_talk", "2027-09-10", {"talker": {"name": "王书记"}, "summary": "谈话"}),
        (
            "record_recommendation_vote",
            "2027-09-28",
            {
                "method": "secret_ballot",
                "party_members": 12,
                "mass_representatives": 8,
                "ballots_cast": 20,
                "votes_for": 15,
            },
        ),
        (
            "open_publicity",
            "2027-09-29",
            {"starts_on": "2027-09-29", "channel": "公告栏", "content": "公示"},
        ),
    ]
    for trigger, on, evidence in steps:
        assert act(client, candidate_id, trigger, world.secretary, on, evidence).status_code == 200
    return candidate_id


def test_an_admin_loads_a_year_and_provisional_notice_ends_follow_it(
    client: TestClient, world: World, clock: FixedClock, admin_headers: dict[str, str]
) -> None:
    candidate_id = notice_in_2027(client, world, clock)
    before = client.get("/api/v1/calendar/2027", headers=world.reviewer).json()
    assert (before["official"], before["source"]) == (False, "fallback")
    assert [
        (n["candidate_id"], n["ends_on"], n["ends_on_now"], n["still_provisional"])
        for n in before["provisional_notices"]
    ] == [(candidate_id, "2027-10-05", "2027-10-05", True)]

    loaded = put_year(client, admin_headers, 2027, ARRANGEMENT_2027)
    assert loaded.status_code == 200, loaded.text
    after = client.get("/api/v1/calendar/2027", headers=world.secretary).json()
    assert (after["official"], after["source"], after["source_note"]) == (
        True,
        "loaded",
        ARRANGEMENT_2027["source"],
    )
    assert after["holidays"] == GOLDEN_WEEK_2027
    assert after["workdays"] == ["2027-09-26", "2027-10-09"]
    assert [
        (n["ends_on"], n["ends_on_now"], n["still_provisional"])
        for n in after["provisional_notices"]
    ] == [("2027-10-05", "2027-10-11", False)]

    clock.set_date("2027-10-08")
    early = act(
        client,
        candidate_id,
        "close_publicity",
        world.secretary,
        "2027-10-08",
        {"decided_on": "2027-10-08"},
    )
    assert early.status_code == 409, early.text
    assert [v["rule"] for v in early.json()["violations"]] == ["publicity.complete"]


def test_a_year_the_package_knows_is_official_from_the_package(
    client: TestClient, world: World
) -> None:
    body = client.get("/api/v1/calendar/2025", headers=world.auditor).json()
    assert (body["official"], body["source"]) == (True, "package")
    assert "2025-10-01" in body["holidays"]
    assert {"2025-09-28", "2025-10-11"} <= set(body["workdays"])
    assert client.get("/api/v1/calendar/2031", headers=world.auditor).json()["source"] == "fallback"


def test_dates_outside_the_year_are_422_and_only_an_admin_loads_a_calendar(
    client: TestClient, world: World, admin_headers: dict[str, str]
) -> None:
    stray = put_year(client, admin_headers, 2027, {"holidays": ["2026-10-01"], "workdays": []})
    assert stray.status_code == 422
    assert stray.json()["type"] == "/problems/invalid-input"
    assert "2026-10-01" in stray.json()["errors"][0]["message"]
    both = put_year(
        client, admin_headers, 2027, {"holidays": ["2027-10-01"], "workdays": ["2027-10-01"]}
    )
    assert both.status_code == 422
    assert put_year(client, world.reviewer, 2027, ARRANGEMENT_2027).status_code == 403
