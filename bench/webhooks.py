"""Benchmark: what webhooks cost an act, and how fast the outbox drains, in-process.

Acts through `perform_act` (a record act, single-threaded) with the outbox's trigger dropped
(as if webhooks did not exist), with no subscription, and with one that takes every event of
the candidate's committee, in turn in each round (in reverse order every other round), in one
run (the deliveries are written by migration 0005's trigger inside the event's own INSERT);
then the delivery worker's steps (`deliver_due`, sending over loopback to a receiver that
answers 204) over a backlog of registrations (one event per candidate: batches of 50, 8 POSTs
at a time) and over one candidate's chain of acts (one event per step: a candidate's events
go in order).

    .venv/bin/python -m bench.webhooks --engine sqlite|postgresql
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from bench.databases import scratch_database
from bench.micro_act import MENTORS
from bench.run import PG_URL_VARIABLES, say
from bench.seed import _new_candidate, seed
from service.adapters.clock import SystemClock
from service.adapters.database import make_engine
from service.adapters.webhook_sender import HttpxSender
from service.app import acts
from service.app.actors import Actor, Role
from service.app.candidates import create_candidate
from service.app.principals import authenticate
from service.app.webhooks import subscriptions
from service.app.webhooks.delivery import deliver_due
from service.settings import Settings

ADMIN = Actor(id=0, name="bench", role=Role.admin, organization_id=None, organization_path=None)


class _Acknowledge(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keeps connections, as a real receiver would

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog (5) drops the connections of 8 senders at once: each
    # dropped one waits a second for its SYN to be sent again.
    request_queue_size = 64


@contextmanager
def receiver() -> Iterator[str]:
    server = _Server(("127.0.0.1", 0), _Acknowledge)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hooks"
    finally:
        server.shutdown()
        server.server_close()


def acts_per_second(call: Callable[[], object], loops: int) -> float:
    started = time.perf_counter()
    for _ in range(loops):
        call()
    return loops / (time.perf_counter() - started)


@contextmanager
def outbox_trigger_dropped(engine: Any) -> Iterator[None]:
    """The history's outbox trigger away for a while, as if webhooks did not exist."""
    schema = importlib.import_module("migrations.versions.0005_webhooks")
    sqlite = engine.dialect.name == "sqlite"
    with engine.begin() as connection:
        on = "" if sqlite else " ON history_event"
        connection.exec_driver_sql(f"DROP TRIGGER history_event_outbox{on}")
    try:
        yield
    finally:
        body = (
            f"BEGIN {schema._fanout(*schema.FANOUT['history_event'])}; END"
            if sqlite
            else "FOR EACH ROW EXECUTE FUNCTION history_event_outbox()"
        )
        with engine.begin() as connection:
            connection.exec_driver_sql(
                f"CREATE TRIGGER history_event_outbox AFTER INSERT ON history_event {body}"
            )


def drain(engine: Any, settings: Settings, sender: HttpxSender) -> tuple[int, float]:
    """Steps until nothing is due: the deliveries made and the seconds taken."""
    clock, done = SystemClock(), 0
    started = time.perf_counter()
    while attempts := deliver_due(engine, settings, sender, clock=clock, worker="bench"):
        assert all(attempt.status == "delivered" for attempt in attempts)
        done += len(attempts)
    return done, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.webhooks", description=__doc__)
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--loops", type=int, default=300)
    parser.add_argument("--backlog", type=int, default=1000)
    parser.add_argument("--chain", type=int, default=200)
    args = parser.parse_args(argv)
    pg_url = next((os.environ[v] for v in PG_URL_VARIABLES if os.environ.get(v)), None)
    if args.engine == "postgresql" and not pg_url:
        parser.error("set RECRUITFLOW_BENCH_PG_URL for PostgreSQL")
    with scratch_database(args.engine, pg_url, "webhooks") as url:
        engine = make_engine(url)
        _run(engine, Settings(database_url=url), args)
        engine.dispose()
    return 0


def _run(engine: Any, settings: Settings, args: argparse.Namespace) -> None:
    clock = SystemClock()
    world = seed(engine, settings, candidates=20)
    activist = next(c for c in world.candidates if c.pool == "activist")
    actor = authenticate(engine, activist.secretary)
    assert actor is not None
    assert actor.organization_path is not None
    committee_id = int(actor.organization_path.strip("/").split("/")[-2])

    def act() -> object:
        return acts.perform_act(
            engine,
            clock,
            settings,
            actor,
            candidate_id=activist.id,
            trigger="assign_mentors",
            evidence=MENTORS,
            effective_date=date(2023, 5, 15),
        )

    def subscribe(url: str) -> int:
        issued = subscriptions.create_subscription(
            engine,
            clock,
            settings,
            ADMIN,
            url=url,
            organization_id=committee_id,
            types=None,
            description=None,
        )
        return issued.subscription.id

    def measure(case: str) -> float:
        if case == "bare":
            with outbox_trigger_dropped(engine):
                return acts_per_second(act, args.loops)
        if case == "none":
            return acts_per_second(act, args.loops)
        subscription = subscribe("http://127.0.0.1:9/unused")
        try:
            return acts_per_second(act, args.loops)
        finally:
            subscriptions.delete_subscription(engine, clock, ADMIN, subscription)

    acts_per_second(act, args.loops // 10)
    figures: dict[str, list[float]] = {"bare": [], "none": [], "one": []}
    for round_ in range(args.rounds):
        # Each case first as often as last: a round's drift favours none of them.
        for case in list(figures) if round_ % 2 == 0 else reversed(list(figures)):
            figures[case].append(measure(case))
    say(f"\n{args.engine}: acts/s, single-threaded, {args.rounds} rounds × {args.loops} acts")
    say("| webhooks | median acts/s | range | / no outbox, median of rounds |")
    say("|---|---|---|---|")
    for case, name in (
        ("bare", "no outbox (its trigger dropped)"),
        ("none", "no subscription"),
        ("one", "one subscription (takes every event)"),
    ):
        mine = figures[case]
        ratio = statistics.median(a / b for a, b in zip(mine, figures["bare"], strict=True))
        spread = f"{min(mine):.0f}–{max(mine):.0f}"
        say(f"| {name} | {statistics.median(mine):.0f} | {spread} | {ratio:.3f} |")

    sender = HttpxSender()
    with receiver() as receiving_url:
        subscribe(receiving_url)
        new = _new_candidate(actor.organization_id or 0, 0, applied_on="2023-03-01")
        for number in range(args.backlog):
            create_candidate(engine, clock, settings, actor, replace(new, name=f"积压{number}"))
        backlog, backlog_seconds = drain(engine, settings, sender)
        for _ in range(args.chain):
            act()
        chain, chain_seconds = drain(engine, settings, sender)
    sender.close()
    say("\n| delivery (loopback receiver, 204) | deliveries | seconds | per second |")
    say("|---|---|---|---|")
    say(
        f"| {backlog} candidates, one event each | {backlog} | {backlog_seconds:.2f} | "
        f"{backlog / backlog_seconds:.0f} |"
    )
    say(
        f"| one candidate's {chain} events, in order | {chain} | {chain_seconds:.2f} | "
        f"{chain / chain_seconds:.0f} |"
    )


if __name__ == "__main__":
    sys.exit(main())
