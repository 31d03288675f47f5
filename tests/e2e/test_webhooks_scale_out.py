"""The real service delivering webhooks: a server killed mid-delivery loses nothing (its leases
expire and the restarted one delivers), and on PostgreSQL two instances deliver each event once."""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.server import ADMIN_TOKEN, running_service
from tests.support.databases import copy_sqlite, migrated_database
from tests.support.http_journey import APPLICATION, SECRETARY, people, run_journey
from tests.support.webhook_receiver import Receiver, receiving

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
# Not the reminders: each server scans for them as it starts.
EVENTS = ["recruitflow.candidate.registered", "recruitflow.act.applied", "recruitflow.act.refused"]


@pytest.fixture(autouse=True)
def quick_schedule(monkeypatch: pytest.MonkeyPatch) -> None:
    """The servers' settings (they read the environment): short leases and retries."""
    monkeypatch.setenv("RECRUITFLOW_WEBHOOK_LEASE_SECONDS", "2")
    monkeypatch.setenv("RECRUITFLOW_WEBHOOK_RETRY_SECONDS", "1,1,1")
    monkeypatch.setenv("RECRUITFLOW_WEBHOOK_TIMEOUT", "20")


def journeys(http: httpx.Client, receiver: Receiver, candidates: int) -> list[int]:
    """A committee subscribed to its candidates' events, and `candidates` candidates, each
    registered and taken through four acts."""
    branch_id, headers = people(http, ADMIN_TOKEN)
    branch = http.get(f"/api/v1/organizations/{branch_id}", headers=ADMIN).json()
    subscribed = http.post(
        "/api/v1/subscriptions",
        json={"url": receiver.url, "organization_id": branch["parent_id"], "types": EVENTS},
        headers=ADMIN,
    )
    assert subscribed.status_code == 201, subscribed.text
    ids = []
    for index in range(candidates):
        created = http.post(
            "/api/v1/candidates",
            json={**APPLICATION, "branch_id": branch_id, "name": f"候选人{index}"},
            headers=headers[SECRETARY],
        )
        assert created.status_code == 201, created.text
        ids.append(created.json()["id"])
        run_journey(http, ids[-1], headers, until="activist")
    return ids


def all_delivered(http: httpx.Client, *, expected: int, seconds: float = 30) -> list[Any]:
    """The deliveries, once all `expected` are delivered (or the time is up)."""
    deadline = time.monotonic() + seconds
    while True:
        items: list[Any] = http.get("/api/v1/subscriptions/1/deliveries", headers=ADMIN).json()[
            "items"
        ]
        done = [item for item in items if item["status"] == "delivered"]
        if len(done) == expected or time.monotonic() > deadline:
            return items
        time.sleep(0.2)


def in_candidate_order(receiver: Receiver) -> dict[int, list[int]]:
    """Each candidate's seqs in the order first received."""
    seen: dict[int, list[int]] = {}
    for one in receiver.received:
        data = one.json()["data"]
        seqs = seen.setdefault(data["candidate_id"], [])
        if data["seq"] not in seqs:
            seqs.append(data["seq"])
    return seen


def kill_server_on(base_url: str) -> None:
    """SIGKILL the `recruitflow serve` process listening on the base URL's port."""
    port = base_url.rsplit(":", 1)[1]
    for entry in Path("/proc").iterdir():
        try:
            arguments = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"serve" in arguments and port.encode() in arguments:
            os.kill(int(entry.name), signal.SIGKILL)
            return
    raise AssertionError(f"no server on port {port}")


def test_a_killed_servers_undelivered_events_are_delivered_after_restart(
    sqlite_template: Path, tmp_path: Path
) -> None:
    """On SQLite, the deployment that runs one process (on PostgreSQL a lease's expiry is
    tests/api/test_webhooks_delivery.py's, and two live instances the next test's)."""
    database_url = copy_sqlite(sqlite_template, tmp_path / "recruitflow.db")
    with receiving() as receiver:
        receiver.hold.set()
        with running_service(database_url) as base_url, httpx.Client(base_url=base_url) as http:
            candidate_ids = journeys(http, receiver, candidates=2)
            deadline = time.monotonic() + 10
            while not receiver.received and time.monotonic() < deadline:
                time.sleep(0.05)
            assert receiver.ids()  # a registration or two, held by the receiver: the worker waits
            kill_server_on(base_url)
        receiver.hold.clear()
        receiver.release.set()
        # Every send the receiver saw before the restart was held, unanswered, when the server
        # died: in flight, and so to be sent again (taken after the kill, so that a send still
        # arriving as it died counts too).
        in_flight = set(receiver.ids())

        with running_service(database_url) as base_url, httpx.Client(base_url=base_url) as http:
            deliveries = all_delivered(http, expected=10)
        assert [item["status"] for item in deliveries] == ["delivered"] * 10
        received = Counter(receiver.ids())
        assert set(received) == {item["event_id"] for item in deliveries}
        assert {event_id for event_id, times in received.items() if times > 1} <= in_flight
        assert in_candidate_order(receiver) == {id_: [1, 2, 3, 4, 5] for id_ in candidate_ids}


@pytest.fixture
def postgresql_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated PostgreSQL database (skipped without RECRUITFLOW_TEST_PG_URL)."""
    yield from migrated_database("postgresql", request, tmp_path)


def test_two_instances_on_postgresql_deliver_each_event_once(postgresql_url: str) -> None:
    with receiving() as receiver, ExitStack() as stack:
        base_urls = [stack.enter_context(running_service(postgresql_url)) for _ in range(2)]
        http = stack.enter_context(httpx.Client(base_url=base_urls[0]))
        candidate_ids = journeys(http, receiver, candidates=6)
        deliveries = all_delivered(http, expected=30)
        assert [item["status"] for item in deliveries] == ["delivered"] * 30
        assert Counter(receiver.ids()) == Counter({item["event_id"]: 1 for item in deliveries})
        assert in_candidate_order(receiver) == {id_: [1, 2, 3, 4, 5] for id_ in candidate_ids}
