"""The OpenAPI document: FastAPI's, with error bodies filed under application/problem+json."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from service.api.problem import PROBLEM_MEDIA_TYPE

_PROBLEM_REF = "#/components/schemas/Problem"


def install_openapi(app: FastAPI) -> None:
    """FastAPI files every `responses=` model under application/json; ours are problems."""

    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            for path_item in schema.get("paths", {}).values():
                for operation in path_item.values():
                    for response in operation.get("responses", {}).values():
                        _file_as_problem(response)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _file_as_problem(response: dict[str, Any]) -> None:
    content = response.get("content", {})
    body = content.get("application/json")
    if body is not None and body.get("schema", {}).get("$ref") == _PROBLEM_REF:
        content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")
