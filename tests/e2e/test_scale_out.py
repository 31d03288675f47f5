"""Two instances of the service on one database: a quota counted across candidates holds."""

from __future__ import annotations

import threading
import time
from collections import Counter
from contextlib import ExitStack
from typing import Any

import httpx
import pytest

from tests.e2e.server import ADMIN_TOKEN, running_service
from tests.support.http_journey import APPLICATION, AUDITOR, REVIEWER, SECRETARY, people
from tests.support.shifted_journey import run_shifted

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

CANDIDATES = 8
APPROVAL = {"effective_date": "2024-07-01", "decided_on": "2024-07-01"}


def approve_all_at_once(
    base_urls: list[str], paths: list[str], headers: dict[str, str]
) -> list[Any]:
    """One POST per path, all released together, alternating between the instances; each
    thread has a client (and so a connection) of its own."""
    barrier = threading.Barrier(len(paths))
    answers: list[Any] = [None] * len(paths)

    def send(index: int) -> None:
        with httpx.Client(base_url=base_urls[index % len(base_urls)], timeout=60) as own:
            barrier.wait()
            answers[index] = own.post(paths[index], json=APPROVAL, headers=headers)

    threads = [threading.Thread(target=send, args=(index,)) for index in range(len(paths))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@pytest.mark.parametrize("quota", [1, 3])
def test_eight_simultaneous_approvals_on_two_instances_apply_exactly_the_quota(
    database_url: str, quota: int
) -> None:
    with ExitStack() as stack:
        base_urls = [stack.enter_context(running_service(database_url)) for _ in range(2)]
        http = stack.enter_context(httpx.Client(base_url=base_urls[0], timeout=60))
        branch_id, headers = people(http, ADMIN_TOKEN)
        plan = http.post(
            "/api/v1/plans",
            json={"organization_id": _committee_of(http, branch_id), "year": 2024, "quota": quota},
            headers=headers[REVIEWER],
        )
        assert plan.status_code == 201, plan.text
        candidate_ids = []
        for index in range(CANDIDATES):
            created = http.post(
                "/api/v1/candidates",
                json={**APPLICATION, "branch_id": branch_id, "name": f"候选人{index}"},
                headers=headers[SECRETARY],
            )
            assert created.status_code == 201, created.text
            candidate_ids.append(created.json()["id"])
            run_shifted(
                http, candidate_ids[-1], headers, years=0, through="record_committee_interview"
            )

        started = time.perf_counter()
        answers = approve_all_at_once(
            base_urls,
            [f"/api/v1/candidates/{id_}/transitions/approve_admission" for id_ in candidate_ids],
            headers[REVIEWER],
        )
        seconds = time.perf_counter() - started

        statuses = Counter(answer.status_code for answer in answers)
        assert statuses == Counter({200: quota, 409: CANDIDATES - quota}), (statuses, seconds)
        refusals = [answer.json() for answer in answers if answer.status_code == 409]
        assert all([v["rule"] for v in r["violations"]] == ["plan.quota"] for r in refusals)
        plans = http.get("/api/v1/plans", params={"year": 2024}, headers=headers[REVIEWER])
        assert [(p["quota"], p["used"]) for p in plans.json()["items"]] == [(quota, quota)]
        verified = http.get("/api/v1/audit/verify", headers=headers[AUDITOR])
        assert verified.status_code == 200, verified.text
        assert verified.json()["ok"] is True, verified.text
        print(f"quota {quota}: {dict(statuses)} in {seconds:.3f} s")  # noqa: T201


def _committee_of(http: httpx.Client, branch_id: int) -> int:
    branch = http.get(
        f"/api/v1/organizations/{branch_id}", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}
    )
    parent: int = branch.json()["parent_id"]
    return parent
