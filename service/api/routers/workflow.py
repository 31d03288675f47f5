"""Routes that serve the workflow definition: states, acts, rules (with sources) and a diagram."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import PlainTextResponse

from service.api.deps import EngineDep, SettingsDep
from service.api.errors import problem_responses
from service.app.definitions import definition_by_hash, deployment_profile
from service.app.errors import NotFound
from service.workflow import definition_hash, describe, mermaid_diagram

router = APIRouter(prefix="/workflow", tags=["workflow"])


@router.get("", responses=problem_responses(NotFound))
def get_workflow(
    settings: SettingsDep,
    engine: EngineDep,
    hash: Annotated[
        str | None,
        Query(pattern=r"^[0-9a-f]{64}$", description="A definition_hash from the history."),
    ] = None,
) -> dict[str, Any]:
    """The definition in force (or the one with `hash`): states, transitions, rules, profile."""
    if hash is not None:
        body = definition_by_hash(engine, hash)
        return {"hash": hash, **body}
    profile = deployment_profile(settings)
    return {"hash": definition_hash(profile), **describe(profile)}


@router.get(
    "/diagram", response_class=PlainTextResponse, responses={200: {"content": {"text/plain": {}}}}
)
def get_workflow_diagram(format: Literal["mermaid"] = "mermaid") -> str:
    """The state diagram in Mermaid, drawn by `transitions` from the definition."""
    return mermaid_diagram()
