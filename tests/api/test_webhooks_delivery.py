"""Delivering the outbox to a real receiver on loopback: signed CloudEvents in order, retries
with the same id, leases taken over, reminders once; the clock is moved, never slept on."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cloudevents.core.formats.json import JSONFormat
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy.engine import Engine
from standardwebhooks.webhooks import Webhook

from service.adapters.clock import FixedClock
from service.adapters.webhook_sender import HttpxSender
from service.app.webhooks.delivery import deliver_due, lease_due
from service.app.webhooks.reminders import send_reminders
from service.app.webhooks.worker import DeliveryWorker
from service.settings import Settings
from tests.api.conftest import World
from tests.api.test_webhooks import subscribe as post_subscription
from tests.support.factories import ADMIN_TOKEN
from tests.support.http_journey import act, run_journey
from tests.support.webhook_receiver import Receiver, receiving

ACTS = ["recruitflow.act.applied", "recruitflow.act.refused"]


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        admin_token=SecretStr(ADMIN_TOKEN),
        webhook_retry_seconds="5,30",
        webhook_lease_seconds=60,
        webhook_timeout=2,
    )


@pytest.fixture
def now_clock(clock: FixedClock, world: World) -> FixedClock:
    """Today, so that the receiver's signature check (±5 minutes of its own clock) passes."""
    clock.set(datetime.now(UTC))
    return clock


@pytest.fixture
def sender() -> Iterator[HttpxSender]:
    sending = HttpxSender()
    yield sending
    sending.close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with receiving() as started:
        yield started


def subscribe(
    client: TestClient,
    admin: dict[str, str],
    url: str,
    organization_id: int | None,
    types: list[str] | None = None,
) -> dict[str, Any]:
    response = post_subscription(client, admin, organization_id, url=url, types=types)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def register(client: TestClient, world: World, name: str = "张三丰") -> int:
    response = client.post(
        "/api/v1/candidates", json=world.application(name=name), headers=world.secretary
    )
    assert response.status_code == 201, response.text
    identifier: int = response.json()["id"]
    return identifier


def five_acts(client: TestClient, world: World, candidate_id: int) -> None:
    """Four applied (talk, recommendation, notice opened and closed) and one refused."""
    run_journey(client, candidate_id, world.roles, until="activist")
    early = act(
        client,
        candidate_id,
        "designate_development_target",
        world.secretary,
        "2023-05-01",
        {"decided_on": "2023-05-01"},
    )
    assert early.status_code == 409, early.text


def test_five_acts_arrive_as_five_signed_cloudevents_in_order(
    client: TestClient,
    world: World,
    admin_headers: dict[str, str],
    engine: Engine,
    settings: Settings,
    now_clock: FixedClock,
    sender: HttpxSender,
    receiver: Receiver,
) -> None:
    subscription = subscribe(client, admin_headers, receiver.url, world.committee.id, ACTS)
    candidate_id = register(client, world)
    five_acts(client, world, candidate_id)
    assert receiver.received == []  # nothing is sent from inside a request

    attempts = deliver_due(engine, settings, sender, now=now_clock.now(), worker="test")
    assert [attempt.status for attempt in attempts] == ["delivered"]
    while attempts:
        attempts = deliver_due(engine, settings, sender, now=now_clock.now(), worker="test")

    history = client.get(
        f"/api/v1/candidates/{candidate_id}/history", headers=world.secretary
    ).json()["items"]
    verifier = Webhook(subscription["secret"])
    events = [verifier.verify(one.body, one.headers) for one in receiver.received]
    assert [event["data"] for event in events] == history[1:]
    assert [event["type"] for event in events] == [*ACTS[:1] * 4, ACTS[1]]
    for event, one in zip(events, receiver.received, strict=True):
        assert one.headers["content-type"] == "application/cloudevents+json"
        assert event["id"] == one.headers["webhook-id"]
        assert event["specversion"] == "1.0"
        assert event["source"] == f"/organizations/{world.branch.id}"
        assert event["subject"] == f"candidates/{candidate_id}"
        parsed = JSONFormat().read(None, one.body)
        assert parsed.get_id() == event["id"]
        assert parsed.get_type() == event["type"]
    assert "了解入党动机" in receiver.received[0].body.decode("utf-8")
    listed = client.get(
        f"/api/v1/subscriptions/{subscription['id']}/deliveries", headers=admin_headers
    ).json()["items"]
    assert [(d["status"], d["attempts"], d["last_status_code"]) for d in listed] == [
        ("delivered", 1, 200)
    ] * 5


