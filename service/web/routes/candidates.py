"""Candidates: the candidate page, search by name, 登记 of a new applicant, the printable file."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from service.app import candidates, dossier, organizations
from service.app.actors import Role
from service.app.candidates import NewCandidate
from service.app.errors import InvalidInput, PermissionDenied
from service.web.forms import validated
from service.web.guard import ConsoleRoute
from service.web.pages import html_page, render
from service.web.params import CandidateId
from service.web.session import CSRF_FIELD, CheckedConsoleDep, Console, ConsoleDep
from service.web.timeline import candidate_view
from service.workflow.words import CANDIDATE_FIELDS, choice_label

router = APIRouter(route_class=ConsoleRoute)

SEARCH_LIMIT = 100
GENDERS = tuple((value, choice_label(value)) for value in ("male", "female"))
NEW_FIELDS = (
    "name",
    "gender",
    "birth_date",
    "application_date",
    "ethnicity",
    "id_number",
    "education",
    "work_unit",
    "phone",
)


@router.get("/candidates", response_class=HTMLResponse)
def search(
    request: Request,
    console: ConsoleDep,
    q: Annotated[str, Query(max_length=100)] = "",
) -> HTMLResponse:
    text = q.strip()
    engine, actor = console.wiring.engine, console.user.actor
    found = (
        candidates.list_candidates(engine, actor, name=text, limit=SEARCH_LIMIT).items
        if text
        else []
    )
    branches = (
        {item.id: item.name for item in organizations.list_organizations(engine, actor)}
        if found
        else {}
    )
    return render(
        request,
        "search.html",
        user=console.user,
        nav="search",
        q=text,
        found=found,
        branches=branches,
    )


def _new_form(
    request: Request,
    console: Console,
    *,
    typed: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    if console.user.actor.organization_id is None or console.user.actor.role != Role.secretary:
        raise PermissionDenied("only a branch secretary registers applicants")
    return render(
        request,
        "new_candidate.html",
        status_code=status_code,
        user=console.user,
        nav="new",
        labels={name: words.zh for name, words in CANDIDATE_FIELDS.items()},
        fields=NEW_FIELDS,
        genders=GENDERS,
        typed=typed,
        errors=errors,
    )


@router.get("/candidates/new", response_class=HTMLResponse)
def new_candidate_form(request: Request, console: ConsoleDep) -> HTMLResponse:
    return _new_form(request, console, typed={}, errors={})


@router.post("/candidates/new", response_class=HTMLResponse)
async def register(request: Request, console: CheckedConsoleDep) -> Response:
    form = await request.form()
    typed = {
        name: value.strip()
        for name, value in form.items()
        if isinstance(value, str) and name != CSRF_FIELD
    }
    data: dict[str, Any] = {name: typed[name] for name in NEW_FIELDS if typed.get(name)}
    data["branch_id"] = console.user.actor.organization_id
    body, errors = validated(console.wiring.candidate_model, data)
    if body is None:
        return _new_form(request, console, typed=typed, errors=errors, status_code=422)
    try:
        created, _ = await run_in_threadpool(
            candidates.create_candidate,
            console.wiring.engine,
            console.clock,
            console.settings,
            console.user.actor,
            NewCandidate(**body.model_dump()),
        )
    except InvalidInput as invalid:
        errors = {invalid.field: "填写的内容不符合要求。"}
        return _new_form(request, console, typed=typed, errors=errors, status_code=422)
    return RedirectResponse(f"/console/candidates/{created.id}", status_code=303)


@router.get("/candidates/{candidate_id}", response_class=HTMLResponse)
def candidate_page(
    request: Request,
    console: ConsoleDep,
    candidate_id: CandidateId,
    seq: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> HTMLResponse:
    view = candidate_view(
        console.wiring.engine,
        console.clock,
        console.settings,
        console.user.actor,
        candidate_id,
    )
    done = next((step for step in view.steps if step.seq == seq), None)
    return render(
        request,
        "candidate.html",
        user=console.user,
        nav="",
        candidate_id=candidate_id,
        view=view,
        done=done,
    )


@router.get("/candidates/{candidate_id}/dossier", response_class=HTMLResponse)
def dossier_page(request: Request, console: ConsoleDep, candidate_id: CandidateId) -> Response:
    found = dossier.build_dossier(console.wiring.engine, console.user.actor, candidate_id)
    return html_page(console.wiring.render_dossier(found, console.clock.now()))
