"""The RFC 9457 problem document every error response carries, and its response class."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import JSONResponse

PROBLEM_MEDIA_TYPE = "application/problem+json"


class FieldError(BaseModel):
    field: str
    message: str


class ViolationOut(BaseModel):
    rule: str
    message_zh: str
    message_en: str
    source: str
    details: dict[str, Any]


class Problem(BaseModel):
    """`type` is stable ("/problems/rules-not-met"); clients branch on it, not on `title`."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[FieldError] | None = None
    violations: list[ViolationOut] | None = None
    state: str | None = None
    trigger: str | None = None
    allowed_triggers: list[str] | None = None
    rule_profile: str | None = None
    event_seq: int | None = Field(default=None, description="The refused event in the history.")
    request_id: str | None = None


class ProblemResponse(JSONResponse):
    media_type = PROBLEM_MEDIA_TYPE
