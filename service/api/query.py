"""Unknown query parameters are refused: a dependency every API router is included with.

A misspelt filter (`?stat=applicant`) silently ignored answers a different question than the
one asked; each route's declared query parameters, read from FastAPI's own view of the route,
are the only ones it takes.
"""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Request
from fastapi.dependencies.utils import get_flat_params
from fastapi.exceptions import RequestValidationError
from fastapi.params import Query
from fastapi.routing import APIRoute

from service.api.errors import problem_responses

_DECLARED = "recruitflow_query_parameters"


def declared_query_parameters(route: APIRoute) -> frozenset[str]:
    """The names (aliases) of the route's query parameters, its dependencies' included; kept on
    the route itself after the first request (routes are not hashable)."""
    declared: frozenset[str] | None = vars(route).get(_DECLARED)
    if declared is None:
        declared = frozenset(
            field.alias
            for field in get_flat_params(route.dependant)
            if isinstance(field.field_info, Query)
        )
        vars(route)[_DECLARED] = declared
    return declared


async def reject_unknown_query_parameters(request: Request) -> None:
    if not request.scope.get("query_string"):
        return
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    declared = declared_query_parameters(route)
    unknown = [name for name in dict.fromkeys(request.query_params) if name not in declared]
    if unknown:
        raise RequestValidationError(
            [
                {
                    "type": "extra_forbidden",
                    "loc": ("query", name),
                    "msg": "Extra inputs are not permitted",
                    "input": request.query_params[name],
                }
                for name in unknown
            ]
        )


# What create_app includes every API router with: the check, and its 422 in the spec.
QUERY_CHECK: list[Any] = [Depends(reject_unknown_query_parameters)]
QUERY_CHECK_RESPONSES = problem_responses(RequestValidationError)
