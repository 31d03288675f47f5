"""From exceptions to problem+json: the one mapping table and the one handler.

    table row: exception class → problem types (status, slug), extras, headers
Subclasses inherit their base's row (the most specific row wins), so a new
`CandidateNotFound(NotFound)` needs no row of its own. Anything without a row is a bug: 500.
A problem's title is the catalogue's (service.workflow.words PROBLEMS), never restated here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.routing import Match

from service.adapters.database import DatabaseUnavailable
from service.api.input_errors import field_error, field_errors
from service.api.problem import Problem, ProblemResponse, language_of
from service.app.acts import ActRefused
from service.app.errors import (
    IdempotencyConflict,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    ServiceError,
    StateConflict,
    TokenExpired,
    TokenRevoked,
    TooManyRequests,
    VersionConflict,
)
from service.workflow import words
from service.workflow.errors import RulesNotMet, TransitionNotAllowed, UnknownTrigger
from service.workflow.words import EN, Language

logger = structlog.get_logger("recruitflow.errors")


class PayloadTooLarge(StarletteHTTPException):
    """The request body exceeds `max_body_bytes` (raised by the body-size middleware)."""

    def __init__(self) -> None:
        super().__init__(status_code=413, detail="The request body is too large.")


class MalformedBody(StarletteHTTPException):
    """A body that is not JSON text at all (not UTF-8, nested too deep): FastAPI answers it
    with 400 before any route runs; this class gives that answer its row and its place in the spec.
    """

    def __init__(self) -> None:
        super().__init__(status_code=400, detail="There was an error parsing the body")


class NotReady(Exception):
    """The database is unreachable or its schema is not at the latest migration."""


@dataclass(frozen=True, slots=True)
class ProblemType:
    status: int
    slug: str

    def title(self, language: Language) -> str:
        """The catalogue's title; a status only Starlette raises keeps its HTTP phrase."""
        return words.problem_title(self.slug, language, HTTPStatus(self.status).phrase)


@dataclass(frozen=True, slots=True)
class ErrorMapping:
    problems: tuple[ProblemType, ...]
    pick: Callable[[Any], ProblemType] | None = None
    extras: Callable[[Any], dict[str, Any]] = lambda _exc: {}
    headers: Callable[[Any], dict[str, str]] = lambda _exc: {}

    def problem_for(self, exc: BaseException) -> ProblemType:
        return self.pick(exc) if self.pick else self.problems[0]


INVALID_INPUT = ProblemType(422, "invalid-input")
INTERNAL_ERROR = ProblemType(500, "internal-error")
_IDEMPOTENCY_IN_FLIGHT = ProblemType(409, "idempotency-in-flight")
_IDEMPOTENCY_REUSED = ProblemType(422, "idempotency-key-reused")

_UNAUTHENTICATED = ProblemType(401, "unauthenticated")
_TOKEN_REVOKED = ProblemType(401, "token-revoked")
_TOKEN_EXPIRED = ProblemType(401, "token-expired")

_TRANSITION_NOT_ALLOWED = ProblemType(409, "transition-not-allowed")
_RULES_NOT_MET = ProblemType(409, "rules-not-met")


def _transition_extras(exc: TransitionNotAllowed) -> dict[str, Any]:
    return {
        "state": exc.state,
        "trigger": exc.trigger,
        "allowed_triggers": list(exc.allowed),
        "violations": [exc.violation.as_dict()],
    }


def _rules_extras(exc: RulesNotMet) -> dict[str, Any]:
    return {
        "state": exc.state,
        "trigger": exc.trigger,
        "violations": [violation.as_dict() for violation in exc.violations],
    }


