"""A deployment's own profile file, and a schedule of profiles each in force from its date: every
act is decided under the profile in force on its effective date and pinned to its hash."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy.engine import Engine
from sqlmodel import select

from service.adapters.clock import FixedClock
from service.adapters.database import UnitOfWork
from service.adapters.tables import WorkflowDefinition
from service.app.definitions import profile_by_hash
from service.settings import Settings
from service.workflow import canonical_json
from service.workflow.profiles import COUNTY_SEED
from tests.api.conftest import World
from tests.support.factories import ADMIN_TOKEN
from tests.support.http_journey import act
from tests.support.shifted_journey import run_shifted, shifted_application

SEVEN_DAYS = """\
name = "national-2026"
extends = "national-2014"
label_zh = "全国《发展党员工作细则》（2026年修订）"
label_en = "National rules on recruiting Party members (revised 2026)"
notice_working_days = 7

[rules."publicity.complete"]
citation = "《中国共产党发展党员工作细则》（2026）第十一条"
"""


@pytest.fixture
def seven_days(tmp_path: Path) -> Path:
    path = tmp_path / "national-2026.toml"
    path.write_text(SEVEN_DAYS, encoding="utf-8")
    return path


def with_profiles(database_url: str, **profiles: str) -> Settings:
    return Settings.model_validate(
        {"database_url": database_url, "admin_token": SecretStr(ADMIN_TOKEN), **profiles}
    )


def activist_notice(client: TestClient, world: World, *, years: int) -> int:
    """A candidate whose activist notice opened on (2023 + years)-04-11."""
    application = {"branch_id": world.branch.id, **shifted_application(years)}
    created = client.post("/api/v1/candidates", json=application, headers=world.secretary)
    assert created.status_code == 201, created.text
    candidate_id: int = created.json()["id"]
    run_shifted(client, candidate_id, world.roles, years=years, through="open_publicity")
    return candidate_id


def close(client: TestClient, world: World, candidate_id: int, on: str) -> Any:
    evidence = {"decided_on": on}
    return act(client, candidate_id, "close_publicity", world.secretary, on, evidence)


def definition_hashes(client: TestClient, world: World, candidate_id: int) -> set[str]:
    path = f"/api/v1/candidates/{candidate_id}/history"
    events = client.get(path, headers=world.auditor).json()["items"]
    return {event["definition_hash"] for event in events}


class TestAProfileFileLoadedByPath:
    @pytest.fixture
    def settings(self, database_url: str, seven_days: Path) -> Settings:
        return with_profiles(database_url, rule_profile=str(seven_days))

    def test_a_notice_of_seven_working_days_is_refused_after_five_and_closed_after_seven(
        self, client: TestClient, world: World, clock: FixedClock
    ) -> None:
        clock.set_date("2023-12-31")
        candidate_id = activist_notice(client, world, years=0)

        # 2023-04-11 (Tue) + 5 working days ends on the 17th, + 7 on the 19th.
        early = close(client, world, candidate_id, "2023-04-18")

        assert early.status_code == 409, early.text
        (violation,) = early.json()["violations"]
        assert violation["rule"] == "publicity.complete"
        assert "7 working days" in violation["message_en"]
        assert "7 个工作日" in violation["message_zh"]
        assert violation["source"] == "《中国共产党发展党员工作细则》（2026）第十一条"
        applied = close(client, world, candidate_id, "2023-04-19")
        assert applied.status_code == 200, applied.text
        assert applied.json()["candidate"]["state"] == "activist"
        assert applied.json()["event"]["rule_profile"] == "national-2026"
        assert early.json()["rule_profile"] == "national-2026"


class TestASchedule:
    @pytest.fixture
    def settings(self, database_url: str, seven_days: Path) -> Settings:
        schedule = f"national-2014,{seven_days}@2024-01-01"
        return with_profiles(database_url, rule_profiles=schedule)

    def test_each_notice_is_judged_by_the_profile_in_force_on_its_date(
        self, client: TestClient, world: World, clock: FixedClock, engine: Engine
    ) -> None:
        clock.set_date("2024-12-31")
        before = activist_notice(client, world, years=0)
        after = activist_notice(client, world, years=1)

        # 2023-04-11 + 5 working days ends on the 17th; 2024-04-11 (Thu) + 7 on the 19th.
        assert close(client, world, before, "2023-04-18").status_code == 200
        refused = close(client, world, after, "2024-04-18")
        assert refused.status_code == 409, refused.text
        assert refused.json()["violations"][0]["details"]["working_days"] == 7
        assert close(client, world, after, "2024-04-19").status_code == 200

        (old,) = definition_hashes(client, world, before)
        (new,) = definition_hashes(client, world, after)
        assert old != new
        for digest, name, days in ((old, "national-2014", 5), (new, "national-2026", 7)):
            served = client.get("/api/v1/workflow", params={"hash": digest}).json()
            assert served["hash"] == digest
            assert served["profile"]["name"] == name
            assert served["profile"]["notice_working_days"] == days
        with UnitOfWork(engine) as uow:
            stored = set(uow.session.exec(select(WorkflowDefinition.hash)).all())
        assert stored == {old, new}

    def test_the_schedule_in_force_is_listed(
        self, client: TestClient, clock: FixedClock, seven_days: Path
    ) -> None:
        clock.set_date("2023-06-01")

        listed = client.get("/api/v1/workflow/profiles").json()

        assert [(p["since"], p["name"], p["in_force"]) for p in listed] == [
            (None, "national-2014", True),
            ("2024-01-01", "national-2026", False),
        ]
        assert listed[1]["source"] == str(seven_days.resolve())
        in_force = client.get("/api/v1/workflow").json()
        assert in_force["hash"] == listed[0]["definition_hash"]
        later = client.get("/api/v1/workflow/profiles", params={"on": "2024-01-01"}).json()
        assert [p["in_force"] for p in later] == [False, True]
        clock.set_date("2024-01-01")
        assert client.get("/api/v1/workflow").json()["hash"] == listed[1]["definition_hash"]


def test_acts_decided_under_a_definition_stored_before_profiles_were_files_replay_under_it(
    engine: Engine,
) -> None:
    earlier = {"version": 1, "profile": {"name": "county-seed", "label_zh": "县"}}
    digest = hashlib.sha256(canonical_json(earlier).encode()).hexdigest()
    with UnitOfWork(engine, write=True) as uow:
        uow.session.add(
            WorkflowDefinition(
                hash=digest,
                rule_profile="county-seed",
                body=canonical_json(earlier),
                created_at=datetime(2024, 1, 1),
            )
        )
        uow.commit()

    assert profile_by_hash(engine, digest) == COUNTY_SEED
