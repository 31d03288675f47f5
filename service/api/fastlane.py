"""The acts' fast lane: a well-formed act is served without the router's search and the
dependency solver; every other request, and every doubt, goes the framework's way.

Acts are most of what other systems send this service. Served the framework's way, an act
first walks the route table (about thirty act routes, one regular expression each, plus
FastAPI's per-inclusion bookkeeping) and then solves its dependencies (path, headers,
bearer, actor, services, body): in-process that was about three fifths of the CPU the act's
route costs before its use case runs (bench/README.md, "The acts' fast lane").

This middleware recognises `POST /api/v1/candidates/{id}/transitions/{trigger}` with one
regular expression and a dict, and serves it only when every input is plainly valid:

- a known trigger, an id of digits within range, no `Idempotency-Key` (keyed acts store and
  replay their answer: the route does that);
- `Content-Type: application/json`, a body that orjson reads and the trigger's evidence model
  (the route's own, service.api.evidence) validates as FastAPI would (`validate_python`);
- a `Bearer` token found in the actor cache (a miss needs the database: the route's thread
  does that), an `If-Match` that parses.

Then it runs the route's own `act_response`: the same use case, the same response, and a
refusal or any other error answered by the same `problem_response` the exception handlers
use. If any check fails it replays the request, body included, to the app, which answers as
if the lane did not exist: validation errors, 401s and 404s keep exactly their framework
shape. The lane sits inside the request-id and body-size middlewares, so its requests are
logged, limited and id'd like any other. The differential test in tests/api shows the two
ways answer alike.
"""

from __future__ import annotations

import re
from typing import Any

import orjson
from fastapi.security.utils import get_authorization_scheme_param
from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.auth import ActorCache, AuthFailureLimiter, authenticate_cached
from service.api.deps import Services
from service.api.errors import problem_response
from service.api.evidence import evidence_model
from service.api.fields import MAX_ID
from service.api.routers.transitions import act_response, parse_if_match
from service.app.actors import Actor
from service.app.errors import ServiceError
from service.workflow import TRIGGERS

_ACT_PATH = re.compile(r"/api/v1/candidates/([1-9][0-9]{0,9})/transitions/([a-z_]{1,64})")


class ActFastLane:
    """ASGI middleware; `app` is the rest of the application, which serves everything else."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.models: dict[str, type[BaseModel]] = {t: evidence_model(t) for t in TRIGGERS}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            match = _ACT_PATH.fullmatch(scope["path"])
            if match is not None and match[2] in self.models and int(match[1]) <= MAX_ID:
                await self._act(scope, receive, send, int(match[1]), match[2])
                return
        await self.app(scope, receive, send)

    async def _act(
        self, scope: Scope, receive: Receive, send: Send, candidate_id: int, trigger: str
    ) -> None:
        headers = _act_headers(scope)
        actor = _cached_actor(scope, headers[0]) if headers is not None else None
        expected = _if_match(headers[1]) if headers is not None else _UNPARSED
        if actor is None or isinstance(expected, _Unparsed):
            await self.app(scope, receive, send)
            return
        messages, body = await _read_body(receive)
        evidence = self._evidence(trigger, body) if body is not None else None
        if evidence is None:
            await self.app(scope, _replay(messages, receive), send)
            return
        services: Services = scope["app"].state.services
        try:
            response = await act_response(
                services, actor, candidate_id, trigger, evidence, expected
            )
        except Exception as exc:
            response = problem_response(Request(scope), exc)
        await response(scope, receive, send)

    def _evidence(self, trigger: str, body: bytes) -> BaseModel | None:
        try:
            return self.models[trigger].model_validate(orjson.loads(body))
        except (orjson.JSONDecodeError, ValidationError):
            return None


def _act_headers(scope: Scope) -> tuple[bytes, bytes | None] | None:
    """(Authorization, If-Match) when the request is one the lane serves, else None.

    Each header's first occurrence counts, as Starlette's `Headers.get` reads it.
    """
    authorization = if_match = content_type = None
    for name, value in scope["headers"]:
        if name == b"authorization":
            authorization = value if authorization is None else authorization
        elif name == b"if-match":
            if_match = value if if_match is None else if_match
        elif name == b"content-type":
            content_type = value if content_type is None else content_type
        elif name == b"idempotency-key":
            return None
    if authorization is None or content_type is None:
        return None
    if content_type.partition(b";")[0].strip().lower() != b"application/json":
        return None
    return authorization, if_match


def _cached_actor(scope: Scope, authorization: bytes) -> Actor | None:
    scheme, token = get_authorization_scheme_param(authorization.decode("latin-1"))
    if scheme.lower() != "bearer" or not token:
        return None
    app_state: Any = scope["app"].state
    limiter: AuthFailureLimiter = app_state.auth_limiter
    cache: ActorCache = app_state.actor_cache
    client = scope.get("client")
    try:
        return authenticate_cached(
            limiter, cache, client=client[0] if client else "unknown", token=token
        )
    except ServiceError:
        return None  # throttled: the route answers it


class _Unparsed:
    """An If-Match the route must answer (it does not parse)."""


_UNPARSED = _Unparsed()


def _if_match(value: bytes | None) -> int | _Unparsed | None:
    """The expected version; None for no If-Match or `*`."""
    if value is None:
        return None
    try:
        return parse_if_match(value.decode("latin-1"))
    except ServiceError:
        return _UNPARSED


async def _read_body(receive: Receive) -> tuple[list[Message], bytes | None]:
    """The messages received and the whole body, or None for the body if the client left."""
    messages: list[Message] = []
    chunks: list[bytes] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return messages, None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return messages, b"".join(chunks)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """`receive` as it was before the lane read from it."""
    pending = list(messages)

    async def replayed() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed
