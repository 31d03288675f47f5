from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy.engine import Engine

from service.adapters.clock import SystemClock
from service.app import principal_lifecycle, principals
from service.app.actors import Role
from service.app.principal_lifecycle import PrincipalQuery
from service.cli import main
from service.cli.principals import OPERATOR
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
        f"{leaving.id}\t王书记\t党支部书记\t{branch.name}\t已吊销",
        f"{staying.id}\t刘审计\t审计人员\t{branch.name}\t有效",
    ]
    assert principals.authenticate(engine, old_token) is None
    authenticated = principals.authenticate(engine, new_token)
    assert authenticated is not None
    assert authenticated.id == staying.id


def test_principal_create_takes_a_subject_and_an_expiry_in_beijing_time(
    database_url: str,
    engine: Engine,
    make_org: MakeOrg,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("RECRUITFLOW_DATABASE_URL", database_url)
    branch = make_org()
    create = ["principal", "create", "--role", "secretary", "--organization-id", str(branch.id)]

    assert (
        main(
            [
                *create,
                "--name",
                "王书记",
                "--subject",
                "wang@county",
                "--expires-at",
                "2090-06-30T18:00",
            ]
        )
        == 0
    )
    created = capsys.readouterr()
    token = created.out.strip()
    assert created.err.startswith("已建立账号 ")
    assert created.err.endswith("（党支部书记）\n")
    assert main([*create, "--name", "李书记", "--expires-at", "2090-06-30T18:00+00:00"]) == 0
    capsys.readouterr()
    assert main([*create, "--name", "过期", "--expires-at", "2020-01-01T00:00"]) == 1
    refused = capsys.readouterr().err
    with pytest.raises(SystemExit):
        main([*create, "--name", "乱写", "--expires-at", "明年"])
    garbled = capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["principal", "create", "--help"])
    described = " ".join(capsys.readouterr().out.split())

    page = principal_lifecycle.list_principals(
        engine, SystemClock(), OPERATOR, PrincipalQuery(organization_id=branch.id)
    )
    assert [(view.name, view.subject, view.expires_at) for view in page.items] == [
        ("王书记", "wang@county", datetime(2090, 6, 30, 10, 0)),
        ("李书记", None, datetime(2090, 6, 30, 18, 0)),
    ]
    assert principals.authenticate(engine, token) is not None
    assert main(["principal", "show", str(page.items[0].id)]) == 0
    assert "到期时间\t2090年6月30日 18:00（北京时间）" in capsys.readouterr().out
    assert "到期时间须晚于现在" in refused
    assert "须为 ISO 日期时间" in garbled
    assert "Beijing time (UTC+8) unless it carries a zone" in described
    assert "stored as UTC" in described
