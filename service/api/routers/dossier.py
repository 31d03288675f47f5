"""Route for a candidate's file (档案): every applied act in order, as JSON or as a printable
HTML page."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from service.api.deps import AUTH_ERRORS, ActorDep, ClockDep, EngineDep
from service.api.dossier_page import render_dossier
from service.api.errors import problem_responses
from service.api.fields import IdInPath, UtcDateTime
from service.api.problem import ViolationOut
from service.app import dossier
from service.app.errors import NotFound, PermissionDenied

router = APIRouter(prefix="/candidates/{candidate_id}", tags=["candidates"])


class DossierLineOut(BaseModel):
    label: str
    value: str


class DossierEntryOut(BaseModel):
    seq: int
    trigger: str
    label_zh: str
    from_state: str | None
    to_state: str | None
    effective_date: date
    recorded_at: UtcDateTime
    actor_name: str
    actor_role: str
    imported: bool
    evidence: dict[str, Any]
    evidence_lines: list[DossierLineOut]
    warnings: list[ViolationOut]
    hash: str


class DossierOut(BaseModel):
    candidate_id: int
    personal: dict[str, str | None]
    branch_name: str
    committee_name: str | None
    state: str
    state_label: str
    key_dates: dict[str, date | None]
    chain_head: str
    entries: list[DossierEntryOut]


def _out(found: dossier.Dossier) -> DossierOut:
    return DossierOut(
        candidate_id=found.candidate_id,
        personal=found.personal,
        branch_name=found.branch_name,
        committee_name=found.committee_name,
        state=found.state,
        state_label=found.state_label,
        key_dates=found.key_dates,
        chain_head=found.chain_head,
        entries=[
            DossierEntryOut(
                seq=e.seq,
                trigger=e.trigger,
                label_zh=e.label_zh,
                from_state=e.from_state,
                to_state=e.to_state,
                effective_date=e.effective_date,
                recorded_at=e.recorded_at,
                actor_name=e.actor_name,
                actor_role=e.actor_role,
                imported=e.imported,
                evidence=e.evidence,
                evidence_lines=[DossierLineOut(label=k, value=v) for k, v in e.evidence_lines],
                warnings=[ViolationOut.model_validate(v) for v in e.warnings],
                hash=e.hash,
            )
            for e in found.entries
        ],
    )


@router.get(
    "/dossier",
    response_model=DossierOut,
    responses={
        **problem_responses(*AUTH_ERRORS, PermissionDenied, NotFound),
        200: {
            "description": "The file as JSON, or as HTML with format=html.",
            "content": {"text/html": {}},
        },
    },
)
def get_dossier(
    candidate_id: IdInPath,
    actor: ActorDep,
    engine: EngineDep,
    clock: ClockDep,
    format: Literal["json", "html"] = "json",
) -> Any:
    """The candidate's file: personal data, key dates, and every applied act in order, with
    values in words (refused attempts stay in the history)."""
    found = dossier.build_dossier(engine, actor, candidate_id)
    if format == "html":
        return HTMLResponse(render_dossier(found, generated_at=clock.now()))
    return _out(found)
