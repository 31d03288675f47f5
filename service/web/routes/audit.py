"""审计 (/console/audit): the chain head, 校验 of the chains under the auditor's scope, the
exports (导出 JSONL, 导出 CSV) and the rosters (台账 XLSX)."""

from __future__ import annotations

from functools import partial
from typing import Literal

from anyio import CapacityLimiter, to_thread
from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, StreamingResponse

from service.adapters.spreadsheets import XLSX_MEDIA_TYPE
from service.app import candidates, ledgers
from service.app.audit import export, verify
from service.app.audit.events import EventQuery
from service.app.history import recorded_at_text
from service.app.ledgers import TITLES, LedgerKind
from service.web.guard import ConsoleRoute
from service.web.pages import render
from service.web.session import Console, ConsoleDep

router = APIRouter(route_class=ConsoleRoute)

# A verification reads every event in scope: one at a time, on a thread of its own.
_VERIFICATIONS = CapacityLimiter(1)
MEDIA_TYPES = {"jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8"}


def _audit_page(
    request: Request, console: Console, *, result: verify.Verification | None, broken: str | None
) -> HTMLResponse:
    head = verify.chain_head(console.wiring.engine, console.user.actor)
    return render(
        request,
        "audit.html",
        user=console.user,
        nav="audit",
        head=head,
        result=result,
        broken=broken,
        ledgers=list(TITLES.items()),
    )


@router.get("/audit", response_class=HTMLResponse)
def audit(request: Request, console: ConsoleDep) -> HTMLResponse:
    return _audit_page(request, console, result=None, broken=None)


@router.get("/audit/verify", response_class=HTMLResponse)
async def verify_chains(request: Request, console: ConsoleDep) -> HTMLResponse:
    engine, actor = console.wiring.engine, console.user.actor
    result = await to_thread.run_sync(partial(verify.verify, engine, actor), limiter=_VERIFICATIONS)
    broken = None
    first = result.first_broken
    if first is not None and first.candidate_id is not None:
        candidate, _ = await to_thread.run_sync(
            candidates.get_candidate, engine, actor, first.candidate_id
        )
        broken = candidate.name
    return await to_thread.run_sync(
        partial(_audit_page, request, console, result=result, broken=broken)
    )


@router.get("/audit/export")
def export_events(
    console: ConsoleDep, format: Literal["jsonl", "csv"] = "jsonl"
) -> StreamingResponse:
    exported_at = recorded_at_text(console.clock.now())
    chunks = export.export_events(
        console.wiring.engine,
        console.user.actor,
        EventQuery(),
        format=format,
        exported_at=exported_at,
    )
    filename = f"recruitflow-audit-{exported_at[:10]}.{format}"
    return StreamingResponse(
        chunks,
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/ledgers/{kind}.xlsx")
def ledger(console: ConsoleDep, kind: LedgerKind) -> Response:
    today = console.clock.today()
    found = ledgers.build_ledger(
        console.wiring.engine, console.user.actor, kind, organization_id=None, year=today.year
    )
    return Response(
        ledgers.workbook(found, today),
        media_type=XLSX_MEDIA_TYPE,
        headers={"Content-Disposition": ledgers.attachment(found, today, "xlsx")},
    )