ERROR_TABLE: dict[type[BaseException], ErrorMapping] = {
    NotAuthenticated: ErrorMapping(
        (_UNAUTHENTICATED, _TOKEN_REVOKED, _TOKEN_EXPIRED),
        pick=lambda exc: (
            _TOKEN_REVOKED
            if isinstance(exc, TokenRevoked)
            else _TOKEN_EXPIRED
            if isinstance(exc, TokenExpired)
            else _UNAUTHENTICATED
        ),
        headers=lambda _exc: {"WWW-Authenticate": "Bearer"},
    ),
    StateConflict: ErrorMapping((ProblemType(409, "state-conflict"),)),
    PermissionDenied: ErrorMapping((ProblemType(403, "forbidden"),)),
    NotFound: ErrorMapping((ProblemType(404, "not-found"),)),
    UnknownTrigger: ErrorMapping(
        (ProblemType(404, "unknown-trigger"),),
        extras=lambda exc: {"trigger": exc.trigger},
    ),
    # Their `errors` are written in the problem's language (see _localized).
    InvalidInput: ErrorMapping((INVALID_INPUT,)),
    RequestValidationError: ErrorMapping((INVALID_INPUT,)),
    TransitionNotAllowed: ErrorMapping((_TRANSITION_NOT_ALLOWED,), extras=_transition_extras),
    RulesNotMet: ErrorMapping((_RULES_NOT_MET,), extras=_rules_extras),
    ActRefused: ErrorMapping(
        (_TRANSITION_NOT_ALLOWED, _RULES_NOT_MET),
        pick=lambda exc: (
            _RULES_NOT_MET if isinstance(exc.refusal, RulesNotMet) else _TRANSITION_NOT_ALLOWED
        ),
        extras=lambda exc: {
            **(
                _rules_extras(exc.refusal)
                if isinstance(exc.refusal, RulesNotMet)
                else _transition_extras(exc.refusal)
            ),
            "rule_profile": exc.event.rule_profile,
            "event_seq": exc.event.seq,
        },
    ),
    VersionConflict: ErrorMapping((ProblemType(412, "version-conflict"),)),
    IdempotencyConflict: ErrorMapping(
        (_IDEMPOTENCY_IN_FLIGHT, _IDEMPOTENCY_REUSED),
        pick=lambda exc: _IDEMPOTENCY_IN_FLIGHT if exc.in_flight else _IDEMPOTENCY_REUSED,
    ),
    TooManyRequests: ErrorMapping(
        (ProblemType(429, "too-many-requests"),),
        headers=lambda exc: {"Retry-After": str(exc.extra.get("retry_after_seconds", 60))},
    ),
    PayloadTooLarge: ErrorMapping((ProblemType(413, "payload-too-large"),)),
    MalformedBody: ErrorMapping((ProblemType(400, "bad-request"),)),
    NotReady: ErrorMapping((ProblemType(503, "not-ready"),)),
    DatabaseUnavailable: ErrorMapping(
        (ProblemType(503, "service-unavailable"),),
        headers=lambda exc: {"Retry-After": str(exc.retry_after_seconds)},
    ),
}

_CJK = re.compile(r"[\u4e00-\u9fff]")
_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
_HTTP_SLUGS = {404: "not-found", 405: "method-not-allowed", 413: "payload-too-large"}


def _input_errors(exc: BaseException, language: Language, path: str) -> list[dict[str, Any]]:
    if isinstance(exc, RequestValidationError):
        return field_errors(exc.errors(), language, path=path)
    assert isinstance(exc, InvalidInput)
    what = exc.detail if language == EN else _chinese(exc) or words.INVALID_VALUE.zh
    return [field_error(exc.field.split("."), "invalid", what, language, path=path)]


def _localized(body: dict[str, Any], exc: BaseException, language: Language, path: str) -> None:
    """The problem's detail and messages in `language`; machine fields unchanged."""
    if isinstance(exc, RequestValidationError | InvalidInput):
        body["errors"] = _input_errors(exc, language, path)
    for violation in body.get("violations") or ():
        violation["message"] = violation["message_en" if language == EN else "message_zh"]


def mapping_for(exc_class: type[BaseException]) -> ErrorMapping | None:
    for cls in exc_class.__mro__:
        if cls in ERROR_TABLE:
            return ERROR_TABLE[cls]
    return None


def problem_response(request: Request | None, exc: BaseException) -> Response:
    """The problem+json answer for any exception; logs the ones that are bugs."""
    headers: dict[str, str] = {}
    body: dict[str, Any]
    language = language_of(request.headers.get("accept-language") if request else None)
    mapping = mapping_for(type(exc))
    if mapping is not None:
        problem = mapping.problem_for(exc)
        extras = dict(exc.extra) if isinstance(exc, ServiceError) else {}
        extras.pop("field", None)
        extras.update(mapping.extras(exc))
        body = _body(
            problem, language, detail=_detail(exc, problem, language), request=request, **extras
        )
        headers.update(mapping.headers(exc))
    elif isinstance(exc, StarletteHTTPException):
        status = HTTPStatus(exc.status_code)
        slug = _HTTP_SLUGS.get(status.value, status.phrase.lower().replace(" ", "-"))
        problem = ProblemType(status.value, slug)
        body = _body(problem, language, detail=_detail(exc, problem, language), request=request)
        headers.update(exc.headers or {})
        if status == HTTPStatus.METHOD_NOT_ALLOWED and request is not None:
            headers["Allow"] = _allowed_methods(request)
    else:
        request_id = getattr(request.state, "request_id", None) if request else None
        logger.error("unhandled_exception", exc_info=exc, error_type=type(exc).__name__)
        body = _body(
            INTERNAL_ERROR,
            language,
            detail=_detail(exc, INTERNAL_ERROR, language),
            request=request,
            request_id=request_id,
        )
    _localized(body, exc, language, request.url.path if request else "")
    headers.update(
        {"Content-Language": "en" if language == EN else "zh-CN", "Vary": "Accept-Language"}
    )
    return ProblemResponse(body, status_code=body["status"], headers=headers)


