"""Where an act's time goes: the act load against the service under py-spy (`--gil`: only the
thread holding the GIL is sampled, so samples are CPU the process spent in Python), summarised
by the layer each sample was in and by the functions that held it.

    .venv/bin/python -m bench.profile --engine sqlite [--workers 1] [--seconds 10]

Writes the raw collapsed stacks and a summary to bench/results/profile-<engine>-w<n>-<time>.*
(the raw file loads in https://www.speedscope.app).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.databases import PostgresDatabases, SqliteDatabases
from bench.harness import VENV_BIN, descendants, run_wrk, serving
from bench.run import PG_URL_VARIABLES, RESULTS, Options, say, seed_template, service_command
from bench.seed import write_plan
from service.adapters.clock import SystemClock

# The first rule matching a frame, walking from the sampled leaf towards the root, names the
# layer the sample is charged to; order matters (specific before general).
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("logging (structlog)", ("structlog/",)),
    ("hashing (sha256, chain)", ("service/app/audit/hashes.py", "hashlib")),
    (
        "workflow decision",
        (
            "service/workflow/decide.py",
            "service/workflow/rules/",
            "service/workflow/effects.py",
            "service/workflow/machine.py",
            "transitions/",
        ),
    ),
    ("record JSON ⇄ dataclasses", ("service/workflow/codec.py", "service/workflow/record.py")),
    (
        "response models (pydantic)",
        (
            "service/api/schemas.py",
            "fastapi/routing.py:serialize_response",
            "fastapi/_compat",
            "pydantic/",
            "pydantic_core",
        ),
    ),
    (
        "request parsing + validation",
        (
            "service/api/evidence.py",
            "fastapi/dependencies/",
            "fastapi/routing.py:get_request_handler",
            "json/",
        ),
    ),
    ("DB driver (sqlite3 / psycopg)", ("sqlite3", "psycopg/", "psycopg_binary", "psycopg_pool")),
    ("SQLAlchemy ORM (session, unit of work, loading)", ("sqlalchemy/orm/", "sqlmodel/")),
    ("SQLAlchemy Core (compile, execute, pool)", ("sqlalchemy/",)),
    ("service shell (acts, history, auth)", ("service/",)),
    ("HTTP server (uvicorn, h11)", ("uvicorn/", "h11/", "httptools", "uvloop")),
    ("ASGI (starlette, fastapi routing, middleware)", ("starlette/", "fastapi/")),
    (
        "event loop + threadpool hand-offs",
        ("anyio/", "concurrent/futures", "threading.py", "asyncio/"),
    ),
]

# Inclusive shares: the fraction of samples whose stack passes through the function.
MARKERS: list[tuple[str, str]] = [
    ("perform_act (use case, whole)", "perform_act ("),
    ("  UnitOfWork commit", "commit (service/adapters/database.py"),
    ("  _lock_candidate (SELECT … FOR UPDATE)", "_lock_candidate (service/app/acts.py"),
    ("  decide (workflow)", "decide (service/workflow/decide.py"),
    ("  chain_event (hashing the event)", "chain_event (service/app/history.py"),
    ("  seal_event (global head + insert)", "seal_event (service/app/history.py"),
    ("  Record.from_data / to_data", "service/workflow/codec.py"),
    ("authenticate (token → actor)", "authenticate (service/app/principals.py"),
    ("CandidateOut.of", "of (service/api/schemas.py"),
    ("response serialisation (fastapi)", "serialize_response (fastapi/routing.py"),
    ("request body validation", "request_body_to_args (fastapi/dependencies/utils.py"),
    ("structlog", "structlog/"),
    ("h11 (HTTP parsing)", "h11/"),
    ("psycopg", "psycopg/"),
    ("pool checkout (incl. pre-ping)", "_checkout (sqlalchemy/pool/base.py"),
]


def _frames(stack: str) -> list[str]:
    return stack.split(";")


def summarise(raw: Path) -> dict[str, Any]:
    samples: Counter[str] = Counter()
    for line in raw.read_text().splitlines():
        stack, _, number = line.rpartition(" ")
        if stack:
            samples[stack] += int(number)
    total = sum(samples.values()) or 1
    layers: Counter[str] = Counter()
    leaves: Counter[str] = Counter()
    markers: Counter[str] = Counter()
    for stack, count in samples.items():
        frames = _frames(stack)
        leaves[frames[-1]] += count
        for frame in reversed(frames):
            layer = next(
                (name for name, needles in LAYERS if any(n in frame for n in needles)), None
            )
            if layer is not None:
                layers[layer] += count
                break
        else:
            layers["other"] += count
        for name, needle in MARKERS:
            if any(needle in frame for frame in frames):
                markers[name] += count
    return {
        "samples": total,
        "layers": {name: round(100 * n / total, 1) for name, n in layers.most_common()},
        "inclusive": {name: round(100 * markers[name] / total, 1) for name, _ in MARKERS},
        "top_self": {name: round(100 * n / total, 1) for name, n in leaves.most_common(25)},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.profile", description=__doc__)
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--candidates", type=int, default=1000)
    parser.add_argument("--rate", type=int, default=200, help="py-spy samples per second")
    parser.add_argument("--native", action="store_true", help="include C frames (slower sampling)")
    args = parser.parse_args(argv)
    pg_url = next((os.environ[v] for v in PG_URL_VARIABLES if os.environ.get(v)), None)
    if args.engine == "postgresql" and not pg_url:
        parser.error("set RECRUITFLOW_BENCH_PG_URL for PostgreSQL")
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    stem = f"profile-{args.engine}-w{args.workers}-{stamp}"
    raw = RESULTS / f"{stem}.txt"
    with tempfile.TemporaryDirectory(prefix="recruitflow-profile-") as scratch:
        options = Options(args.seconds, 3, args.clients, args.candidates, Path(scratch))
        databases = (
            SqliteDatabases(options.scratch)
            if args.engine == "sqlite"
            else PostgresDatabases(pg_url or "")
        )
        try:
            template, world = seed_template(databases, options)
            plan = options.scratch / "plan.lua"
            write_plan(world, plan, clients=args.clients, today=SystemClock().today())
            url = databases.clone(template, "profiled")
            env = {"RECRUITFLOW_DATABASE_URL": url, "BENCH_PLAN": str(plan)}

            def command(port: int) -> list[str]:
                return service_command(port, args.workers)

            with serving(
                command, env, workers=args.workers, log=options.scratch / "server.log"
            ) as server:
                run_wrk(
                    server.url,
                    "acts.lua",
                    clients=args.clients,
                    seconds=3,
                    env={**env, "BENCH_PHASE": "warmup"},
                    out=options.scratch / "warmup.json",
                )
                spy = [
                    str(VENV_BIN / "py-spy"),
                    "record",
                    "--gil",
                    "--format",
                    "raw",
                    "--rate",
                    str(args.rate),
                    "--duration",
                    str(args.seconds),
                    "--output",
                    str(raw),
                    "--nonblocking",
                    "--pid",
                    str(server.process.pid),
                ]
                if args.workers > 1:
                    spy.append("--subprocesses")
                if args.native:
                    spy.append("--native")
                profiler = threading.Thread(
                    target=subprocess.run, args=(spy,), kwargs={"capture_output": True}
                )
                profiler.start()
                result = run_wrk(
                    server.url,
                    "acts.lua",
                    clients=args.clients,
                    seconds=args.seconds,
                    env={**env, "BENCH_PHASE": "measure"},
                    out=options.scratch / "measure.json",
                )
                profiler.join()
                say(f"server processes: {descendants(server.process.pid)}")
        finally:
            databases.close()
    summary = {
        "engine": args.engine,
        "workers": args.workers,
        "acts": result.summary["requests"],
        **summarise(raw),
    }
    (RESULTS / f"{stem}.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    say(json.dumps(summary, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
