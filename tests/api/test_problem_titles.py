"""A problem's title is stated once, in the catalogue: the error table names statuses and slugs
only, and what people read (the answer, the spec) is the catalogue's title in their language."""

from __future__ import annotations

from dataclasses import fields
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from service.adapters.clock import FixedClock
from service.api.errors import ERROR_TABLE, INTERNAL_ERROR, ProblemType, described
from service.app.actors import Role
from service.app.principals import register_principal
from service.workflow.words import EN, PROBLEMS, ZH, Language
from tests.api.conftest import World
from tests.support.factories import auth

ME = "/api/v1/principals/me"
LANGUAGES: dict[Language, str] = {ZH: "zh-CN", EN: "en"}


def test_the_error_table_states_no_title_and_reads_each_from_the_catalogue() -> None:
    assert [field.name for field in fields(ProblemType)] == ["status", "slug"]
    problems = [problem for mapping in ERROR_TABLE.values() for problem in mapping.problems]
    for problem in [*problems, INTERNAL_ERROR]:
        catalogued = PROBLEMS[problem.slug]
        assert (problem.title(ZH), problem.title(EN)) == (catalogued.zh, catalogued.en)
        assert described(problem) == f"{catalogued.zh} ({catalogued.en})"


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_the_titles_of_issue_17s_problems_are_the_catalogues(
    client: TestClient,
    world: World,
    engine: Engine,
    clock: FixedClock,
    admin_headers: dict[str, str],
    language: Language,
) -> None:
    asks = {"Accept-Language": LANGUAGES[language]}
    leaving = register_principal(
        engine, clock, name="临时", role=Role.auditor, organization_id=world.committee.id
    )
    expiring = register_principal(
        engine,
        clock,
        name="短期",
        role=Role.auditor,
        organization_id=world.committee.id,
        expires_at=clock.now() + timedelta(minutes=5),
    )
    revoke = f"/api/v1/principals/{leaving.actor.id}/revoke"
    assert client.post(revoke, json={"reason": "调离"}, headers=admin_headers).status_code == 200
    clock.advance(timedelta(minutes=5))

    answers = {
        "unauthenticated": client.get(ME, headers={**auth("no-such-token"), **asks}),
        "token-revoked": client.get(ME, headers={**auth(leaving.token), **asks}),
        "token-expired": client.get(ME, headers={**auth(expiring.token), **asks}),
        "state-conflict": client.post(
            revoke, json={"reason": "再次"}, headers={**admin_headers, **asks}
        ),
        "forbidden": client.get("/api/v1/principals", headers={**world.secretary, **asks}),
    }

    for slug, answer in answers.items():
        assert answer.json()["type"] == f"/problems/{slug}", answer.text
        assert answer.json()["title"] == PROBLEMS[slug](language)
