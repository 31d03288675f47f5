"""The RFC 9457 problem document every error response carries, its response class, and the
language its texts are written in (chosen by Accept-Language: Chinese unless English is
preferred)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import JSONResponse

from service.workflow.words import EN, ZH, Language

PROBLEM_MEDIA_TYPE = "application/problem+json"


def language_of(accept_language: str | None) -> Language:
    """The language of `Accept-Language` with the highest q among Chinese and English (the
    first listed on a tie); Chinese when neither is named, for `*`, or without the header."""
    best: tuple[float, Language] = (0.0, ZH)
    for item in (accept_language or "").split(","):
        tag, _, parameters = item.strip().partition(";")
        quality = 1.0
        for parameter in parameters.split(";"):
            key, _, value = parameter.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in (ZH, EN) and quality > best[0]:
            best = (quality, ZH if primary == ZH else EN)
    return best[1]


class FieldError(BaseModel):
    """One input error: `message` names the field by its label, in the problem's language;
    `loc` and `type` are pydantic's, for programs."""

    field: str
    message: str
    loc: list[str | int] | None = None
    type: str | None = None


class ViolationOut(BaseModel):
    rule: str
    message_zh: str
    message_en: str
    source: str
    details: dict[str, Any]


class ProblemViolation(ViolationOut):
    message: str = Field(description="message_zh or message_en, by Accept-Language.")


class Problem(BaseModel):
    """`type` is stable ("/problems/rules-not-met"); clients branch on it, not on `title`.
    `title`, `detail` and every `message` are Chinese, or English for `Accept-Language: en`."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[FieldError] | None = None
    violations: list[ProblemViolation] | None = None
    state: str | None = None
    trigger: str | None = None
    allowed_triggers: list[str] | None = None
    rule_profile: str | None = None
    event_seq: int | None = Field(default=None, description="The refused event in the history.")
    request_id: str | None = None


class ProblemResponse(JSONResponse):
    media_type = PROBLEM_MEDIA_TYPE
