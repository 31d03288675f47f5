"""Every operation of the OpenAPI spec, asked by every kind of caller, with the status each gets.

A new route fails `test_every_operation_in_the_spec_has_a_row` until its row is added here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.workflow import ACTS, EVIDENCE, REVIEWER
from service.workflow.evidence import (
    CHOICE,
    COUNT,
    DATE,
    FLAG,
    IDENTIFIER,
    PEOPLE,
    PERIOD,
    PERSON,
    TEXT,
    TEXTS,
)
from tests.api.conftest import World

NONE, ADMIN, AUDITOR = "none", "admin", "auditor"
SECRETARY, OTHER_SECRETARY = "secretary", "secretary of another branch"
REVIEWER_, OTHER_REVIEWER = "reviewer", "reviewer of another committee"
# Callers who may change something go last, so the refusals above them see the seeded state.
ROLES = (NONE, AUDITOR, OTHER_SECRETARY, OTHER_REVIEWER, ADMIN, REVIEWER_, SECRETARY)

Expected = int | frozenset[int]
Ids = Mapping[str, int | None]  # stored rows' ids: SQLModel types them optional


def everyone(status: int) -> dict[str, Expected]:
    return dict.fromkeys(ROLES, status)


def signed_in(status: int) -> dict[str, Expected]:
    return {**everyone(status), NONE: 401}


def only(status: Expected, *roles: str) -> dict[str, Expected]:
    return {**signed_in(403), **dict.fromkeys(roles, status)}


def readers(status: int) -> dict[str, Expected]:
    """Those who read the seeded branch: its secretary, the committee above, admins."""
    return only(status, SECRETARY, REVIEWER_, AUDITOR, ADMIN)


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    expected: dict[str, Expected]
    url: str = ""
    body: Callable[[Ids], Any] | None = None
    params: dict[str, str] = field(default_factory=dict)


def _example(kind: str, choices: tuple[str, ...], ids: Ids) -> Any:
    return {
        CHOICE: choices[0] if choices else None,
        COUNT: 1,
        DATE: "2023-03-20",
        FLAG: True,
        IDENTIFIER: ids["branch"],
        PEOPLE: [{"name": "李四"}, {"name": "赵六"}],
        PERIOD: "2023H1",
        PERSON: {"name": "王书记"},
        TEXT: "说明",
        TEXTS: ["入党申请书"],
    }[kind]


def evidence_for(trigger: str) -> Callable[[Ids], dict[str, Any]]:
    def build(ids: Ids) -> dict[str, Any]:
        fields = {
            spec.name: _example(spec.kind, spec.choices, ids)
            for spec in EVIDENCE[trigger]
            if spec.required
        }
        return {"effective_date": "2023-03-20", **fields}

    return build


def _act_rows() -> list[Row]:
    rows = []
    for trigger in dict.fromkeys(act.trigger for act in ACTS):
        actor = (
            REVIEWER_
            if any(a.actor == REVIEWER for a in ACTS if a.trigger == trigger)
            else SECRETARY
        )
        path = f"/api/v1/candidates/{{candidate_id}}/transitions/{trigger}"
        # The workflow then applies the act or refuses it (409): either way it got past the door.
        rows.append(
            Row("POST", path, only(frozenset({200, 409}), actor), body=evidence_for(trigger))
        )
    return rows


CANDIDATE = "/api/v1/candidates/{candidate_id}"
ROWS = [
    Row("GET", "/healthz", everyone(200)),
    Row("GET", "/readyz", everyone(200)),
    Row("GET", "/api/v1/workflow", everyone(200)),
    Row("GET", "/api/v1/workflow/diagram", everyone(200)),
    Row("GET", "/api/v1/workflow/profiles", everyone(200)),
    Row("GET", "/api/v1/organizations", signed_in(200)),
    Row(
        "POST",
        "/api/v1/organizations",
        only(201, ADMIN),
        body=lambda ids: {"name": "新支部", "kind": "branch", "parent_id": ids["committee"]},
    ),
    Row(
        "GET",
        "/api/v1/organizations/{organization_id}",
        readers(200),
        url="/api/v1/organizations/{branch}",
    ),
    Row(
        "POST",
        "/api/v1/principals",
        only(201, ADMIN),
        body=lambda ids: {"name": "新书记", "role": "secretary", "organization_id": ids["branch"]},
    ),
    Row("GET", "/api/v1/principals/me", signed_in(200)),
    Row("GET", "/api/v1/principals", only(200, ADMIN)),
    Row("GET", "/api/v1/principals/{principal_id}", only(200, ADMIN), url="/api/v1/principals/1"),
    # Principal 6 is the reviewer of another committee (the world's last), whose turn comes
    # before the admin's.
    Row(
        "POST",
        "/api/v1/principals/{principal_id}/revoke",
        only(200, ADMIN),
        url="/api/v1/principals/6/revoke",
        body=lambda _ids: {"reason": "调离"},
    ),
    Row(
        "POST",
        "/api/v1/principals/{principal_id}/rotate",
        only(200, ADMIN),
        url="/api/v1/principals/6/rotate",
    ),
    Row(
        "POST",
        "/api/v1/candidates",
        only(201, SECRETARY),
        body=lambda ids: {
            "branch_id": ids["branch"],
            "name": "李雷",
            "gender": "male",
            "birth_date": "1990-01-01",
            "application_date": "2024-03-01",
        },
    ),
    Row("GET", "/api/v1/candidates", readers(200), params={"branch_id": "{branch}"}),
    Row("GET", CANDIDATE, readers(200)),
    Row("GET", CANDIDATE + "/transitions", readers(200)),
    Row("GET", CANDIDATE + "/history", readers(200)),
    Row("GET", CANDIDATE + "/dossier", readers(200)),
    *_act_rows(),
    Row(
        "POST",
        "/api/v1/plans",
        only(frozenset({200, 201}), REVIEWER_, ADMIN),
        body=lambda ids: {"organization_id": ids["committee"], "year": 2025, "quota": 5},
    ),
    Row("GET", "/api/v1/plans", readers(200), params={"organization_id": "{branch}"}),
    Row("GET", "/api/v1/plans/changes", readers(200), params={"organization_id": "{branch}"}),
    Row(
        "GET",
        "/api/v1/ledgers/{kind}",
        readers(200),
        url="/api/v1/ledgers/applicants",
        params={"organization_id": "{branch}"},
    ),
    Row("GET", "/api/v1/deadlines", readers(200), params={"organization_id": "{branch}"}),
    Row("GET", "/api/v1/tasks", signed_in(200)),
    Row(
        "PUT",
        "/api/v1/calendar/{year}",
        only(200, ADMIN),
        url="/api/v1/calendar/2027",
        body=lambda _ids: {"holidays": ["2027-01-01"], "workdays": []},
    ),
    Row("GET", "/api/v1/calendar/{year}", signed_in(200), url="/api/v1/calendar/2027"),
    Row("GET", "/api/v1/audit/head", only(200, AUDITOR, ADMIN)),
    *(
        Row(
            "GET",
            f"/api/v1/audit/{name}",
            only(200, AUDITOR, ADMIN),
            params={"organization_id": "{committee}"},
        )
        for name in ("verify", "events", "export")
    ),
    *(
        Row("GET", f"/api/v1/audit/security-events{name}", only(200, AUDITOR, ADMIN))
        for name in ("", "/verify", "/export")
    ),
    Row(
        "POST",
        "/api/v1/subscriptions",
        only(201, ADMIN),
        body=lambda ids: {"url": "https://hooks.example.cn/x", "organization_id": ids["branch"]},
    ),
    Row("GET", "/api/v1/subscriptions", only(200, ADMIN)),
    # No subscription exists: past the door, an admin learns that subscription 1 is not there.
    *(
        Row(method, f"/api/v1/subscriptions/{{subscription_id}}{tail}", only(404, ADMIN), url=url)
        for method, tail, url in (
            ("GET", "", "/api/v1/subscriptions/1"),
            ("DELETE", "", "/api/v1/subscriptions/1"),
            ("GET", "/deliveries", "/api/v1/subscriptions/1/deliveries"),
            (
                "POST",
                "/deliveries/{delivery_id}/retry",
                "/api/v1/subscriptions/1/deliveries/1/retry",
            ),
        )
    ),
]
MATRIX = {(row.method, row.path): row for row in ROWS}


def operations(app: FastAPI) -> set[tuple[str, str]]:
    spec = app.openapi()
    return {(method.upper(), path) for path, item in spec["paths"].items() for method in item}


def test_every_operation_in_the_spec_has_a_row(app: FastAPI) -> None:
    in_spec = operations(app)
    assert sorted(in_spec - set(MATRIX)) == [], "add these operations to the matrix"
    assert sorted(set(MATRIX) - in_spec) == [], "these rows name no operation"
    assert len(ROWS) == len(MATRIX)


def callers(world: World, admin_headers: dict[str, str]) -> dict[str, dict[str, str]]:
    return {
        NONE: {},
        ADMIN: admin_headers,
        AUDITOR: world.auditor,
        SECRETARY: world.secretary,
        OTHER_SECRETARY: world.other_secretary,
        REVIEWER_: world.reviewer,
        OTHER_REVIEWER: world.other_reviewer,
    }


@pytest.mark.parametrize("row", ROWS, ids=[f"{row.method} {row.path}" for row in ROWS])
def test_each_caller_gets_the_status_the_matrix_expects(
    client: TestClient, world: World, admin_headers: dict[str, str], candidate_id: int, row: Row
) -> None:
    ids = {
        "candidate_id": candidate_id,
        "branch": world.branch.id,
        "committee": world.committee.id,
        "other_branch": world.other_branch.id,
    }
    url = (row.url or row.path).format(**ids)
    params = {name: value.format(**ids) for name, value in row.params.items()}
    body = row.body(ids) if row.body is not None else None
    got: dict[str, Expected] = {}
    headers_of = callers(world, admin_headers)
    for role in ROLES:
        headers = headers_of[role]
        response = client.request(row.method, url, params=params, json=body, headers=headers)
        expected = row.expected[role]
        allowed = expected if isinstance(expected, frozenset) else {expected}
        got[role] = expected if response.status_code in allowed else response.status_code
    assert got == row.expected
