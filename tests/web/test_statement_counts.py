"""The console's pages and the inbox read a branch in a fixed number of statements, however many
candidates it holds or however long a candidate's history (no query per row)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from tests.support.factories import auth
from tests.support.http_journey import APPLICATION
from tests.web.conftest import People
from tests.web.console import sign_in


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def note(*args: Any) -> None:
        seen.append(str(args[2]))

    sa.event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", note)


def counts(client: TestClient, engine: Engine, paths: list[str], token: str) -> list[int]:
    found = []
    for path in paths:
        with statements(engine) as seen:
            response = client.get(path, headers=auth(token) if path.startswith("/api") else {})
        assert response.status_code == 200, (path, response.text)
        found.append(len(seen))
    return found


def test_thirty_candidates_cost_the_statements_of_one(
    client: TestClient, engine: Engine, people: People, in_pre_review: int
) -> None:
    paths = ["/console/", "/console/candidates?q=张", "/api/v1/tasks"]
    sign_in(client, people.secretary)
    one = counts(client, engine, paths, people.secretary)
    for _ in range(29):
        created = client.post(
            "/api/v1/candidates",
            json={"branch_id": people.branch_id, **APPLICATION},
            headers=auth(people.secretary),
        )
        assert created.status_code == 201, created.text
    thirty = counts(client, engine, paths, people.secretary)
    listed = client.get("/console/candidates?q=张").text
    inbox = client.get("/api/v1/tasks", headers=auth(people.secretary)).json()
    assert (listed.count(APPLICATION["name"]), len(inbox["items"])) == (30, 30)
    assert thirty == one
    assert max(thirty) <= 6
    fresh = created.json()["id"]
    page = [f"/console/candidates/{fresh}", f"/console/candidates/{in_pre_review}"]
    without_history, with_history = counts(client, engine, page, people.secretary)
    assert with_history == without_history <= 20
