"""Structured JSON logs on stdout; what goes in them is decided by their callers.

Never log tokens, candidates' id numbers or phones, or request bodies: log ids and outcomes.
"""

from __future__ import annotations

import logging
from typing import Any

import orjson
import structlog


def _dumps(data: Any, **options: Any) -> str:
    # orjson: one log line per request is on the hot path; the stdlib encoder cost 10× more.
    return orjson.dumps(data, default=options.get("default")).decode("utf-8")


def configure_logging(level: str) -> None:
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            # A plain traceback, not structlog's rich one: that would include local variables.
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(serializer=_dumps),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        # Uncached, so each line goes to the sys.stdout of its moment (pytest swaps it).
        logger_factory=structlog.PrintLoggerFactory(),
        cache_logger_on_first_use=False,
    )
