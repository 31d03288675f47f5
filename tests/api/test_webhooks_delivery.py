"""Delivering the outbox to a real receiver on loopback: signed CloudEvents in order, retries
with the same id, leases taken over, reminders once; the clock is moved, never slept on."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
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
from service.app.webhooks.delivery import Attempt, deliver_due, lease_due
from service.app.webhooks.outbox import history_event_id
from service.app.webhooks.reminders import send_reminders
from service.app.webhooks.worker import DeliveryWorker
from service.settings import Settings
from tests.api.conftest import World
from tests.api.test_webhooks import subscribe as post_subscription
from tests.support.factories import ADMIN_TOKEN
from tests.support.http_journey import act, run_journey
from tests.support.webhook_receiver import Receiver, receiving

ACTS = ["recruitflow.act.applied", "recruitflow.act.refused"]
REMINDERS = ["recruitflow.deadline.due", "recruitflow.deadline.overdue"]


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        admin_token=SecretStr(ADMIN_TOKEN),
        webhook_retry_seconds="5,30",
        webhook_lease_seconds=60,
        webhook_timeout=2,
    )


@dataclass
class Stage:
    """The service (its client and what the worker needs) and a receiver on loopback."""

    client: TestClient
    world: World
    admin: dict[str, str]
    engine: Engine
    settings: Settings
    clock: FixedClock
    sender: HttpxSender
    receiver: Receiver

    def subscribe(self, organization_id: int | None, types: list[str] | None = None) -> Any:
        response = post_subscription(
            self.client, self.admin, organization_id, url=self.receiver.url, types=types
        )
        assert response.status_code == 201, response.text
        return response.json()

    def register(self, name: str = "张三丰", **changes: Any) -> int:
        response = self.client.post(
            "/api/v1/candidates",
            json=self.world.application(name=name, **changes),
            headers=self.world.secretary,
        )
        assert response.status_code == 201, response.text
        identifier: int = response.json()["id"]
        return identifier

    def step(self, *, settings: Settings | None = None, worker: str = "test") -> list[Attempt]:
        return deliver_due(
            self.engine,
            settings or self.settings,
            self.sender,
            clock=self.clock,
            worker=worker,
        )


@pytest.fixture
def stage(
    client: TestClient,
    world: World,
    admin_headers: dict[str, str],
    engine: Engine,
    settings: Settings,
    clock: FixedClock,
) -> Iterator[Stage]:
    """The clock at the real time: the receiver's signature check wants ±5 minutes of it."""
    clock.set(datetime.now(UTC))
    sender = HttpxSender()
    with receiving() as receiver:
        yield Stage(client, world, admin_headers, engine, settings, clock, sender, receiver)
    sender.close()


def five_acts(stage: Stage, candidate_id: int) -> None:
    """Four applied (talk, recommendation, notice opened and closed) and one refused."""
    run_journey(stage.client, candidate_id, stage.world.roles, until="activist")
    early = act(
        stage.client,
        candidate_id,
        "designate_development_target",
        stage.world.secretary,
        "2023-05-01",
        {"decided_on": "2023-05-01"},
    )
    assert early.status_code == 409, early.text


