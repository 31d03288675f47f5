from __future__ import annotations

import threading
from collections import Counter

import httpx
import pytest

from tests.e2e.server import ADMIN_TOKEN, running_service
from tests.support.http_journey import APPLICATION, REVIEWER, SECRETARY, people, run_journey

pytestmark = pytest.mark.e2e

APPROVAL = {"effective_date": "2024-05-28", "reviewer": {"name": "陈审查"}, "opinion": "同意"}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_fifty_simultaneous_approvals_through_two_worker_processes_apply_once(
    database_url: str,
) -> None:
    with (
        running_service(database_url, workers=2) as base_url,
        httpx.Client(base_url=base_url, timeout=60) as http,
    ):
        branch_id, headers = people(http, ADMIN_TOKEN)
        created = http.post(
            "/api/v1/candidates",
            json={"branch_id": branch_id, **APPLICATION},
            headers=headers[SECRETARY],
        )
        candidate_id = created.json()["id"]
        run_journey(http, candidate_id, headers, until="pre_review")
        version = http.get(f"/api/v1/candidates/{candidate_id}", headers=headers[REVIEWER])
        barrier = threading.Barrier(50)
        statuses: list[int] = []

        def approve(index: int) -> None:
            extra = {"If-Match": version.headers["ETag"]} if index % 2 else {}
            # A client (and so a connection) of its own, spread over both workers.
            with httpx.Client(base_url=base_url, timeout=60) as own:
                barrier.wait()
                answer = own.post(
                    f"/api/v1/candidates/{candidate_id}/transitions/approve_pre_review",
                    json=APPROVAL,
                    headers={**headers[REVIEWER], **extra},
                )
            statuses.append(answer.status_code)

        threads = [threading.Thread(target=approve, args=(index,)) for index in range(50)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        counted = Counter(statuses)
        assert counted[200] == 1, counted
        assert set(counted) <= {200, 409, 412}, counted
        events = http.get(
            f"/api/v1/candidates/{candidate_id}/history", headers=headers[REVIEWER]
        ).json()["items"]
        approvals = Counter(e["outcome"] for e in events if e["trigger"] == "approve_pre_review")
        assert approvals == Counter(applied=1, refused=counted[409])
        assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
