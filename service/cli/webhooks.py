"""The webhook commands of `recruitflow`: `deliver` (the delivery worker on its own, for
deployments that run it apart from `serve`) and `remind` (one reminder scan, for cron)."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from typing import Any

from service.adapters.clock import SystemClock
from service.adapters.database import make_engine
from service.adapters.webhook_sender import HttpxSender
from service.app.webhooks.reminders import send_reminders
from service.app.webhooks.worker import DeliveryWorker
from service.settings import Settings


def add_webhook_commands(commands: Any) -> None:
    deliver = commands.add_parser(
        "deliver", help="deliver the webhooks' outbox (and remind daily) until stopped"
    )
    deliver.add_argument(
        "--once", action="store_true", help="one step: deliver what is due now, then exit"
    )
    deliver.add_argument(
        "--no-remind", action="store_true", help="leave reminders to `recruitflow remind`"
    )
    deliver.set_defaults(command=_deliver)
    remind = commands.add_parser(
        "remind", help="emit the deadline reminders due today (each at most once)"
    )
    remind.set_defaults(command=_remind)


def _deliver(args: argparse.Namespace) -> int:
    settings = Settings()
    engine = make_engine(settings.database_url)
    sender = HttpxSender()
    worker = DeliveryWorker(engine, SystemClock(), settings, sender, remind=not args.no_remind)
    try:
        if args.once:
            print(f"attempted {worker.step()} deliveries", file=sys.stderr)
            return 0
        signal.signal(signal.SIGTERM, lambda _signal, _frame: worker.stop())
        with contextlib.suppress(KeyboardInterrupt):
            worker.run()
        return 0
    finally:
        sender.close()
        engine.dispose()


def _remind(_args: argparse.Namespace) -> int:
    settings = Settings()
    engine = make_engine(settings.database_url)
    try:
        emitted = send_reminders(engine, SystemClock(), settings)
    finally:
        engine.dispose()
    print(f"emitted {len(emitted)} reminders", file=sys.stderr)
    return 0
