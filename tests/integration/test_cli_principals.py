from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from service.app import principals
from service.app.actors import Role
from service.cli import main
from tests.support.factories import MakeOrg, MakePrincipal


def test_principal_list_revoke_and_rotate_from_the_command_line(
    database_url: str,
    engine: Engine,
    make_org: MakeOrg,
    make_principal: MakePrincipal,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("RECRUITFLOW_DATABASE_URL", database_url)
    branch = make_org()
    leaving, _ = make_principal(Role.secretary, branch, name="王书记")
    staying, old_token = make_principal(Role.auditor, branch, name="刘审计")

    assert main(["principal", "revoke", str(leaving.id), "--reason", "调离"]) == 0
    assert main(["principal", "rotate", str(staying.id)]) == 0
    new_token = capsys.readouterr().out.strip()
    assert main(["principal", "list", "--organization-id", str(branch.id)]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert main(["principal", "revoke", str(leaving.id), "--reason", "再次"]) == 1
    assert f"账号 {leaving.id} 已吊销" in capsys.readouterr().err

    assert listed == [
        "编号\t名称\t角色\t组织\t状态",
        f"{leaving.id}\t王书记\t支部书记\t{branch.id}\t已吊销",
        f"{staying.id}\t刘审计\t审计员\t{branch.id}\t有效",
    ]
    assert principals.authenticate(engine, old_token) is None
    authenticated = principals.authenticate(engine, new_token)
    assert authenticated is not None
    assert authenticated.id == staying.id
