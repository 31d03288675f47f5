"""Micro-benchmark: one act through the use case, in-process (no HTTP), single-threaded.

`service.app.acts.perform_act` (SQLAlchemy Core on the unit of work's connection: a record act and
a refusal) and the authentication a cache miss pays (`service.app.principals.authenticate`);
median of the repeats, in µs.

    .venv/bin/python -m bench.micro_act --engine sqlite|postgresql
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

from bench.databases import scratch_database
from bench.micro_decide import timed
from bench.run import PG_URL_VARIABLES, RESULTS, say
from bench.seed import seed
from service.adapters.clock import SystemClock
from service.adapters.database import make_engine
from service.app import acts
from service.app.principals import authenticate
from service.settings import Settings

MENTORS = {"mentors": [{"name": "李四", "member_id": "M001"}, {"name": "周八"}]}
# An activist of a year or less: refused by cultivation.min_duration, and written as refused.
DESIGNATION = {"decided_on": "2023-05-15"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.micro_act", description=__doc__)
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--loops", type=int, default=200)
    args = parser.parse_args(argv)
    pg_url = next((os.environ[v] for v in PG_URL_VARIABLES if os.environ.get(v)), None)
    if args.engine == "postgresql" and not pg_url:
        parser.error("set RECRUITFLOW_BENCH_PG_URL for PostgreSQL")
    results: dict[str, Any] = {}
    with scratch_database(args.engine, pg_url, "act") as url:
        engine = make_engine(url)
        settings, clock = Settings(database_url=url), SystemClock()
        world = seed(engine, settings, candidates=20)
        activist = next(c for c in world.candidates if c.pool == "activist")
        actor = authenticate(engine, activist.secretary)
        assert actor is not None

        def act(trigger: str, evidence: dict[str, Any]) -> Callable[[], object]:
            def call() -> object:
                try:
                    return acts.perform_act(
                        engine,
                        clock,
                        settings,
                        actor,
                        candidate_id=activist.id,
                        trigger=trigger,
                        evidence=evidence,
                        effective_date=date(2023, 5, 15),
                    )
                except acts.ActRefused as refused:
                    return refused

            return call

        cases = {
            "perform_act: record act (assign_mentors)": act("assign_mentors", MENTORS),
            "perform_act: refusal (designate too early)": act(
                "designate_development_target", DESIGNATION
            ),
            "authenticate (token → actor)": lambda: authenticate(engine, activist.secretary),
        }
        for name, call in cases.items():
            results[name] = timed(call, repeats=args.repeats, loops=args.loops)
        engine.dispose()
    say(f"| {args.engine} | median µs | min µs |\n|---|---|---|")
    for name, figures in results.items():
        say(f"| {name} | {figures['median_us']:.0f} | {figures['min_us']:.0f} |")
    RESULTS.mkdir(exist_ok=True)
    output = RESULTS / f"micro-act-{args.engine}.json"
    output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
