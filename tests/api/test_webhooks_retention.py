"""Retention of the outbox: delivered deliveries older than the kept days go in the worker's
daily pass, in batches; failed and pending ones stay; 0 days keeps everything."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from service.adapters.clock import FixedClock
from service.app.webhooks.delivery import Sender, deliver_due
from service.app.webhooks.retention import purge_delivered
from service.app.webhooks.worker import DeliveryWorker
from service.settings import Settings
from tests.api.conftest import World
from tests.api.test_deadlines import create
from tests.api.test_webhooks import subscribe
from tests.support.webhook_receiver import Answering


def test_delivered_deliveries_older_than_the_kept_days_are_purged_and_no_others(
    client: TestClient,
    world: World,
    admin_headers: dict[str, str],
    engine: Engine,
    clock: FixedClock,
    settings: Settings,
) -> None:
    kept = settings.model_copy(update={"webhook_keep_days": 30, "webhook_retry_seconds": "5"})
    subscription = subscribe(client, admin_headers, world.branch.id)
    assert subscription.status_code == 201, subscription.text
    path = f"/api/v1/subscriptions/{subscription.json()['id']}/deliveries"

    def register(name: str) -> int:
        return create(client, world, name, clock.today().isoformat())

    def step(sender: Sender, settings: Settings = kept) -> None:
        deliver_due(engine, settings, sender, clock=clock, worker="test")

    def listed() -> list[tuple[int, str]]:
        items = client.get(path, headers=admin_headers).json()["items"]
        return [(item["candidate_id"], item["status"]) for item in items]

    register("甲")
    register("乙")
    step(Answering(200))
    failed = register("丙")
    step(Answering(503), kept.model_copy(update={"webhook_retry_seconds": ""}))
    clock.advance(timedelta(days=2))
    recent = register("丁")
    step(Answering(200))
    pending = register("戊")

    clock.advance(timedelta(days=29, seconds=1))
    assert purge_delivered(engine, clock, kept, batch=1) == 2
    assert purge_delivered(engine, clock, kept, batch=1) == 0
    assert listed() == [(failed, "failed"), (recent, "delivered"), (pending, "pending")]

    clock.advance(timedelta(days=100))
    forever = kept.model_copy(update={"webhook_keep_days": 0})
    assert purge_delivered(engine, clock, forever) == 0
    assert listed() == [(failed, "failed"), (recent, "delivered"), (pending, "pending")]

    worker = DeliveryWorker(engine, clock, kept, Answering(503), remind=False)
    assert worker.step() == 1  # the daily pass purges, then the pending one is tried again
    assert listed() == [(failed, "failed"), (pending, "pending")]
