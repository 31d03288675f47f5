"""The background worker `recruitflow serve` runs and `recruitflow deliver` runs on its own:
deliver what is due, and scan for reminders once a day (at start, then when the date in
Shanghai changes), until stopped."""

from __future__ import annotations

import os
import socket
import threading
import uuid
from datetime import date

import structlog
from sqlalchemy.engine import Engine

from service.adapters.clock import Clock
from service.app.webhooks.delivery import Sender, deliver_due, retry_schedule
from service.app.webhooks.reminders import send_reminders
from service.settings import Settings

# How long an idle worker waits before looking for due deliveries again.
IDLE_SECONDS = 1.0
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
        self._thread: threading.Thread | None = None

    def step(self) -> int:
        """Reminders if the day changed, then one delivery step; the deliveries attempted."""
        today = self._clock.today()
        if self._remind and self._reminded_on != today:
            self._reminded_on = today  # once a day, even if the scan fails: it is logged
            try:
                emitted = send_reminders(self._engine, self._clock, self._settings)
            except Exception:
                _logger.exception("reminders_failed")
            else:
                _logger.info("reminders_emitted", count=len(emitted))
        attempts = deliver_due(
            self._engine, self._settings, self._sender, now=self._clock.now(), worker=self.name
        )
        return len(attempts)

    def run(self) -> None:
        """Steps until `stop()`: straight on while there was something to send (a candidate's
        next event becomes due only once the one before it is delivered), else after a pause."""
        while not self._stopped.is_set():
            try:
                attempted = self.step()
            except Exception:  # the database may be away for a while: try again later
                _logger.exception("webhook_worker_step_failed")
                attempted = 0
            if attempted == 0:
                self._stopped.wait(self._idle_seconds)

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, name="webhook-worker", daemon=True)
        self._thread.start()

    def stop(self, *, timeout: float | None = None) -> None:
        self._stopped.set()
        if self._thread is not None:
            self._thread.join(timeout)
