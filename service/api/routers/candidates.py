"""Routes for candidates: register an applicant, read one, list them."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response, status

from service.api.deps import AUTH_ERRORS, ActorDep, ClockDep, EngineDep, SettingsDep
from service.api.errors import PayloadTooLarge, problem_responses
from service.api.fields import Cursor, Day, IdInPath, IdInQuery, Name
from service.api.idempotency import IdempotencyKey, begin, completed, release, stored_json
from service.api.schemas import CandidateIn, CandidateOut, CandidatePageOut
from service.app import candidates
from service.app.audit.as_of import candidate_as_of
from service.app.candidates import NewCandidate, sees_personal_data
from service.app.errors import IdempotencyConflict, InvalidInput, NotFound, PermissionDenied
from service.app.idempotency import StoredResponse
from service.workflow import STATE_NAMES, RulesNotMet

router = APIRouter(prefix="/candidates", tags=["candidates"])


def etag(version: int) -> str:
    return f'"{version}"'


def _created_headers(body: dict[str, Any]) -> dict[str, str]:
    return {"ETag": etag(body["version"]), "Location": f"/api/v1/candidates/{body['id']}"}


def _render_created(outcome: tuple[Any, Any]) -> StoredResponse:
    return stored_json(status.HTTP_201_CREATED, CandidateOut.of(outcome[0], personal=True))


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CandidateOut,
    responses=problem_responses(
        *AUTH_ERRORS,
        PermissionDenied,
        InvalidInput,
        RulesNotMet,
        IdempotencyConflict,
        PayloadTooLarge,
    ),
)
def create_candidate(
    body: CandidateIn,
    request: Request,
    response: Response,
    actor: ActorDep,
    engine: EngineDep,
    clock: ClockDep,
    settings: SettingsDep,
    idempotency_key: IdempotencyKey = None,
) -> CandidateOut | Response:
    """Register an applicant (入党申请人) of the caller's branch: the first act in the history."""
    claim = begin(
        request,
        engine,
        clock,
        actor,
        key=idempotency_key,
        body=body,
        render=_render_created,
        headers_of=_created_headers,
    )
    if isinstance(claim, Response):
        return claim
    try:
        candidate, _ = candidates.create_candidate(
            engine, clock, settings, actor, NewCandidate(**body.model_dump()), idempotency=claim
        )
    except Exception:
        release(engine, claim)
        raise
    if claim is not None:
        return completed(claim, _created_headers)
    response.headers["ETag"] = etag(candidate.version)
    response.headers["Location"] = f"/api/v1/candidates/{candidate.id}"
    return CandidateOut.of(candidate, personal=True)


@router.get(
    "/{candidate_id}", responses=problem_responses(*AUTH_ERRORS, PermissionDenied, NotFound)
)
def get_candidate(
    candidate_id: IdInPath,
    response: Response,
    actor: ActorDep,
    engine: EngineDep,
    as_of: Annotated[
        Day | None,
        Query(
            description="Rebuild state, branch and key dates as they stood on this day from the"
            " history alone (no ETag then; `version` stays the current one)."
        ),
    ] = None,
) -> CandidateOut:
    """A candidate with its state, version (also the ETag) and key dates."""
    if as_of is not None:
        then, now, branch = candidate_as_of(engine, actor, candidate_id, as_of)
        return CandidateOut.of(then, personal=sees_personal_data(actor, now, branch))
    candidate, branch = candidates.get_candidate(engine, actor, candidate_id)
    response.headers["ETag"] = etag(candidate.version)
    return CandidateOut.of(candidate, personal=sees_personal_data(actor, candidate, branch))


StateName = Literal[STATE_NAMES]  # type: ignore[valid-type]
StateFilter = Annotated[
    list[StateName] | None,
    Query(
        max_length=len(STATE_NAMES),
        description="One of the workflow's states; repeat it for several (state=a&state=b).",
    ),
]
NameFilter = Annotated[
    Name | None, Query(description="Only candidates whose name contains this text.")
]


@router.get("", responses=problem_responses(*AUTH_ERRORS, PermissionDenied, NotFound, InvalidInput))
def list_candidates(
    actor: ActorDep,
    engine: EngineDep,
    state: StateFilter = None,
    name: NameFilter = None,
    branch_id: IdInQuery = None,
    organization_id: IdInQuery = None,
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> CandidatePageOut:
    """Candidates under the caller's organisation (or `organization_id` / `branch_id`), by id,
    narrowed by state and by a part of the name."""
    page = candidates.list_candidates(
        engine,
        actor,
        states=state or (),
        name=name,
        branch_id=branch_id,
        organization_id=organization_id,
        cursor=cursor,
        limit=limit,
    )
    return CandidatePageOut(
        items=[CandidateOut.of(c, personal=False) for c in page.items], next_cursor=page.next_cursor
    )
