"""The service app with prototyped optimisations applied from outside service/, for uvicorn's
`--factory`. `BENCH_PROTOTYPE` lists them, comma-separated:

- `threads-N`: the threadpool limited to N threads (anyio's default is 40);
- `no-pre-ping`: PostgreSQL connections handed out without the `SELECT 1` that
  `pool_pre_ping=True` sends at every checkout (two per act: authentication and the act);
- `no-lane`: the acts served only the framework's way, without service.api.fastlane.

The prototypes `async-deps`, `actor-cache`, `fast-codec` and `lean-acts` measured here are now
part of the service (bench/README.md, "Applied so far"), so their flags are gone.

Serve-level options (uvloop + httptools, log level) are environment, not code: see compare.py.
"""

from __future__ import annotations

import os
import sys

import anyio.to_thread
from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send


class _ThreadLimit:
    """Sets the threadpool size on the first request (it must be set inside the event loop)."""

    def __init__(self, app: ASGIApp, threads: int) -> None:
        self.app, self.threads, self.done = app, threads, False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self.done:
            anyio.to_thread.current_default_thread_limiter().total_tokens = self.threads
            self.done = True
        await self.app(scope, receive, send)


def create_app() -> FastAPI:
    if "service.main" in sys.modules:
        raise RuntimeError("the routers are built already; the prototype must import them itself")
    flags = {flag for flag in os.environ.get("BENCH_PROTOTYPE", "").split(",") if flag}
    from service.main import create_app as create_service_app

    engine = None
    if "no-pre-ping" in flags:
        from service.adapters.database import make_engine
        from service.settings import Settings

        engine = make_engine(Settings().database_url)
        engine.pool._pre_ping = False
    app = create_service_app(engine=engine, fast_lane="no-lane" not in flags)
    for flag in flags:
        if flag.startswith("threads-"):
            app.add_middleware(_ThreadLimit, threads=int(flag.removeprefix("threads-")))
    return app
