"""The `Idempotency-Key` header on the routes that change things: claim, replay, or release.

The design (claim, then store the response in the act's own transaction) is described in
service/app/idempotency.py; this module turns it into HTTP answers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import orjson
from fastapi import Header, Request, Response
from pydantic import BaseModel
from sqlalchemy.engine import Engine

from service.adapters.clock import Clock
from service.api.errors import problem_response
from service.api.problem import PROBLEM_MEDIA_TYPE
from service.app import idempotency
from service.app.actors import Actor
from service.app.idempotency import Claim, StoredResponse

REPLAYED_HEADER = "Idempotent-Replayed"

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        pattern=r"^[!-~]+$",
        description=(
            "A key of the client's choosing (printable ASCII, e.g. a UUID). A retry with the same "
            "key and body gets the first answer again without a second effect; the same key with "
            "another body is 422; a retry while the first is still running is 409. Keys are "
            "kept 24 hours, per principal."
        ),
    ),
]

HeadersOf = Callable[[Any], dict[str, str]]


def stored_json(status_code: int, body: BaseModel) -> StoredResponse:
    return StoredResponse(status_code, body.model_dump_json())


def stored_problem(request: Request, exc: BaseException) -> StoredResponse:
    """A refusal as the error handler would answer it (it is committed, so it is replayed too)."""
    response = problem_response(request, exc)
    return StoredResponse(response.status_code, bytes(response.body).decode("utf-8"))


def begin(
    request: Request,
    engine: Engine,
    clock: Clock,
    actor: Actor,
    *,
    key: str | None,
    body: BaseModel,
    render: idempotency.Render,
    headers_of: HeadersOf,
) -> Claim | Response | None:
    """None without a key; the replayed answer of an earlier identical request; or the claim."""
    if key is None:
        return None
    fingerprint = idempotency.request_hash(
        method=request.method, path=request.url.path, body=body.model_dump(mode="json")
    )
    claimed = idempotency.claim(
        engine, clock, principal_id=actor.id, key=key, request_hash=fingerprint, render=render
    )
    if isinstance(claimed, Claim):
        return claimed
    return answer(claimed, headers_of, replayed=True)


def answer(stored: StoredResponse, headers_of: HeadersOf, *, replayed: bool = False) -> Response:
    """The stored response, byte for byte, with the headers that follow from its body."""
    success = stored.status_code < 400
    headers = headers_of(orjson.loads(stored.body)) if success else {}
    if replayed:
        headers[REPLAYED_HEADER] = "true"
    return Response(
        content=stored.body,
        status_code=stored.status_code,
        headers=headers,
        media_type="application/json" if success else PROBLEM_MEDIA_TYPE,
    )


def completed(claim: Claim, headers_of: HeadersOf) -> Response:
    assert claim.response is not None, "the use case did not complete its claim"
    return answer(claim.response, headers_of)


def release(engine: Engine, claim: Claim | None) -> None:
    if claim is not None:
        idempotency.release(engine, claim)
