"""schemathesis against the committed OpenAPI spec, on SQLite and on PostgreSQL: every operation,
a bounded number of generated requests each (valid ones, then invalid ones), sent as an admin or
a branch secretary, half of them at a seeded candidate or branch. Never a 5xx, and what the schema
admits is never refused as not matching it. Revoke and rotate aim at spare principals seeded for
them, so both callers' tokens work to the end and every request is sent as someone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from service.app.actors import Role
from service.workflow.words import PROBLEM_DETAILS
from tests.api.conftest import World
from tests.support.factories import MakePrincipal

SPEC = Path(__file__).parents[2] / "openapi" / "openapi.json"
PRINCIPAL = "/api/v1/principals/{principal_id}"
# (examples per operation, requests at least, in all): valid requests reach the workflow, invalid
# ones the validation and error paths. PostgreSQL gets half: the same derandomized cases, there
# to catch what only its driver refuses, while the whole budget runs on SQLite.
BUDGET = {
    schemathesis.GenerationMode.POSITIVE: (20, 800),
    schemathesis.GenerationMode.NEGATIVE: (8, 300),
}
SCHEMA_MISMATCH = PROBLEM_DETAILS["invalid-input"].zh
BEYOND_THE_SCHEMA = {"body.id_number"}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def assert_schema_admits_what_it_accepts(response: Any) -> None:
    """A request the schema admits is never refused as not matching the schema, except where a
    field's description names the check the schema cannot express (an ID number's check digit).
    Refusals the use cases make on the data (an organisation that is not a branch, half a noted
    head) are documented 422s and other answers, not schema mismatches."""
    if response.status_code != 422 or response.json()["detail"] != SCHEMA_MISMATCH:
        return
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields <= BEYOND_THE_SCHEMA, (
        f"the schema admits what the answer refuses: {response.text}"
    )


def strategy(
    operation: Any,
    mode: schemathesis.GenerationMode,
    seeded: dict[str, int | None],
    pinned: dict[str, dict[str, int]],
) -> st.SearchStrategy[Any]:
    """Generated cases, and as many again whose path names the seeded candidate or branch; a
    `pinned` operation's path always names its own seeded target."""
    if operation.path in pinned:
        return operation.as_strategy(  # type: ignore[no-any-return]
            generation_mode=mode, path_parameters=pinned[operation.path]
        )
    names = {parameter.name for parameter in operation.path_parameters}
    fixed = {name: value for name, value in seeded.items() if name in names}
    generated = operation.as_strategy(generation_mode=mode)
    if not fixed:
        return generated  # type: ignore[no-any-return]
    return st.one_of(generated, operation.as_strategy(generation_mode=mode, path_parameters=fixed))


def as_httpx(case: Any, caller: dict[str, str]) -> dict[str, Any]:
    request: dict[str, Any] = case.as_transport_kwargs(base_url="http://testserver")
    request.pop("cookies", None)
    if isinstance(request.get("data"), bytes | str):
        request["content"] = request.pop("data")
    request["headers"] = {**request["headers"], **caller}
    return request


@pytest.mark.slow
@pytest.mark.parametrize("mode", list(BUDGET), ids=lambda mode: mode.value)
def test_generated_requests_get_documented_answers_and_never_a_server_error(
    client: TestClient,
    world: World,
    candidate_id: int,
    admin_headers: dict[str, str],
    make_principal: MakePrincipal,
    engine_kind: str,
    mode: schemathesis.GenerationMode,
) -> None:
    schema = schemathesis.openapi.from_dict(json.loads(SPEC.read_text(encoding="utf-8")))
    seeded = {"candidate_id": candidate_id, "organization_id": world.branch.id}
    pinned = {
        f"{PRINCIPAL}/{action}": {"principal_id": spare.id}
        for action in ("revoke", "rotate")
        for spare, _ in [make_principal(Role.auditor, world.committee, name=f"备用{action}")]
    }
    callers = [admin_headers, world.secretary]
    examples, at_least = BUDGET[mode]
    if engine_kind == "postgresql":
        examples, at_least = examples // 2, at_least // 2
    sent = 0

    for result in schema.get_all_operations():
        if isinstance(result, Err):
            raise result.err()
        operation = result.ok()

        @given(case=strategy(operation, mode, seeded, pinned), caller=st.sampled_from(callers))
        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def exchange(case: Any, caller: dict[str, str]) -> None:
            nonlocal sent
            response = client.request(**as_httpx(case, caller))
            sent += 1
            case.validate_response(response, checks=CHECKS)
            if mode == schemathesis.GenerationMode.POSITIVE:
                assert_schema_admits_what_it_accepts(response)

        try:
            exchange()
        except Unsatisfiable:
            assert mode == schemathesis.GenerationMode.NEGATIVE  # nothing to get wrong (/healthz)

    assert sent >= at_least
    for caller in callers:
        assert client.get("/api/v1/principals/me", headers=caller).status_code == 200