def _allowed_methods(request: Request) -> str:
    # Starlette's Allow names the first route on the path only; a path's methods are often
    # several routes (GET and POST /plans), and RFC 9110 asks for all of them.
    # Included routers hide their routes; asking each method in turn sees through them.
    return ", ".join(
        method
        for method in _METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] == Match.FULL
            for route in request.app.router.routes
        )
    )


def _detail(exc: BaseException, problem: ProblemType, language: Language) -> str:
    fallback = words.PROBLEM_DETAILS.get(problem.slug, words.UNEXPLAINED)
    if problem is INTERNAL_ERROR:
        return fallback(language)
    refusal = exc.refusal if isinstance(exc, ActRefused) else exc
    if isinstance(refusal, RulesNotMet | TransitionNotAllowed):
        return _refusal_detail(refusal, language)
    if isinstance(exc, ServiceError) and (language == EN or _chinese(exc)):
        return exc.detail if language == EN else str(_chinese(exc))
    if isinstance(exc, InvalidInput):
        return words.INVALID_DATA(language)
    if language != EN or isinstance(exc, RequestValidationError):
        return fallback(language)
    if isinstance(exc, StarletteHTTPException):
        return str(exc.detail)
    return str(exc) or fallback(language)


def _chinese(exc: ServiceError) -> str | None:
    """The error's Chinese detail: `detail_zh`, or `detail` when it is written in Chinese."""
    if exc.detail_zh:
        return exc.detail_zh
    return exc.detail if _CJK.search(exc.detail) else None


def _refusal_detail(refusal: RulesNotMet | TransitionNotAllowed, language: Language) -> str:
    """`“批准为预备党员”不符合规定：…；…` — the act by its title, then every finding."""
    if isinstance(refusal, TransitionNotAllowed):
        found = refusal.violation
        return found.message_en if language == EN else found.message_zh
    act = words.act_label(refusal.trigger, refusal.state, language)
    if language == EN:
        return f"“{act}” refused: " + "; ".join(v.message_en for v in refusal.violations)
    return f"“{act}”不符合规定：" + "；".join(v.message_zh for v in refusal.violations)


def _body(
    problem: ProblemType,
    language: Language,
    *,
    detail: str,
    request: Request | None,
    **extras: Any,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": f"/problems/{problem.slug}",
        "title": problem.title(language),
        "status": problem.status,
        "detail": detail,
    }
    if request is not None:
        body["instance"] = request.url.path
    body.update({key: value for key, value in extras.items() if key not in body})
    return body


async def _handle(request: Request, exc: Exception) -> Response:
    return problem_response(request, exc)


def install_error_handlers(app: FastAPI) -> None:
    for exc_class in (*ERROR_TABLE, ServiceError, StarletteHTTPException, Exception):
        app.add_exception_handler(exc_class, _handle)


def described(problem: ProblemType) -> str:
    """The problem as the spec describes it: its Chinese title, then its English one."""
    return f"{problem.title(words.ZH)} ({problem.title(EN)})"


def problem_responses(*exception_classes: type[BaseException]) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of a route that can fail with these exceptions, for the OpenAPI spec.

    A route that reads a body declares PayloadTooLarge; it can then meet MalformedBody too.
    """
    if PayloadTooLarge in exception_classes:
        exception_classes = (*exception_classes, MalformedBody)
    titles: dict[int, list[str]] = {}
    for exc_class in exception_classes:
        mapping = mapping_for(exc_class)
        if mapping is None:
            raise ValueError(f"{exc_class.__name__} has no row in the error table")
        for problem in mapping.problems:
            titles.setdefault(problem.status, [])
            title = described(problem)
            if title not in titles[problem.status]:
                titles[problem.status].append(title)
    return {
        status: {"model": Problem, "description": "; ".join(names)}
        for status, names in sorted(titles.items())
    }
