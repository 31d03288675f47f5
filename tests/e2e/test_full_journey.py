from __future__ import annotations

import httpx
import pytest

from tests.e2e.server import ADMIN_TOKEN, running_service
from tests.http_journey import APPLICATION, REVIEWER, SECRETARY, STEPS, run_journey

pytestmark = pytest.mark.e2e


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_candidate_travels_from_application_to_full_member_over_http(database_url: str) -> None:
    with (
        running_service(database_url) as base_url,
        httpx.Client(base_url=base_url, timeout=30) as http,
    ):
        admin = bearer(ADMIN_TOKEN)
        committee = http.post(
            "/api/v1/organizations",
            json={"name": "县直机关工委", "kind": "committee", "parent_id": None},
            headers=admin,
        ).json()
        branch = http.post(
            "/api/v1/organizations",
            json={"name": "财政局党支部", "kind": "branch", "parent_id": committee["id"]},
            headers=admin,
        ).json()
        tokens = {
            role: http.post(
                "/api/v1/principals",
                json={"name": name, "role": role, "organization_id": org},
                headers=admin,
            ).json()["token"]
            for role, name, org in (
                (SECRETARY, "王书记", branch["id"]),
                (REVIEWER, "陈审查", committee["id"]),
                ("auditor", "刘审计", committee["id"]),
            )
        }
        created = http.post(
            "/api/v1/candidates",
            json={"branch_id": branch["id"], **APPLICATION},
            headers=bearer(tokens[SECRETARY]),
        )
        assert created.status_code == 201, created.text

        run_journey(
            http, created.json()["id"], {role: bearer(token) for role, token in tokens.items()}
        )

        history = http.get(
            f"/api/v1/candidates/{created.json()['id']}/history", headers=bearer(tokens["auditor"])
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
            http.get(
                f"/api/v1/candidates/{created.json()['id']}", headers=bearer(tokens["auditor"])
            ).json()["id_number"]
            == "110105********002X"
        )
