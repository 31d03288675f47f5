"""Routes for candidates: register an applicant, read one, list them."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status

from service import candidates
from service.api.deps import AUTH_ERRORS, ActorDep, ClockDep, EngineDep, SettingsDep
from service.api.errors import PayloadTooLarge, problem_responses
from service.api.schemas import CandidateIn, CandidateOut, CandidatePageOut
from service.candidates import NewCandidate, sees_personal_data
from service.errors import InvalidInput, NotFound, PermissionDenied
from service.workflow import STATE_NAMES, RulesNotMet

router = APIRouter(prefix="/candidates", tags=["candidates"])


def etag(version: int) -> str:
    return f'"{version}"'


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(*AUTH_ERRORS, PermissionDenied, InvalidInput, RulesNotMet, PayloadTooLarge),
)
def create_candidate(
    body: CandidateIn,
    response: Response,
    actor: ActorDep,
    engine: EngineDep,
    clock: ClockDep,
    settings: SettingsDep,
) -> CandidateOut:
    """Register an applicant (入党申请人) of the caller's branch: the first act in the history."""
    candidate, _ = candidates.create_candidate(
        engine, clock, settings, actor, NewCandidate(**body.model_dump())
    )
    response.headers["ETag"] = etag(candidate.version)
    response.headers["Location"] = f"/api/v1/candidates/{candidate.id}"
    return CandidateOut.of(candidate, personal=True)


@router.get("/{candidate_id}", responses=problem_responses(*AUTH_ERRORS, PermissionDenied, NotFound))
def get_candidate(candidate_id: int, response: Response, actor: ActorDep, engine: EngineDep) -> CandidateOut:
    """A candidate with its state, version (also the ETag) and key dates."""
    candidate, branch = candidates.get_candidate(engine, actor, candidate_id)
    response.headers["ETag"] = etag(candidate.version)
    return CandidateOut.of(candidate, personal=sees_personal_data(actor, candidate, branch))


StateName = Literal[STATE_NAMES]  # type: ignore[valid-type]
StateFilter = Annotated[StateName | None, Query(description="One of the workflow's states.")]


@router.get("", responses=problem_responses(*AUTH_ERRORS, PermissionDenied, NotFound, InvalidInput))
def list_candidates(
    actor: ActorDep,
    engine: EngineDep,
    state: StateFilter = None,
    branch_id: int | None = None,
    organization_id: int | None = None,
    cursor: Annotated[str | None, Query(pattern=r"^\d{1,18}$")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> CandidatePageOut:
    """Candidates under the caller's organisation (or `organization_id` / `branch_id`), by id."""
    page = candidates.list_candidates(
        engine,
        actor,
        state=state,
        branch_id=branch_id,
        organization_id=organization_id,
        cursor=int(cursor) if cursor else None,
        limit=limit,
    )
    return CandidatePageOut(
        items=[CandidateOut.of(c, personal=False) for c in page.items], next_cursor=page.next_cursor
    )
