from __future__ import annotations

import httpx
import pytest

from tests.e2e.server import ADMIN_TOKEN, running_service
from tests.support.http_journey import (
    APPLICATION,
    AUDITOR,
    REVIEWER,
    SECRETARY,
    STEPS,
    people,
    run_journey,
)

pytestmark = pytest.mark.e2e


def test_a_candidate_travels_from_application_to_full_member_over_http(database_url: str) -> None:
    with (
        running_service(database_url) as base_url,
        httpx.Client(base_url=base_url, timeout=30) as http,
    ):
        branch_id, headers = people(http, ADMIN_TOKEN)
        created = http.post(
            "/api/v1/candidates",
            json={"branch_id": branch_id, **APPLICATION},
            headers=headers[SECRETARY],
        )
        assert created.status_code == 201, created.text

        run_journey(http, created.json()["id"], headers)

        history = http.get(
            f"/api/v1/candidates/{created.json()['id']}/history", headers=headers[AUDITOR]
        )
        assert history.status_code == 200
        events = history.json()["items"]
        assert [e["trigger"] for e in events] == [
            "submit_application",
            *(step[0] for step in STEPS),
        ]
        assert [e["seq"] for e in events] == list(range(1, len(STEPS) + 2))
        assert [e["actor"]["name"] for e in events[1:]] == [
            "陈审查" if who == REVIEWER else "王书记" for _, who, *_ in STEPS
        ]
        assert events[-1]["to_state"] == "full_member"
        assert (
            http.get(f"/api/v1/candidates/{created.json()['id']}", headers=headers[AUDITOR]).json()[
                "id_number"
            ]
            == "110105********002X"
        )
