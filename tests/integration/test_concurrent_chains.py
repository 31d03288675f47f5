from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.adapters.clock import FixedClock
from service.adapters.database import make_engine
from service.app.actors import Role
from service.app.organizations import OrganizationKind
from service.main import create_app
from service.settings import Settings
from tests.support.factories import ADMIN_TOKEN, MakeOrg, MakePrincipal, auth
from tests.support.http_journey import APPLICATION, STEPS

WRITERS = 20


@pytest.fixture
def two_instances(
    database_url: str, settings: Settings, clock: FixedClock
) -> Iterator[list[TestClient]]:
    """Two app instances with engines (and pools) of their own on the same database."""
    engines = [make_engine(database_url) for _ in range(2)]
    try:
        with (
            TestClient(create_app(settings, clock=clock, engine=engines[0])) as one,
            TestClient(create_app(settings, clock=clock, engine=engines[1])) as two,
        ):
            yield [one, two]
    finally:
        for engine in engines:
            engine.dispose()


def all_at_once(task: Callable[[int], Any]) -> list[Any]:
    barrier = threading.Barrier(WRITERS)

    def run(index: int) -> Any:
        barrier.wait()
        return task(index)

    with ThreadPoolExecutor(WRITERS) as pool:
        return list(pool.map(run, range(WRITERS)))


def test_twenty_concurrent_acts_through_two_instances_leave_both_chains_whole(
    two_instances: list[TestClient], make_org: MakeOrg, make_principal: MakePrincipal
) -> None:
    committee = make_org("县直机关工委", kind=OrganizationKind.committee)
    branch = make_org("财政局党支部", parent=committee)
    secretary = auth(make_principal(Role.secretary, branch)[1])
    application = {**APPLICATION, "branch_id": branch.id}
    trigger, _, on, evidence, _ = STEPS[0]
    # FastAPI builds each route's matching state on its first request, unguarded (fastapi#15974);
    # a server drives an app from one event loop, but threads of TestClients race to build it.
    for instance in two_instances:
        for path in ("/api/v1/candidates", f"/api/v1/candidates/0/transitions/{trigger}"):
            assert instance.post(path, json={}, headers=secretary).status_code == 422

    created = all_at_once(
        lambda i: two_instances[i % 2].post(
            "/api/v1/candidates", json={**application, "name": f"候选人{i}"}, headers=secretary
        )
    )
    assert [response.status_code for response in created] == [201] * WRITERS
    acted = all_at_once(
        lambda i: two_instances[i % 2].post(
            f"/api/v1/candidates/{created[i].json()['id']}/transitions/{trigger}",
            json={"effective_date": on, **evidence},
            headers=secretary,
        )
    )

    assert [response.status_code for response in acted] == [200] * WRITERS
    assert sorted(response.json()["event"]["seq"] for response in acted) == [2] * WRITERS
    assert len({response.json()["event"]["global_seq"] for response in acted}) == WRITERS
    admin = auth(ADMIN_TOKEN)
    verification = two_instances[1].get("/api/v1/audit/verify", headers=admin).json()
    assert verification["first_broken"] is None
    assert verification["ok"] is True
    assert (verification["candidates_checked"], verification["events_checked"]) == (20, 40)
    assert verification["head"]["global_seq"] == verification["global_events_checked"] == 40
