from __future__ import annotations

import hashlib
from datetime import datetime

import orjson
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import select

from service.adapters.database import UnitOfWork
from service.adapters.tables import WorkflowDefinition
from service.workflow import canonical_json, definition_hash, get_profile
from tests.api.audit.trail import Trail
from tests.api.conftest import World


def stored_hashes(engine: Engine) -> set[str]:
    with UnitOfWork(engine) as uow:
        return set(uow.session.exec(select(WorkflowDefinition.hash)).all())


def test_every_event_names_rules_the_service_still_serves(
    client: TestClient, world: World, trail: Trail
) -> None:
    events = client.get("/api/v1/audit/events", headers=world.auditor).json()["items"]
    for digest in {event["definition_hash"] for event in events}:
        served = client.get("/api/v1/workflow", params={"hash": digest})
        assert served.status_code == 200
        body = served.json()
        assert body["hash"] == digest
        assert {event["rule_profile"] for event in events} == {body["profile"]["name"]}


def test_the_rules_an_act_was_decided_under_are_stored_with_it_once(
    client: TestClient, world: World, trail: Trail, engine: Engine
) -> None:
    assert stored_hashes(engine) == {definition_hash(get_profile("national-2014"))}


def test_rules_that_decided_acts_before_they_changed_are_served_by_their_hash(
    client: TestClient, engine: Engine
) -> None:
    earlier = {"version": 0, "profile": {"name": "national-2014"}, "transitions": []}
    digest = hashlib.sha256(canonical_json(earlier).encode()).hexdigest()
    with UnitOfWork(engine, write=True) as uow:
        uow.session.add(
            WorkflowDefinition(
                hash=digest,
                rule_profile="national-2014",
                body=canonical_json(earlier),
                created_at=datetime(2024, 1, 1),
            )
        )
        uow.commit()

    served = client.get("/api/v1/workflow", params={"hash": digest})

    assert served.status_code == 200
    assert served.json() == {"hash": digest, **orjson.loads(canonical_json(earlier))}
    missing = client.get("/api/v1/workflow", params={"hash": "f" * 64})
    assert missing.status_code == 404