def test_five_acts_arrive_as_five_signed_cloudevents_in_order(stage: Stage) -> None:
    world, receiver = stage.world, stage.receiver
    subscription = stage.subscribe(world.committee.id, ACTS)
    candidate_id = stage.register()
    five_acts(stage, candidate_id)
    assert receiver.received == []  # nothing is sent from inside a request

    attempts = stage.step()
    assert [attempt.status for attempt in attempts] == ["delivered"]
    while attempts:
        attempts = stage.step()

    history = stage.client.get(
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
        assert parsed.get_id() == event["id"] == history_event_id(event["data"]["hash"])
        assert parsed.get_type() == event["type"]
    assert "了解入党动机" in receiver.received[0].body.decode("utf-8")
    listed = stage.client.get(
        f"/api/v1/subscriptions/{subscription['id']}/deliveries", headers=stage.admin
    ).json()["items"]
    assert [(d["status"], d["attempts"], d["last_status_code"]) for d in listed] == [
        ("delivered", 1, 200)
    ] * 5


def test_a_receiver_that_fails_twice_gets_the_same_event_a_third_time_and_later_ones_wait(
    stage: Stage,
) -> None:
    stage.subscribe(stage.world.branch.id)
    candidate_id = stage.register()
    run_journey(stage.client, candidate_id, stage.world.roles, until="applicant")
    stage.receiver.answers = [500, 500]

    def step() -> list[tuple[str, int]]:
        return [(attempt.status, attempt.attempts) for attempt in stage.step()]

    assert step() == [("pending", 1)]
    assert step() == []  # the retry is 5 s away, and the talk waits behind the registration
    stage.clock.advance(timedelta(seconds=5))
    assert step() == [("pending", 2)]
    stage.clock.advance(timedelta(seconds=29))
    assert step() == []
    stage.clock.advance(timedelta(seconds=1))
    assert step() == [("delivered", 3)]
    assert step() == [("delivered", 1)]
    first, second, third, talk = stage.receiver.ids()
    assert first == second == third != talk
    assert stage.receiver.received[0].body == stage.receiver.received[2].body


def test_an_event_out_of_retries_is_failed_and_kept_until_retried(stage: Stage) -> None:
    subscription = stage.subscribe(stage.world.branch.id)
    stage.register()
    stage.receiver.answers = [503, 503, 503]
    for wait in (0, 5, 30):
        stage.clock.advance(timedelta(seconds=wait))
        stage.step()
    path = f"/api/v1/subscriptions/{subscription['id']}/deliveries"
    [failed] = stage.client.get(path, headers=stage.admin).json()["items"]
    assert (failed["status"], failed["attempts"], failed["last_status_code"]) == ("failed", 3, 503)
    assert failed["last_error"] == "接收方答复 HTTP 503"
    assert failed["next_attempt_at"] is None

    stage.client.post(f"{path}/{failed['id']}/retry", headers=stage.admin)
    [attempt] = stage.step()
    assert (attempt.status, attempt.attempts, attempt.status_code) == ("delivered", 1, 200)
    assert len(set(stage.receiver.ids())) == 1
    assert len(stage.receiver.ids()) == 4


def test_a_lease_left_by_a_killed_worker_expires_and_is_taken_over(stage: Stage) -> None:
    stage.subscribe(stage.world.branch.id)
    stage.register()
    [leased] = lease_due(stage.engine, stage.settings, now=stage.clock.now(), worker="killed")
    assert stage.step(worker="next") == []
    stage.clock.advance(timedelta(seconds=60))
    [attempt] = stage.step(worker="next")
    assert (attempt.delivery_id, attempt.status) == (leased.id, "delivered")
    assert stage.receiver.ids() == [leased.event_id]


def test_a_host_no_longer_allowed_is_not_sent_to(stage: Stage) -> None:
    stage.subscribe(stage.world.branch.id)
    stage.register()
    narrowed = stage.settings.model_copy(update={"webhook_allowed_hosts": "hooks.example.cn"})
    [attempt] = stage.step(settings=narrowed)
    assert attempt.status == "pending"
    assert attempt.error is not None
    assert attempt.error.startswith("主机 127.0.0.1 不在本部署允许接收推送的主机之列")
    assert stage.receiver.received == []


def test_an_act_while_the_receiver_hangs_returns_as_fast_as_without_subscriptions(
    stage: Stage,
) -> None:
    def timed_acts(candidate_id: int) -> float:
        started = time.perf_counter()
        run_journey(stage.client, candidate_id, stage.world.roles, until="activist")
        return time.perf_counter() - started

    without = timed_acts(stage.register("甲"))
    stage.subscribe(stage.world.branch.id)
    stage.receiver.hold.set()
    worker = DeliveryWorker(
        stage.engine, stage.clock, stage.settings, stage.sender, idle_seconds=0.05, remind=False
    )
    worker.start()
    try:
        candidate_id = stage.register("乙")
        deadline = time.monotonic() + 5
        while not stage.receiver.received and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(stage.receiver.received) == 1  # the worker waits on the hanging receiver
        hanging = timed_acts(candidate_id)
    finally:
        stage.receiver.release.set()
        worker.stop()
    assert hanging < without * 2 + 0.5, (hanging, without)


def test_reminders_run_twice_emit_each_once_and_are_delivered(stage: Stage) -> None:
    engine, clock, settings = stage.engine, stage.clock, stage.settings
    subscription = stage.subscribe(stage.world.committee.id, REMINDERS)
    clock.set_date("2025-09-30")
    soon = stage.register("待谈话", application_date="2025-09-01", id_number=None)
    late = stage.register("逾期", application_date="2025-08-01", id_number=None)

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

    while stage.step():
        pass
    # One candidate's events in their order; two candidates' in either.
    received = (one.json() for one in stage.receiver.received)
    events = sorted(received, key=lambda event: event["data"]["due_on"])
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
    path = f"/api/v1/subscriptions/{subscription['id']}/deliveries"
    listed = stage.client.get(path, headers=stage.admin).json()["items"]
    assert [(d["candidate_id"], d["deadline"], d["due_on"]) for d in listed] == [
        (late, "talk", "2025-09-01"),
        (soon, "talk", "2025-10-01"),
        (soon, "talk", "2025-10-01"),
    ]
    retried = stage.client.post(f"{path}/{listed[0]['id']}/retry", headers=stage.admin).json()
    assert (retried["deadline"], retried["due_on"]) == ("talk", "2025-09-01")


def wait_until(condition: Callable[[], bool], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)


def test_a_receiver_that_hangs_holds_one_sender_not_the_other_receivers(stage: Stage) -> None:
    stage.subscribe(stage.world.branch.id)
    stage.receiver.hold.set()
    patient = stage.settings.model_copy(update={"webhook_timeout": 20})
    worker = DeliveryWorker(
        stage.engine, stage.clock, patient, stage.sender, idle_seconds=0.05, remind=False
    )
    with receiving() as other:
        post_subscription(stage.client, stage.admin, stage.world.branch.id, url=other.url)
        worker.start()
        try:
            stage.register("甲")
            wait_until(lambda: bool(other.received and stage.receiver.received))
            started = time.monotonic()
            stage.register("乙")
            wait_until(lambda: len(other.received) == 2)
            waited = time.monotonic() - started
        finally:
            stage.receiver.release.set()
            worker.stop()
    assert len(other.received) == 2
    assert waited < 5, waited  # the first POST to the hanging receiver waits up to 20 s


class TimingOut:
    """A receiver that never answers: the timeout comes `seconds` after the POST."""

    def __init__(self, clock: FixedClock, seconds: float) -> None:
        self.clock = clock
        self.seconds = seconds

    def send(self, url: str, *, body: bytes, headers: Mapping[str, str], timeout: float) -> int:
        self.clock.advance(timedelta(seconds=self.seconds))
        raise TimeoutError(f"接收方未在 {self.seconds:g} 秒内答复")


def test_a_retry_counts_from_the_end_of_the_attempt(stage: Stage) -> None:
    stage.subscribe(stage.world.branch.id)
    stage.register()
    timing_out = TimingOut(stage.clock, 10)
    [attempt] = deliver_due(
        stage.engine, stage.settings, timing_out, clock=stage.clock, worker="test"
    )
    assert (attempt.status, attempt.error) == ("pending", "接收方未在 10 秒内答复")
    assert stage.step() == []  # the timeout came just now: the 5 s retry is 5 s away
    stage.clock.advance(timedelta(seconds=4.9))
    assert stage.step() == []
    stage.clock.advance(timedelta(seconds=0.1))
    assert [(one.status, one.attempts) for one in stage.step()] == [("delivered", 2)]


def test_stopping_waits_a_short_grace_and_a_restart_takes_the_abandoned_send_over(
    stage: Stage,
) -> None:
    stage.subscribe(stage.world.branch.id)
    stage.receiver.hold.set()
    stage.receiver.hold_seconds = 5  # before the fix, stopping waited for this answer
    patient = stage.settings.model_copy(update={"webhook_timeout": 20})
    sender = HttpxSender()
    worker = DeliveryWorker(
        stage.engine, stage.clock, patient, sender, idle_seconds=0.05, remind=False
    )
    worker.start()
    stage.register()
    wait_until(lambda: bool(stage.receiver.received))
    started = time.monotonic()
    worker.stop(grace=0.2)
    stopped_in = time.monotonic() - started
    sender.close()
    wait_until(lambda: not any(t.name.startswith("webhook-send") for t in threading.enumerate()))
    assert stopped_in < 1, stopped_in
    assert not any(t.name.startswith("webhook-send") for t in threading.enumerate())

    stage.receiver.hold.clear()
    assert stage.step() == []  # the abandoned send was not recorded: its lease still holds it
    stage.clock.advance(timedelta(seconds=patient.webhook_lease_seconds))
    assert [(one.status, one.attempts) for one in stage.step()] == [("delivered", 1)]
    first, again = stage.receiver.ids()
    assert first == again