def test_a_receiver_that_fails_twice_gets_the_same_event_a_third_time_and_later_ones_wait(
    client: TestClient,
    world: World,
    admin_headers: dict[str, str],
    engine: Engine,
    settings: Settings,
    now_clock: FixedClock,
    sender: HttpxSender,
    receiver: Receiver,
) -> None:
    subscribe(client, admin_headers, receiver.url, world.branch.id)
    candidate_id = register(client, world)
    run_journey(client, candidate_id, world.roles, until="applicant")
    receiver.answers = [500, 500]

    def step() -> list[tuple[str, int]]:
        done = deliver_due(engine, settings, sender, now=now_clock.now(), worker="test")
        return [(attempt.status, attempt.attempts) for attempt in done]

    assert step() == [("pending", 1)]
    assert step() == []  # the retry is 5 s away, and the talk waits behind the registration
    now_clock.advance(timedelta(seconds=5))
    assert step() == [("pending", 2)]
    now_clock.advance(timedelta(seconds=29))
    assert step() == []
    now_clock.advance(timedelta(seconds=1))
    assert step() == [("delivered", 3)]
    assert step() == [("delivered", 1)]
    first, second, third, talk = receiver.ids()
    assert first == second == third != talk
    assert receiver.received[0].body == receiver.received[2].body


def test_an_event_out_of_retries_is_failed_and_kept_until_retried(
    client: TestClient,
    world: World,
    admin_headers: dict[str, str],
    engine: Engine,
    settings: Settings,
    now_clock: FixedClock,
    sender: HttpxSender,
    receiver: Receiver,
) -> None:
    subscription = subscribe(client, admin_headers, receiver.url, world.branch.id)
    register(client, world)
    receiver.answers = [503, 503, 503]
    for wait in (0, 5, 30):
        now_clock.advance(timedelta(seconds=wait))
        deliver_due(engine, settings, sender, now=now_clock.now(), worker="test")
    path = f"/api/v1/subscriptions/{subscription['id']}/deliveries"
    [failed] = client.get(path, headers=admin_headers).json()["items"]
    assert (failed["status"], failed["attempts"], failed["last_status_code"]) == ("failed", 3, 503)
    assert failed["last_error"] == "接收方答复 HTTP 503"
    assert failed["next_attempt_at"] is None

    client.post(f"{path}/{failed['id']}/retry", headers=admin_headers)
    [attempt] = deliver_due(engine, settings, sender, now=now_clock.now(), worker="test")
    assert (attempt.status, attempt.attempts, attempt.status_code) == ("delivered", 1, 200)
    assert len(set(receiver.ids())) == 1
    assert len(receiver.ids()) == 4


def test_a_lease_left_by_a_killed_worker_expires_and_is_taken_over(
    client: TestClient,
    world: World,
    admin_headers: dict[str, str],
    engine: Engine,
    settings: Settings,
    now_clock: FixedClock,
    sender: HttpxSender,
    receiver: Receiver,
) -> None:
    subscribe(client, admin_headers, receiver.url, world.branch.id)
    register(client, world)
    [leased] = lease_due(engine, settings, now=now_clock.now(), worker="killed")
    assert deliver_due(engine, settings, sender, now=now_clock.now(), worker="next") == []
    now_clock.advance(timedelta(seconds=60))
    [attempt] = deliver_due(engine, settings, sender, now=now_clock.now(), worker="next")
    assert (attempt.delivery_id, attempt.status) == (leased.id, "delivered")
    assert receiver.ids() == [leased.event_id]


