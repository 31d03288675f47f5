"""Measure prototyped optimisations against the service as shipped, interleaved round by round on
one seeded template, with the same act load as bench.run:

    .venv/bin/python -m bench.prototypes.compare --engine sqlite --rounds 2 \\
        --variant baseline= --variant lean=lean-acts \\
        --variant uvloop=@uvloop --extras /path/with/uvloop+httptools

A variant is NAME=FLAGS: BENCH_PROTOTYPE flags (bench/prototypes/app.py), plus `@uvloop`
(PYTHONPATH gets --extras, where `pip install --target` put uvloop and httptools) and `@quiet`
(log level WARNING: no access log line). `baseline=` with no flags is `recruitflow serve`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.databases import PostgresDatabases, SqliteDatabases
from bench.run import (
    PG_URL_VARIABLES,
    RESULTS,
    Options,
    Variant,
    machine,
    run_service,
    say,
    seed_template,
)
from bench.seed import write_plan
from service.adapters.clock import SystemClock


def variant_of(spec: str, extras: str | None) -> Variant:
    name, _, flags = spec.partition("=")
    code = [flag for flag in flags.split(",") if flag and not flag.startswith("@")]
    env: list[tuple[str, str]] = []
    if "@uvloop" in flags:
        if not extras:
            raise SystemExit(
                "@uvloop needs --extras DIR (pip install --target DIR uvloop httptools)"
            )
        env.append(("PYTHONPATH", extras))
    if "@quiet" in flags:
        env.append(("RECRUITFLOW_LOG_LEVEL", "WARNING"))
    if not code and not env:
        return Variant(name)
    return Variant(name, ",".join(code), tuple(env))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.prototypes.compare", description=__doc__)
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--candidates", type=int, default=1000)
    parser.add_argument("--extras", default=None)
    parser.add_argument("--quiet-wait", type=float, default=60.0)
    parser.add_argument("--variant", action="append", required=True, help="NAME=FLAGS")
    args = parser.parse_args(argv)
    variants = [variant_of(spec, args.extras) for spec in args.variant]
    pg_url = next((os.environ[v] for v in PG_URL_VARIABLES if os.environ.get(v)), None)
    if args.engine == "postgresql" and not pg_url:
        parser.error("set RECRUITFLOW_BENCH_PG_URL for PostgreSQL")
    runs: dict[str, list[dict[str, Any]]] = {variant.name: [] for variant in variants}
    with tempfile.TemporaryDirectory(prefix="recruitflow-compare-") as scratch:
        options = Options(
            args.seconds, args.warmup, args.clients, args.candidates, Path(scratch), args.quiet_wait
        )
        databases = (
            SqliteDatabases(options.scratch)
            if args.engine == "sqlite"
            else PostgresDatabases(pg_url or "")
        )
        try:
            template, world = seed_template(databases, options)
            plan = options.scratch / "plan.lua"
            write_plan(world, plan, clients=args.clients, today=SystemClock().today())
            for round_number in range(args.rounds):
                for variant in variants:
                    run = run_service(
                        databases,
                        template,
                        plan,
                        engine=args.engine,
                        workers=args.workers,
                        options=options,
                        variant=variant,
                    )
                    runs[variant.name].append(run)
                    say(
                        f"round {round_number + 1} {variant.name}: {run['acts_per_s']:.0f}/s "
                        f"p99 {run['p99_ms']:.1f} ms CPU {run['server_cpu_ms_per_act']:.2f} ms/act "
                        f"(+DB {run['db_cpu_ms_per_act']:.2f}) other {run['other_cores']:.2f} "
                        f"stolen {run['steal_cores']:.2f} unexpected {run['unexpected']}"
                    )
        finally:
            databases.close()
    baseline = statistics.median(r["acts_per_s"] for r in runs[variants[0].name])
    say("\n| variant | acts/s (median) | × first | p99 ms | server CPU ms/act | DB CPU ms/act |")
    say("|---|---|---|---|---|---|")
    for variant in variants:
        measured = runs[variant.name]
        rate = statistics.median(r["acts_per_s"] for r in measured)
        say(
            f"| {variant.name} | {rate:.0f} | {rate / baseline:.2f} "
            f"| {statistics.median(r['p99_ms'] for r in measured):.1f} "
            f"| {statistics.median(r['server_cpu_ms_per_act'] for r in measured):.2f} "
            f"| {statistics.median(r['db_cpu_ms_per_act'] for r in measured):.2f} |"
        )
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    output = RESULTS / f"compare-{args.engine}-w{args.workers}-{stamp}.json"
    output.write_text(
        json.dumps(
            {
                "machine": machine(),
                "parameters": {k: v for k, v in vars(args).items() if k != "extras"},
                "runs": runs,
            },
            indent=2,
        )
        + "\n"
    )
    say(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
