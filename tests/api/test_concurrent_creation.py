"""Creating what may already exist, many times at once: one creates, none answers 5xx, and
every change is recorded against the value it replaced."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from tests.api.conftest import World
from tests.support.factories import ADMIN_TOKEN, auth


def all_at_once(count: int, send: Callable[[int], Any]) -> list[Any]:
    barrier = threading.Barrier(count)
    answers: list[Any] = [None] * count

    def run(index: int) -> None:
        barrier.wait()
        answers[index] = send(index)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_ten_simultaneous_creations_of_one_plan_create_it_once_and_log_every_change_in_order(
    client: TestClient, world: World
) -> None:
    def create(index: int) -> Any:
        body = {"organization_id": world.committee.id, "year": 2026, "quota": 10 + index}
        return client.post("/api/v1/plans", json=body, headers=world.reviewer)

    answers = all_at_once(10, create)

    statuses = Counter(answer.status_code for answer in answers)
    assert statuses == Counter({201: 1, 200: 9}), [answer.text for answer in answers]
    changes = client.get(
        "/api/v1/plans/changes", params={"year": 2026}, headers=world.reviewer
    ).json()["items"]
    assert len(changes) == 10
    assert changes[0]["old_quota"] is None
    assert [change["old_quota"] for change in changes[1:]] == [
        change["new_quota"] for change in changes[:-1]
    ]
    assert sorted(change["new_quota"] for change in changes) == list(range(10, 20))
    plans = client.get("/api/v1/plans", params={"year": 2026}, headers=world.reviewer).json()
    assert [plan["quota"] for plan in plans["items"]] == [changes[-1]["new_quota"]]


def test_simultaneous_changes_of_a_plan_each_replace_the_quota_the_one_before_left(
    client: TestClient, world: World
) -> None:
    body = {"organization_id": world.committee.id, "year": 2026, "quota": 11}
    assert client.post("/api/v1/plans", json=body, headers=world.reviewer).status_code == 201

    answers = all_at_once(
        6,
        lambda index: client.post(
            "/api/v1/plans", json={**body, "quota": 20 + index}, headers=world.reviewer
        ),
    )

    assert [answer.status_code for answer in answers] == [200] * 6
    changes = client.get("/api/v1/plans/changes", headers=world.reviewer).json()["items"]
    assert [(c["old_quota"], c["new_quota"]) for c in changes[:1]] == [(None, 11)]
    assert [c["old_quota"] for c in changes[1:]] == [c["new_quota"] for c in changes[:-1]]


def test_simultaneous_loads_of_a_calendar_year_all_succeed_and_one_of_them_stays(
    client: TestClient,
) -> None:
    admin = auth(ADMIN_TOKEN)
    bodies = [
        {"holidays": [f"2027-10-0{day}" for day in range(1, 1 + index)], "workdays": []}
        for index in range(1, 9)
    ]

    answers = all_at_once(
        8, lambda index: client.put("/api/v1/calendar/2027", json=bodies[index], headers=admin)
    )

    assert [answer.status_code for answer in answers] == [200] * 8, [a.text for a in answers]
    stored = client.get("/api/v1/calendar/2027", headers=admin).json()
    assert stored["source"] == "loaded"
    assert {"holidays": stored["holidays"], "workdays": []} in bodies
