"""Route for rosters (台帐) as JSON, CSV (UTF-8 with BOM) or XLSX, with Chinese headers."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from service.adapters.spreadsheets import CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE, to_csv
from service.api.deps import AUTH_ERRORS, ActorDep, ClockDep, EngineDep
from service.api.errors import problem_responses
from service.api.fields import MAX_ID
from service.app import ledgers
from service.app.errors import InvalidInput, NotFound, PermissionDenied
from service.app.ledgers import LedgerKind

router = APIRouter(prefix="/ledgers", tags=["ledgers"])


class LedgerColumnOut(BaseModel):
    key: str
    header: str


class LedgerOut(BaseModel):
    kind: LedgerKind
    title: str
    organization_id: int | None
    organization_name: str
    columns: list[LedgerColumnOut]
    items: list[dict[str, Any]]


@router.get(
    "/{kind}",
    response_model=LedgerOut,
    responses={
        **problem_responses(*AUTH_ERRORS, PermissionDenied, NotFound, InvalidInput),
        200: {
            "description": "The ledger, as JSON, CSV or XLSX by `format`.",
            "content": {CSV_MEDIA_TYPE: {}, XLSX_MEDIA_TYPE: {}},
        },
    },
)
def get_ledger(
    kind: LedgerKind,
    actor: ActorDep,
    engine: EngineDep,
    clock: ClockDep,
    format: Literal["json", "csv", "xlsx"] = "json",
    organization_id: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Defaults to the caller's own organisation.")
    ] = None,
    year: Annotated[
        int | None, Query(ge=2000, le=2100, description="For full_members_this_year; default: now.")
    ] = None,
) -> Any:
    """A roster under an organisation; ID numbers and phones masked except for the candidate's
    secretary and reviewers."""
    ledger = ledgers.build_ledger(
        engine,
        actor,
        kind,
        organization_id=organization_id,
        year=year if year is not None else clock.today().year,
    )
    today = clock.today()
    disposition = ledgers.attachment(ledger, today, format)
    if format == "csv":
        return Response(
            to_csv([column.header for column in ledger.columns], ledger.rows),
            media_type=CSV_MEDIA_TYPE,
            headers={"Content-Disposition": disposition},
        )
    if format == "xlsx":
        return Response(
            ledgers.workbook(ledger, today),
            media_type=XLSX_MEDIA_TYPE,
            headers={"Content-Disposition": disposition},
        )
    keys = [column.key for column in ledger.columns]
    return LedgerOut(
        kind=ledger.kind,
        title=ledger.title,
        organization_id=ledger.organization_id,
        organization_name=ledger.organization_name,
        columns=[LedgerColumnOut(key=c.key, header=c.header) for c in ledger.columns],
        items=[
            {
                key: value.isoformat() if isinstance(value, date) else value
                for key, value in zip(keys, row, strict=True)
            }
            for row in ledger.rows
        ],
    )
