"""The OpenAPI document: FastAPI's, with every error body a problem+json `Problem`."""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI

from service.api.errors import INVALID_INPUT, described
from service.api.problem import PROBLEM_MEDIA_TYPE

_REFS = "#/components/schemas/"
_PROBLEM_REF = f"{_REFS}Problem"
# FastAPI's own 422 body, which the service never sends: its handler answers with a Problem
# (registered by the routes' `problem_responses`).
_FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")


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
            _drop_unused_validation_schemas(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _file_as_problem(response: dict[str, Any]) -> None:
    """Under the route's own media type (JSON, or text for a route that answers text) FastAPI
    files the problems it documents; they are problem+json whatever the route answers."""
    content = response.get("content", {})
    for media_type, body in list(content.items()):
        reference = body.get("schema", {}).get("$ref")
        if reference == f"{_REFS}HTTPValidationError":
            response["description"] = described(INVALID_INPUT)
            body["schema"]["$ref"] = reference = _PROBLEM_REF
        if reference == _PROBLEM_REF and media_type != PROBLEM_MEDIA_TYPE:
            content[PROBLEM_MEDIA_TYPE] = content.pop(media_type)


def _drop_unused_validation_schemas(schema: dict[str, Any]) -> None:
    schemas = schema.get("components", {}).get("schemas", {})
    for name in _FASTAPI_VALIDATION_SCHEMAS:
        definition = schemas.pop(name, None)
        if definition is not None and f'"{_REFS}{name}"' in json.dumps(schema):
            schemas[name] = definition
