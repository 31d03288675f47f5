"""Routes for acts: one POST per trigger (its own evidence schema), the checklist, the history."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Header, Query, Request, Response
from pydantic import BaseModel, Field

from service.api.deps import (
    AUTH_ERRORS,
    ActorDep,
    CallerDep,
    ClockDep,
    EngineDep,
    SettingsDep,
)
from service.api.errors import PayloadTooLarge, problem_responses
from service.api.evidence import evidence_model, evidence_of
from service.api.fields import Cursor, IdInPath
from service.api.idempotency import (
    IdempotencyKey,
    begin,
    completed,
    release,
    stored_problem,
)
from service.api.routers.candidates import etag
from service.api.schemas import (
    ActOut,
    CandidateOut,
    ExplanationOut,
    ExplanationsOut,
    HistoryPageOut,
)
from service.app import acts
from service.app.acts import ActRefused
from service.app.errors import (
    IdempotencyConflict,
    InvalidInput,
    NotFound,
    PermissionDenied,
    VersionConflict,
)
from service.app.history import content_of
from service.app.idempotency import StoredResponse
from service.workflow import ACTS, TRIGGERS, RulesNotMet, TransitionNotAllowed, UnknownTrigger
from service.workflow.words import EN, ZH, act_label

router = APIRouter(prefix="/candidates/{candidate_id}", tags=["transitions"])

# The pattern says in the schema what parse_if_match refuses (with a clearer message).
_ETAG = Annotated[str, Field(json_schema_extra={"pattern": r'^\s*(\*|(W/)?"*[0-9]+"*)\s*$'})]
IfMatch = Annotated[
    _ETAG | None,
    Header(
        description='The candidate version the act is based on, as its ETag ("3"); stale → 412.'
    ),
]


def parse_if_match(value: str | None) -> int | None:
    if value is None or value.strip() == "*":
        return None
    text = value.strip().removeprefix("W/").strip('"')
    if not (text.isascii() and text.isdigit()):
        raise InvalidInput('If-Match must be a candidate ETag such as "3"', field="header.If-Match")
    return int(text)


_ACT_ERRORS = problem_responses(
    *AUTH_ERRORS,
    PermissionDenied,
    NotFound,
    InvalidInput,
    TransitionNotAllowed,
    RulesNotMet,
    VersionConflict,
    IdempotencyConflict,
    PayloadTooLarge,
)


def _summary(trigger: str) -> str:
    labels = dict.fromkeys(act.label_zh for act in ACTS if act.trigger == trigger)
    return f"{trigger}: {' / '.join(labels)}"


def _act_body(result: acts.ActResult) -> bytes:
    """The ActOut body. The event is spliced from its stored columns, as the history serves it:
    validating it again through pydantic would cost more than the act's rules."""
    candidate = CandidateOut.of(result.candidate, personal=True, record=result.record)
    return orjson.dumps(
        {
            "candidate": orjson.Fragment(candidate.model_dump_json()),
            "event": content_of(result.event, raw=True),
        }
    )


def _act_headers(body: dict[str, Any]) -> dict[str, str]:
    return {"ETag": etag(body["candidate"]["version"])}


def _stored_answer(request: Request, outcome: acts.ActResult | ActRefused) -> StoredResponse:
    """The answer an Idempotency-Key keeps: the act's body, or its refusal (committed too)."""
    if isinstance(outcome, ActRefused):
        return stored_problem(request, outcome)
    return StoredResponse(200, _act_body(outcome).decode("utf-8"))


def _act_route(trigger: str) -> Callable[..., Response]:
    model = evidence_model(trigger)

    def act(
        candidate_id: IdInPath,
        body: BaseModel,
        request: Request,
        caller: CallerDep,
        if_match: IfMatch = None,
        idempotency_key: IdempotencyKey = None,
    ) -> Response:
        expected_version = parse_if_match(if_match)
        actor, services = caller.actor, caller.services
        claim = begin(
            request,
            services.engine,
            services.clock,
            actor,
            key=idempotency_key,
            body=body,
            render=partial(_stored_answer, request),
            headers_of=_act_headers,
        )
        if isinstance(claim, Response):
            return claim
        try:
            result = acts.perform_act(
                services.engine,
                services.clock,
                services.settings,
                actor,
                candidate_id=candidate_id,
                trigger=trigger,
                evidence=evidence_of(body, principal=actor.name),
                effective_date=body.effective_date,  # type: ignore[attr-defined]
                if_match=expected_version,
                idempotency=claim,
            )
        except ActRefused:
            if claim is None:
                raise
            return completed(claim, _act_headers)  # committed, with its stored answer
        except Exception:
            release(services.engine, claim)
            raise
        if claim is not None:
            return completed(claim, _act_headers)
        return Response(
            _act_body(result),
            media_type="application/json",
            headers={"ETag": etag(result.candidate.version)},
        )

    act.__annotations__["body"] = model
    act.__name__ = trigger
    return act


for _trigger in TRIGGERS:
    router.add_api_route(
        f"/transitions/{_trigger}",
        _act_route(_trigger),
        methods=["POST"],
        name=_trigger,
        summary=_summary(_trigger),
        responses=_ACT_ERRORS,
        response_model=ActOut,
    )


@router.post("/transitions/{trigger}", include_in_schema=False)
def unknown_trigger(candidate_id: IdInPath, trigger: str) -> Any:
    raise UnknownTrigger(trigger)


@router.get("/transitions", responses=problem_responses(*AUTH_ERRORS, PermissionDenied, NotFound))
def explain_transitions(
    candidate_id: IdInPath,
    actor: ActorDep,
    engine: EngineDep,
    clock: ClockDep,
    settings: SettingsDep,
) -> ExplanationsOut:
    """Every trigger of the current state: allowed today or not, and every rule that refuses it."""
    candidate, explanations = acts.explain_candidate(engine, clock, settings, actor, candidate_id)
    assert candidate.id is not None
    return ExplanationsOut(
        candidate_id=candidate.id,
        state=candidate.state,
        version=candidate.version,
        items=[
            ExplanationOut(
                trigger=e.trigger,
                title_zh=act_label(e.trigger, candidate.state, ZH),
                title_en=act_label(e.trigger, candidate.state, EN),
                actor=e.actor,
                allowed=e.allowed,
                violations=[v.as_dict() for v in e.violations],  # type: ignore[misc]
                pending_rules=list(e.pending_rules),
            )
            for e in explanations
        ],
    )


@router.get(
    "/history",
    response_model=HistoryPageOut,
    responses=problem_responses(*AUTH_ERRORS, PermissionDenied, NotFound),
)
def candidate_history(
    candidate_id: IdInPath,
    actor: ActorDep,
    engine: EngineDep,
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> Response:
    """The candidate's events in order, applied and refused, with their hashes."""
    page = acts.candidate_history(engine, actor, candidate_id, after_seq=cursor or 0, limit=limit)
    # Built straight from the stored columns (the shape of HistoryPageOut): validating a
    # page of events through pydantic cost more than reading it.
    body = orjson.dumps({"items": page.items, "next_cursor": page.next_cursor})
    return Response(body, media_type="application/json")
