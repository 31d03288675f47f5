from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from service.adapters.database import make_engine
from service.adapters.migrations import current_is_head
from service.app import principals
from service.cli import main
from tests.support.databases import sqlite_url
from tests.support.factories import MakeOrg


def test_migrate_brings_the_configured_database_to_head(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = sqlite_url(tmp_path / "fresh.db")
    monkeypatch.setenv("RECRUITFLOW_DATABASE_URL", url)
    assert main(["migrate"]) == 0
    engine = make_engine(url)
    try:
        assert current_is_head(engine)
    finally:
        engine.dispose()


def test_principal_create_prints_a_token_that_authenticates(
    database_url: str,
    engine: Engine,
    make_org: MakeOrg,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    branch = make_org()
    monkeypatch.setenv("RECRUITFLOW_DATABASE_URL", database_url)
    arguments = ["principal", "create", "--name", "王书记", "--role", "secretary"]
    assert main([*arguments, "--organization-id", str(branch.id)]) == 0
    token = capsys.readouterr().out.strip()
    actor = principals.authenticate(engine, token)
    assert actor is not None
    assert (actor.name, actor.role, actor.organization_id) == ("王书记", "secretary", branch.id)


def test_principal_create_refuses_a_role_outside_its_kind_of_organization(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RECRUITFLOW_DATABASE_URL", database_url)
    assert main(["principal", "create", "--name", "某人", "--role", "reviewer"]) == 1
    assert "needs an organisation" in capsys.readouterr().err


def test_openapi_writes_sorted_unescaped_json(tmp_path: Path) -> None:
    output = tmp_path / "spec" / "openapi.json"
    assert main(["openapi", "--output", str(output)]) == 0
    text = output.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert "发展党员" in text
    spec = json.loads(text)
    assert list(spec) == sorted(spec)
    assert spec["info"]["title"] == "recruitflow"
