"""The act form (/console/candidates/{id}/acts/{trigger}): one input per evidence field; 提交
goes through the API's request model and the same use case as the API (rules, history)."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from service.app import acts, candidates
from service.app.actors import self_named_fields
from service.app.acts import ActRefused
from service.web.forms import (
    EFFECTIVE_DATE,
    act_data,
    act_inputs,
    validated,
)
from service.web.guard import ConsoleRoute
from service.web.pages import render
from service.web.params import CandidateId
from service.web.session import CSRF_FIELD, CheckedConsoleDep, Console, ConsoleDep
from service.workflow import TRIGGERS, RulesNotMet, UnknownTrigger
from service.workflow.words import act_label

router = APIRouter(route_class=ConsoleRoute)

VERSION_FIELD = "version"


def _form(
    request: Request,
    console: Console,
    candidate_id: int,
    trigger: str,
    *,
    typed: dict[str, str],
    errors: dict[str, str] | None = None,
    refusals: list[str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    if trigger not in TRIGGERS:
        raise UnknownTrigger(trigger)
    candidate, branch = candidates.get_candidate(
        console.wiring.engine, console.user.actor, candidate_id
    )
    typed = {VERSION_FIELD: str(candidate.version), **typed}
    return render(
        request,
        "act.html",
        status_code=status_code,
        user=console.user,
        nav="",
        candidate=candidate,
        branch=branch,
        trigger=trigger,
        title=act_label(trigger, candidate.state),
        inputs=act_inputs(trigger),
        typed=typed,
        errors=errors or {},
        refusals=refusals or [],
    )


@router.get("/candidates/{candidate_id}/acts/{trigger}", response_class=HTMLResponse)
def act_form(
    request: Request, console: ConsoleDep, candidate_id: CandidateId, trigger: str
) -> HTMLResponse:
    today: date = console.clock.today()
    typed = {EFFECTIVE_DATE: today.isoformat()}
    if trigger in TRIGGERS:
        typed |= dict.fromkeys(self_named_fields(trigger), console.user.actor.name)
    return _form(request, console, candidate_id, trigger, typed=typed)


@router.post("/candidates/{candidate_id}/acts/{trigger}", response_class=HTMLResponse)
async def submit_act(
    request: Request, console: CheckedConsoleDep, candidate_id: CandidateId, trigger: str
) -> Response:
    if trigger not in TRIGGERS:
        raise UnknownTrigger(trigger)
    form = await request.form()
    typed = {
        name: value for name, value in form.items() if isinstance(value, str) and name != CSRF_FIELD
    }
    wiring = console.wiring
    body, errors = validated(wiring.evidence_model(trigger), act_data(trigger, typed))
    version = typed.get(VERSION_FIELD, "")
    again = partial(_form, request, console, candidate_id, trigger, typed=typed, status_code=422)
    if body is None or not (version.isascii() and version.isdigit() and len(version) < 10):
        return await run_in_threadpool(again, errors=errors)
    effective_date: date = getattr(body, EFFECTIVE_DATE)
    evidence = wiring.evidence_of(body, principal=console.user.actor.name)
    try:
        result = await run_in_threadpool(
            _perform, console, candidate_id, trigger, evidence, effective_date, int(version)
        )
    except ActRefused as refused:
        violations = (
            refused.refusal.violations
            if isinstance(refused.refusal, RulesNotMet)
            else (refused.refusal.violation,)
        )
        return await run_in_threadpool(
            again, refusals=[violation.message_zh for violation in violations]
        )
    return RedirectResponse(
        f"/console/candidates/{candidate_id}?seq={result.event.seq}", status_code=303
    )


def _perform(
    console: Console,
    candidate_id: int,
    trigger: str,
    evidence: dict[str, Any],
    effective_date: date,
    version: int,
) -> acts.ActResult:
    return acts.perform_act(
        console.wiring.engine,
        console.clock,
        console.settings,
        console.user.actor,
        candidate_id=candidate_id,
        trigger=trigger,
        evidence=evidence,
        effective_date=effective_date,
        if_match=version,
    )
