"""Routes for auditors: verify the chains, note the head, query and export the history; read,
verify and export the security log."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Literal

from anyio import CapacityLimiter, to_thread
from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse

from service.api.audit_schemas import AuditEventPageOut, HeadOut, VerificationOut
from service.api.deps import AUTH_ERRORS, ActorDep, ClockDep, EngineDep
from service.api.errors import problem_responses
from service.api.fields import MAX_ID, Cursor, Day
from service.api.schemas import EventOut
from service.api.security_schemas import (
    SecurityEventOut,
    SecurityEventPageOut,
    SecurityVerificationOut,
)
from service.app.audit import events, export, security_log, verify
from service.app.audit.events import EventQuery
from service.app.audit.security_log import SecurityQuery
from service.app.errors import InvalidInput, NotFound, PermissionDenied
from service.app.history import recorded_at_text

router = APIRouter(prefix="/audit", tags=["audit"])

_ERRORS = problem_responses(*AUTH_ERRORS, PermissionDenied, NotFound, InvalidInput)
_HASH = r"^[0-9a-f]{64}$"
_TOGETHER = "Give head_seq and head_hash together or neither: one alone is refused with 422."
# A verification reads every event in scope: seconds on a large history. It runs on a thread of
# its own, one at a time, so it never holds the thread the other routes take turns on (one, on
# SQLite: service/main.py).
_VERIFICATIONS = CapacityLimiter(1)
MEDIA_TYPES = {"jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8"}


def event_query(
    organization_id: Annotated[
        int | None,
        Query(ge=1, le=MAX_ID, description="A subtree (default: your own organisation)."),
    ] = None,
    candidate_id: Annotated[
        int | None,
        Query(ge=1, le=MAX_ID, description="One candidate's whole chain, wherever it was."),
    ] = None,
    trigger: Annotated[str | None, Query(pattern=r"^[a-z_]{1,60}$")] = None,
    outcome: Literal["applied", "refused"] | None = None,
    actor_id: Annotated[int | None, Query(ge=0, le=MAX_ID)] = None,
    effective_from: Day | None = None,
    effective_to: Day | None = None,
    recorded_from: Annotated[
        Day | None, Query(description="A day in Asia/Shanghai, when the event was recorded.")
    ] = None,
    recorded_to: Annotated[
        Day | None, Query(description="A day in Asia/Shanghai, when the event was recorded.")
    ] = None,
    rule: Annotated[
        str | None,
        Query(
            pattern=r"^[a-z0-9_.]{1,80}$",
            description="Events whose violations or warnings name it.",
        ),
    ] = None,
) -> EventQuery:
    for start, end, name in (
        (effective_from, effective_to, "effective_to"),
        (recorded_from, recorded_to, "recorded_to"),
    ):
        if start is not None and end is not None and end < start:
            raise InvalidInput(f"{name} lies before its start", field=f"query.{name}")
    return EventQuery(
        organization_id=organization_id,
        candidate_id=candidate_id,
        trigger=trigger,
        outcome=outcome,
        actor_id=actor_id,
        effective_from=effective_from,
        effective_to=effective_to,
        recorded_from=recorded_from,
        recorded_to=recorded_to,
        rule=rule,
    )


EventQueryDep = Annotated[EventQuery, Depends(event_query)]


@router.get("/verify", responses=_ERRORS)
async def verify_chains(
    actor: ActorDep,
    engine: EngineDep,
    organization_id: Annotated[
        int | None,
        Query(ge=1, le=MAX_ID, description="A subtree (default: your own organisation)."),
    ] = None,
    head_seq: Annotated[
        int | None,
        Query(ge=1, le=MAX_ID, description=f"A head noted earlier: its global_seq. {_TOGETHER}"),
    ] = None,
    head_hash: Annotated[
        str | None, Query(pattern=_HASH, description=f"…and its global_hash. {_TOGETHER}")
    ] = None,
) -> VerificationOut:
    """Re-compute every candidate chain under the organisation from the events' content, and the
    global chain over all events; report the first break. With a noted head, also prove the
    chain still passes through it, so nothing before it changed."""
    if (head_seq is None) != (head_hash is None):
        raise InvalidInput("give head_seq and head_hash together", field="query.head_hash")
    noted = verify.Head(head_seq, head_hash) if head_seq is not None and head_hash else None
    result = await to_thread.run_sync(
        partial(verify.verify, engine, actor, organization_id=organization_id, noted=noted),
        limiter=_VERIFICATIONS,
    )
    return VerificationOut.of(result)


@router.get("/head", responses=problem_responses(*AUTH_ERRORS, PermissionDenied))
def chain_head(actor: ActorDep, engine: EngineDep) -> HeadOut:
    """The head of the global chain: note it today, pass it to `verify` later."""
    return HeadOut.of(verify.chain_head(engine, actor))


@router.get("/events", responses=_ERRORS)
def list_events(
    actor: ActorDep,
    engine: EngineDep,
    query: EventQueryDep,
    order: Literal["newest", "oldest"] = "newest",
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> AuditEventPageOut:
    """History events, applied and refused, with their hashes, filtered and paged."""
    page = events.list_events(
        engine,
        actor,
        query,
        newest_first=order == "newest",
        after=cursor,
        limit=limit,
    )
    return AuditEventPageOut(
        items=[EventOut.model_validate(item) for item in page.items], next_cursor=page.next_cursor
    )


@router.get(
    "/export",
    response_class=StreamingResponse,
    responses={
        **_ERRORS,
        200: {
            "description": "One event per line (oldest first), then a line with the chain heads"
            " and a digest of the file; `recruitflow audit verify-export FILE` checks it.",
            "content": {media_type: {} for media_type in MEDIA_TYPES.values()},
        },
    },
)
def export_events(
    actor: ActorDep,
    engine: EngineDep,
    clock: ClockDep,
    query: EventQueryDep,
    format: Literal["jsonl", "csv"] = "jsonl",
) -> StreamingResponse:
    """The filtered events as a file, streamed in constant memory whatever its size."""
    exported_at = recorded_at_text(clock.now())
    chunks = export.export_events(engine, actor, query, format=format, exported_at=exported_at)
    filename = f"recruitflow-audit-{exported_at[:10]}.{format}"
    return StreamingResponse(
        chunks,
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


SecurityKind = Literal[
    "auth.failed",
    "access.denied",
    "principal.created",
    "principal.revoked",
    "principal.rotated",
    "principal.expired",
    "subscription.created",
    "subscription.deleted",
    "plan.changed",
    "calendar.changed",
]


def security_query(
    kind: SecurityKind | None = None,
    principal_id: Annotated[
        int | None,
        Query(ge=1, le=MAX_ID, description="Events concerning the principal, or done by it."),
    ] = None,
    recorded_from: Annotated[
        Day | None, Query(description="A day in Asia/Shanghai, when the event was recorded.")
    ] = None,
    recorded_to: Annotated[
        Day | None, Query(description="A day in Asia/Shanghai, when the event was recorded.")
    ] = None,
) -> SecurityQuery:
    if recorded_from is not None and recorded_to is not None and recorded_to < recorded_from:
        raise InvalidInput(
            "recorded_to lies before its start",
            field="query.recorded_to",
            detail_zh="结束日期早于开始日期",
        )
    return SecurityQuery(
        kind=kind, principal_id=principal_id, recorded_from=recorded_from, recorded_to=recorded_to
    )


SecurityQueryDep = Annotated[SecurityQuery, Depends(security_query)]


@router.get("/security-events", responses=_ERRORS)
def list_security_events(
    actor: ActorDep,
    engine: EngineDep,
    query: SecurityQueryDep,
    order: Literal["newest", "oldest"] = "newest",
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> SecurityEventPageOut:
    """The security log (failed sign-ins, refusals, changes to principals, subscriptions, plans
    and the calendar) with its hashes, filtered and paged: admins see all of it, auditors
    their organisation's subtree."""
    page = security_log.list_security_events(
        engine, actor, query, newest_first=order == "newest", after=cursor, limit=limit
    )
    return SecurityEventPageOut(
        items=[SecurityEventOut.model_validate(item) for item in page.items],
        next_cursor=page.next_cursor,
    )


@router.get("/security-events/verify", responses=_ERRORS)
async def verify_security_events(actor: ActorDep, engine: EngineDep) -> SecurityVerificationOut:
    """Re-compute the security log's chain over every event, and each event in your scope from
    its content; report the first break."""
    result = await to_thread.run_sync(
        partial(security_log.verify_security_log, engine, actor), limiter=_VERIFICATIONS
    )
    return SecurityVerificationOut.of(result)


@router.get(
    "/security-events/export",
    response_class=StreamingResponse,
    responses={
        **_ERRORS,
        200: {
            "description": "One event per line (oldest first), then a line with the head.",
            "content": {MEDIA_TYPES["jsonl"]: {}},
        },
    },
)
def export_security_events(
    actor: ActorDep, engine: EngineDep, clock: ClockDep, query: SecurityQueryDep
) -> StreamingResponse:
    """The filtered security log as JSON lines, streamed."""
    exported_at = recorded_at_text(clock.now())
    chunks = security_log.export_security_events(engine, actor, query, exported_at=exported_at)
    filename = f"recruitflow-security-{exported_at[:10]}.jsonl"
    return StreamingResponse(
        chunks,
        media_type=MEDIA_TYPES["jsonl"],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
