from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from fastapi.testclient import TestClient

from tests.api.conftest import World
from tests.support.http_journey import run_journey

APPROVAL = {"effective_date": "2024-05-28", "reviewer": {"name": "陈审查"}, "opinion": "同意"}


def approve_all_at_once(
    client: TestClient, candidate_id: int, headers: list[dict[str, str]]
) -> list[Any]:
    barrier = threading.Barrier(len(headers))
    answers: list[Any] = [None] * len(headers)
    path = f"/api/v1/candidates/{candidate_id}/transitions/approve_pre_review"

    def send(index: int) -> None:
        barrier.wait()
        answers[index] = client.post(path, json=APPROVAL, headers=headers[index])

    threads = [threading.Thread(target=send, args=(index,)) for index in range(len(headers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_fifty_simultaneous_approvals_apply_once_and_the_rest_are_refused(
    client: TestClient, world: World, candidate_id: int
) -> None:
    run_journey(client, candidate_id, world.roles, until="pre_review")
    version = client.get(f"/api/v1/candidates/{candidate_id}", headers=world.reviewer).headers[
        "ETag"
    ]
    headers = [
        {**world.reviewer, "If-Match": version} if index % 2 else world.reviewer
        for index in range(50)
    ]

    answers = approve_all_at_once(client, candidate_id, headers)

    statuses = Counter(answer.status_code for answer in answers)
    assert statuses[200] == 1
    assert set(statuses) <= {200, 409, 412}
    assert all(
        answer.json()["type"] == "/problems/transition-not-allowed"
        for answer in answers
        if answer.status_code == 409
    )
    candidate = client.get(f"/api/v1/candidates/{candidate_id}", headers=world.reviewer).json()
    assert candidate["state"] == "pre_review_passed"
    events = client.get(f"/api/v1/candidates/{candidate_id}/history", headers=world.auditor).json()[
        "items"
    ]
    approvals = Counter(e["outcome"] for e in events if e["trigger"] == "approve_pre_review")
    assert approvals == Counter(applied=1, refused=statuses[409])
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
