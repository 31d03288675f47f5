from __future__ import annotations

import re
from pathlib import Path

from service.cli import render_openapi
from service.main import create_app
from service.settings import Settings

COMMITTED = Path(__file__).resolve().parents[2] / "openapi" / "openapi.json"


def test_the_committed_openapi_spec_is_what_the_app_serves() -> None:
    served = render_openapi(create_app(Settings(database_url="sqlite://")).openapi())
    assert COMMITTED.read_text(encoding="utf-8") == served, (
        "openapi/openapi.json is stale: run `make openapi` and commit the result"
    )


def test_every_operation_has_a_stable_id_and_documents_its_errors() -> None:
    spec = create_app(Settings(database_url="sqlite://")).openapi()
    operation_ids: list[str] = []
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            operation_ids.append(operation["operationId"])
            assert re.fullmatch(r"[a-z][a-z0-9_]*", operation["operationId"])
            if path.startswith("/api/"):
                errors = [code for code in operation["responses"] if code.startswith(("4", "5"))]
                assert errors, f"{method.upper()} {path} documents no errors"
                for code in errors:
                    assert "application/problem+json" in operation["responses"][code]["content"]
    assert len(operation_ids) == len(set(operation_ids))
