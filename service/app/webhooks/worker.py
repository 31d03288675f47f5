"""The background worker `recruitflow serve` runs and `recruitflow deliver` runs on its own:
deliver what is due, and once a day (at start, then when the date in Shanghai changes) scan for
reminders and delete the deliveries delivered long ago, until stopped. Stopping leases nothing
more and gives the sends in flight a short grace; those still waiting are abandoned unrecorded
(closing the sender makes them fail fast), and their leases expire for another instance or the
restart to take over."""

from __future__ import annotations

import os
import socket
import threading
import uuid
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import date

import structlog
from sqlalchemy.engine import Engine

from service.adapters.clock import Clock
from service.app.webhooks.delivery import (
    SENDERS,
    Attempt,
    Leased,
    Sender,
    deliver_due,
    lease_due,
    record,
    retry_schedule,
    send,
)
from service.app.webhooks.reminders import send_reminders
from service.app.webhooks.retention import purge_delivered
from service.settings import Settings

# How long an idle worker waits before looking for due deliveries again.
IDLE_SECONDS = 1.0
# How long stopping waits for the sends in flight before abandoning them.
GRACE_SECONDS = 2.0
_logger = structlog.get_logger("recruitflow.webhooks")


def worker_name() -> str:
    """Names the leases this process takes: host, process, and a random part."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class DeliveryWorker:
    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        settings: Settings,
        sender: Sender,
        *,
        idle_seconds: float = IDLE_SECONDS,
        remind: bool = True,
    ) -> None:
        self.name = worker_name()
        self._engine = engine
        self._clock = clock
        self._settings = settings
        self._sender = sender
        self._idle_seconds = idle_seconds
        self._remind = remind
        self._reminded_on: date | None = None
        retry_schedule(settings)  # a schedule that does not read stops the start
        self._stopped = threading.Event()
        self._abandoned = threading.Event()
        self._grace_seconds = GRACE_SECONDS
        self._thread: threading.Thread | None = None

    def step(self) -> int:
        """The daily pass if the day changed, then one delivery step; the deliveries
        attempted."""
        self._once_a_day()
        attempts = deliver_due(
            self._engine, self._settings, self._sender, clock=self._clock, worker=self.name
        )
        return len(attempts)

    def _once_a_day(self) -> None:
        today = self._clock.today()
        if self._reminded_on == today:
            return
        self._reminded_on = today  # once a day, even if a pass fails: it is logged
        if self._remind:
            try:
                emitted = send_reminders(self._engine, self._clock, self._settings)
            except Exception:
                _logger.exception("reminders_failed")
            else:
                _logger.info("reminders_emitted", count=len(emitted))
        try:
            purged = purge_delivered(self._engine, self._clock, self._settings)
        except Exception:
            _logger.exception("webhook_purge_failed")
        else:
            _logger.info("webhook_deliveries_purged", count=purged)

    def run(self) -> None:
        """Until `stop()`: lease as many due deliveries as there are free senders, and send
        each on a sender of its own, so a receiver that hangs holds one sender (up to the
        timeout), not the others' deliveries. Looks again at once while there is work, after a
        pause when there is none."""
        in_flight: set[Future[Attempt]] = set()
        pool = ThreadPoolExecutor(max_workers=SENDERS, thread_name_prefix="webhook-send")
        try:
            while not self._stopped.is_set():
                self._once_a_day()
                leased = self._lease(SENDERS - len(in_flight)) if len(in_flight) < SENDERS else []
                in_flight |= {pool.submit(self._deliver, one) for one in leased}
                if leased and len(in_flight) < SENDERS:
                    continue
                if not in_flight:
                    self._stopped.wait(self._idle_seconds)
                    continue
                done, in_flight = wait(
                    in_flight, timeout=self._idle_seconds, return_when=FIRST_COMPLETED
                )
                for finished in done:
                    if finished.exception() is not None:
                        _logger.error("webhook_delivery_failed", exc_info=finished.exception())
        finally:
            _, left = wait(in_flight, timeout=self._grace_seconds)
            if left:
                self._abandoned.set()
                _logger.warning("webhook_sends_abandoned", count=len(left))
            pool.shutdown(wait=False, cancel_futures=True)

    def _lease(self, free: int) -> list[Leased]:
        try:
            return lease_due(
                self._engine, self._settings, now=self._clock.now(), worker=self.name, limit=free
            )
        except Exception:  # the database may be away for a while: try again later
            _logger.exception("webhook_lease_failed")
            return []

    def _deliver(self, leased: Leased) -> Attempt:
        attempt = send(self._sender, self._settings, leased, self._clock.now())
        if not self._abandoned.is_set():
            record(self._engine, self._settings, attempt, now=self._clock.now(), worker=self.name)
        return attempt

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, name="webhook-worker", daemon=True)
        self._thread.start()

    def stop(self, *, grace: float = GRACE_SECONDS) -> None:
        """Lease nothing more, give the sends in flight `grace` seconds, then return; close the
        sender next, so the sends still waiting fail at once (and are not recorded)."""
        self._grace_seconds = grace
        self._stopped.set()
        if self._thread is not None:
            self._thread.join(grace + self._idle_seconds + 1)
