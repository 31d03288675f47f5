"""Two instances of the service on one database: a token revoked or rotated through one is
refused by the other on its very next request (no cache outlives a revocation)."""

from __future__ import annotations

from contextlib import ExitStack

import httpx
import pytest

from tests.e2e.server import ADMIN_TOKEN, running_service

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ME = "/api/v1/principals/me"


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_revoke_and_rotate_on_one_instance_are_honoured_at_once_by_the_other(
    database_url: str,
) -> None:
    with ExitStack() as stack:
        first, second = (
            stack.enter_context(httpx.Client(base_url=url, timeout=30))
            for url in (
                stack.enter_context(running_service(database_url)),
                stack.enter_context(running_service(database_url)),
            )
        )
        admin = _bearer(ADMIN_TOKEN)
        revoked, rotated = (
            first.post(
                "/api/v1/principals", json={"name": name, "role": "admin"}, headers=admin
            ).json()
            for name in ("甲", "乙")
        )
        for instance in (first, second):
            for principal in (revoked, rotated):
                assert instance.get(ME, headers=_bearer(principal["token"])).status_code == 200

        revoke = first.post(
            f"/api/v1/principals/{revoked['id']}/revoke", json={"reason": "泄露"}, headers=admin
        )
        refused = second.get(ME, headers=_bearer(revoked["token"]))
        rotate = second.post(f"/api/v1/principals/{rotated['id']}/rotate", headers=admin)
        old = first.get(ME, headers=_bearer(rotated["token"]))
        new = first.get(ME, headers=_bearer(rotate.json()["token"]))

    assert revoke.status_code == 200
    assert (refused.status_code, refused.json()["type"]) == (401, "/problems/token-revoked")
    assert (old.status_code, old.json()["type"]) == (401, "/problems/token-revoked")
    assert new.json()["id"] == rotated["id"]