def test_a_host_no_longer_allowed_is_not_sent_to(
    client: TestClient,
    world: World,
    admin_headers: dict[str, str],
    engine: Engine,
    settings: Settings,
    now_clock: FixedClock,
    sender: HttpxSender,
    receiver: Receiver,
) -> None:
    subscribe(client, admin_headers, receiver.url, world.branch.id)
    register(client, world)
    narrowed = settings.model_copy(update={"webhook_allowed_hosts": "hooks.example.cn"})
    [attempt] = deliver_due(engine, narrowed, sender, now=now_clock.now(), worker="test")
    assert attempt.status == "pending"
    assert attempt.error is not None
    assert attempt.error.startswith("主机 127.0.0.1 不在本部署允许接收推送的主机之列")
    assert receiver.received == []


def test_an_act_while_the_receiver_hangs_returns_as_fast_as_without_subscriptions(
    client: TestClient,
    world: World,
    admin_headers: dict[str, str],
    engine: Engine,
    settings: Settings,
    now_clock: FixedClock,
    sender: HttpxSender,
    receiver: Receiver,
) -> None:
    def timed_acts(candidate_id: int) -> float:
        started = time.perf_counter()
        run_journey(client, candidate_id, world.roles, until="activist")
        return time.perf_counter() - started

    without = timed_acts(register(client, world, "甲"))
    subscribe(client, admin_headers, receiver.url, world.branch.id)
    receiver.hold.set()
    worker = DeliveryWorker(engine, now_clock, settings, sender, idle_seconds=0.05, remind=False)
    worker.start()
    try:
        candidate_id = register(client, world, "乙")
        deadline = time.monotonic() + 5
        while not receiver.received and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(receiver.received) == 1  # the worker is waiting on the hanging receiver
        hanging = timed_acts(candidate_id)
    finally:
        receiver.release.set()
        worker.stop()
    assert hanging < without * 2 + 0.5, (hanging, without)


def test_reminders_run_twice_emit_each_once_and_are_delivered(
    client: TestClient,
    world: World,
    admin_headers: dict[str, str],
    engine: Engine,
    settings: Settings,
    clock: FixedClock,
    sender: HttpxSender,
    receiver: Receiver,
) -> None:
    subscribe(
        client,
        admin_headers,
        receiver.url,
        world.committee.id,
        ["recruitflow.deadline.due", "recruitflow.deadline.overdue"],
    )
    clock.set_date("2025-09-30")
    soon = register_applied(client, world, "待谈话", "2025-09-01")
    late = register_applied(client, world, "逾期", "2025-08-01")

    first = send_reminders(engine, clock, settings)
    assert [(r.candidate_id, r.deadline, r.kind) for r in first] == [
        (late, "talk", "overdue"),
        (soon, "talk", "due"),
    ]
    assert send_reminders(engine, clock, settings) == []
    clock.set_date("2025-10-02")
    later = send_reminders(engine, clock, settings)
    assert [(r.candidate_id, r.kind) for r in later] == [(soon, "overdue")]
    assert send_reminders(engine, clock, settings) == []

    while deliver_due(engine, settings, sender, now=clock.now(), worker="test"):
        pass
    # One candidate's events in their order; two candidates' in either.
    events = sorted((one.json() for one in receiver.received), key=lambda e: e["data"]["due_on"])
    assert [(e["type"], e["data"]) for e in events] == [
        (
            "recruitflow.deadline.overdue",
            {"candidate_id": late, "deadline": "talk", "due_on": "2025-09-01", "days_left": -29},
        ),
        (
            "recruitflow.deadline.due",
            {"candidate_id": soon, "deadline": "talk", "due_on": "2025-10-01", "days_left": 1},
        ),
        (
            "recruitflow.deadline.overdue",
            {"candidate_id": soon, "deadline": "talk", "due_on": "2025-10-01", "days_left": -1},
        ),
    ]
    assert [e["id"] for e in events] == [r.event_id for r in [*first, *later]]


def register_applied(client: TestClient, world: World, name: str, applied: str) -> int:
    response = client.post(
        "/api/v1/candidates",
        json=world.application(name=name, application_date=applied, id_number=None),
        headers=world.secretary,
    )
    assert response.status_code == 201, response.text
    identifier: int = response.json()["id"]
    return identifier
