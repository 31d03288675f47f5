"""Routes that serve the workflow definition: states, acts, rules (with sources) and a diagram."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field

from service.api.deps import ClockDep, EngineDep, SettingsDep
from service.api.errors import problem_responses
from service.api.fields import Day
from service.app.definitions import definition_by_hash, deployment_profile, deployment_schedule
from service.app.errors import NotFound
from service.app.profiles import in_force
from service.workflow import definition_hash, describe, mermaid_diagram

router = APIRouter(prefix="/workflow", tags=["workflow"])


@router.get("", responses=problem_responses(NotFound))
def get_workflow(
    settings: SettingsDep,
    engine: EngineDep,
    clock: ClockDep,
    hash: Annotated[
        str | None,
        Query(pattern=r"^[0-9a-f]{64}$", description="A definition_hash from the history."),
    ] = None,
) -> dict[str, Any]:
    """The definition in force today (or the one with `hash`, any that decided an act):
    states, transitions, rules, profile."""
    if hash is not None:
        body = definition_by_hash(engine, hash)
        return {"hash": hash, **body}
    profile = deployment_profile(settings, on=clock.today())
    return {"hash": definition_hash(profile), **describe(profile)}


class ProfileInForce(BaseModel):
    since: date | None = Field(description="Acts dated from this day (none: from the start).")
    name: str
    label_zh: str
    label_en: str
    source: str = Field(description="The built-in profile's name or the file's path.")
    definition_hash: str
    in_force: bool = Field(description="Decides the acts dated `on` (by default today).")


@router.get("/profiles")
def get_workflow_profiles(
    settings: SettingsDep,
    clock: ClockDep,
    on: Annotated[Day | None, Query(description="Mark the profile in force on this day.")] = None,
) -> list[ProfileInForce]:
    """The schedule of rule profiles: each decides the acts dated from its day until the next's;
    read each one's rules at `/workflow?hash=`."""
    schedule = deployment_schedule(settings)
    current = in_force(schedule, on or clock.today())
    return [
        ProfileInForce(
            since=entry.since,
            name=entry.profile.name,
            label_zh=entry.profile.label_zh,
            label_en=entry.profile.label_en,
            source=entry.reference,
            definition_hash=definition_hash(entry.profile),
            in_force=entry is current,
        )
        for entry in schedule
    ]


@router.get(
    "/diagram", response_class=PlainTextResponse, responses={200: {"content": {"text/plain": {}}}}
)
def get_workflow_diagram(format: Literal["mermaid"] = "mermaid") -> str:
    """The state diagram in Mermaid, drawn by `transitions` from the definition."""
    return mermaid_diagram()
