from __future__ import annotations

import hashlib
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from service.adapters.database import UnitOfWork
from service.adapters.tables import Principal
from service.app.actors import Role
from service.app.organizations import OrganizationKind
from tests.support.factories import ADMIN_TOKEN, MakeOrg, MakePrincipal, auth

ORGS = "/api/v1/organizations"
PRINCIPALS = "/api/v1/principals"


def _create_org(
    client: TestClient, headers: dict[str, str], name: str, kind: str, parent_id: int | None
) -> Any:
    body = {"name": name, "kind": kind, "parent_id": parent_id}
    return client.post(ORGS, json=body, headers=headers)


def test_an_admin_builds_a_committee_with_a_branch_below_it(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    committee = _create_org(client, admin_headers, "县直机关工委", "committee", None)
    assert committee.status_code == 201, committee.text
    committee_id = committee.json()["id"]
    assert committee.json()["path"] == f"/{committee_id}/"

    branch = _create_org(client, admin_headers, "财政局党支部", "branch", committee_id)
    assert branch.status_code == 201, branch.text
    assert branch.json() == {
        "id": branch.json()["id"],
        "name": "财政局党支部",
        "kind": "branch",
        "parent_id": committee_id,
        "path": f"/{committee_id}/{branch.json()['id']}/",
        "created_at": "2025-06-02T04:00:00Z",
    }
    fetched = client.get(f"{ORGS}/{branch.json()['id']}", headers=admin_headers)
    assert fetched.json() == branch.json()


def test_a_committee_may_sit_below_another_committee(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    county = _create_org(client, admin_headers, "县委", "committee", None).json()
    working = _create_org(client, admin_headers, "县直机关工委", "committee", county["id"])
    assert working.status_code == 201
    assert working.json()["path"] == f"/{county['id']}/{working.json()['id']}/"


@pytest.mark.parametrize("parent", ["none", "branch", "missing"])
def test_a_branch_needs_an_existing_committee_above_it(
    client: TestClient, admin_headers: dict[str, str], make_org: MakeOrg, parent: str
) -> None:
    parent_id = {"none": None, "branch": make_org().id, "missing": 999_999}[parent]
    response = _create_org(client, admin_headers, "第二党支部", "branch", parent_id)
    assert response.status_code == 422
    assert response.json()["type"] == "/problems/invalid-input"
    assert [error["field"] for error in response.json()["errors"]] == ["parent_id"]


def test_nothing_sits_below_a_branch(
    client: TestClient, admin_headers: dict[str, str], make_org: MakeOrg
) -> None:
    response = _create_org(client, admin_headers, "小组", "committee", make_org().id)
    assert response.status_code == 422


@pytest.mark.parametrize("role", [Role.secretary, Role.reviewer, Role.auditor])
def test_only_admins_create_organizations_and_principals(
    client: TestClient, make_org: MakeOrg, make_principal: MakePrincipal, role: Role
) -> None:
    branch = make_org()
    home = branch if role == Role.secretary else make_org("工委", kind=OrganizationKind.committee)
    headers = auth(make_principal(role, home)[1])
    assert _create_org(client, headers, "新支部", "committee", None).status_code == 403
    body = {"name": "某人", "role": "auditor", "organization_id": branch.id}
    response = client.post(PRINCIPALS, json=body, headers=headers)
    assert response.status_code == 403
    assert response.json()["type"] == "/problems/forbidden"


def test_each_principal_reads_its_own_part_of_the_tree(
    client: TestClient, make_org: MakeOrg, make_principal: MakePrincipal
) -> None:
    committee = make_org("县直机关工委", kind=OrganizationKind.committee)
    branch = make_org("财政局党支部", parent=committee)
    sibling = make_org("税务局党支部", parent=committee)
    elsewhere = make_org("教育局党支部")
    secretary = auth(make_principal(Role.secretary, branch)[1])
    reviewer = auth(make_principal(Role.reviewer, committee)[1])
    auditor = auth(make_principal(Role.auditor, committee)[1])

    def names(headers: dict[str, str]) -> list[str]:
        response = client.get(ORGS, headers=headers)
        assert response.status_code == 200
        return [item["name"] for item in response.json()["items"]]

    assert names(secretary) == ["财政局党支部"]
    assert names(reviewer) == ["县直机关工委", "财政局党支部", "税务局党支部"]
    assert names(auditor) == names(reviewer)
    assert client.get(f"{ORGS}/{branch.id}", headers=secretary).status_code == 200
    assert client.get(f"{ORGS}/{sibling.id}", headers=secretary).status_code == 403
    assert client.get(f"{ORGS}/{elsewhere.id}", headers=reviewer).status_code == 403


def test_an_issued_token_authenticates_its_principal(
    client: TestClient, admin_headers: dict[str, str], make_org: MakeOrg
) -> None:
    branch = make_org()
    body = {"name": "王书记", "role": "secretary", "organization_id": branch.id}
    created = client.post(PRINCIPALS, json=body, headers=admin_headers)
    assert created.status_code == 201, created.text
    token = created.json().pop("token")
    me = client.get(f"{PRINCIPALS}/me", headers=auth(token))
    assert me.status_code == 200
    assert me.json() == {
        "id": created.json()["id"],
        "name": "王书记",
        "role": "secretary",
        "organization_id": branch.id,
    }


def test_only_the_hash_of_a_token_is_stored(
    client: TestClient, admin_headers: dict[str, str], engine: Engine
) -> None:
    body = {"name": "审计", "role": "admin"}
    created = client.post(PRINCIPALS, json=body, headers=admin_headers).json()
    with UnitOfWork(engine) as uow:
        stored = uow.session.exec(select(Principal).where(col(Principal.id) == created["id"])).one()
    assert stored.token_hash == hashlib.sha256(created["token"].encode()).hexdigest()
    assert created["token"] not in stored.model_dump_json()


@pytest.mark.parametrize(
    ("role", "home"),
    [
        ("secretary", "committee"),
        ("reviewer", "branch"),
        ("admin", "branch"),
        ("auditor", None),
        ("secretary", None),
    ],
)
def test_each_role_belongs_to_its_kind_of_organization(
    client: TestClient,
    admin_headers: dict[str, str],
    make_org: MakeOrg,
    role: str,
    home: str | None,
) -> None:
    committee = make_org("工委", kind=OrganizationKind.committee)
    branch = make_org("支部", parent=committee)
    organization_id = {"committee": committee.id, "branch": branch.id, None: None}[home]
    body = {"name": "某人", "role": role, "organization_id": organization_id}
    response = client.post(PRINCIPALS, json=body, headers=admin_headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "organization_id"


def test_an_auditor_may_belong_to_a_branch(
    client: TestClient, admin_headers: dict[str, str], make_org: MakeOrg
) -> None:
    body = {"name": "审计员", "role": "auditor", "organization_id": make_org().id}
    assert client.post(PRINCIPALS, json=body, headers=admin_headers).status_code == 201


def test_chinese_names_round_trip_byte_for_byte(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    name = "中共某某县直属机关工作委员会·「试点」第一党支部（𠀀）"
    created = _create_org(client, admin_headers, name, "committee", None)
    assert name.encode() in created.content
    assert created.headers["content-type"] == "application/json"
    fetched = client.get(f"{ORGS}/{created.json()['id']}", headers=admin_headers)
    assert fetched.json()["name"] == name

    person = "欧阳·娜娜"
    body = {"name": person, "role": "reviewer", "organization_id": created.json()["id"]}
    token = client.post(PRINCIPALS, json=body, headers=admin_headers).json()["token"]
    me = client.get(f"{PRINCIPALS}/me", headers=auth(token))
    assert person.encode() in me.content


def test_names_are_trimmed_and_must_not_be_blank(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    assert (
        _create_org(client, admin_headers, "  县委  ", "committee", None).json()["name"] == "县委"
    )
    blank = _create_org(client, admin_headers, "   ", "committee", None)
    assert blank.status_code == 422
    assert blank.json()["errors"][0]["field"] == "body.name"


def test_the_configured_admin_token_yields_exactly_one_admin_across_restarts(
    app: FastAPI, engine: Engine
) -> None:
    for _ in range(2):
        with TestClient(app) as client:
            me = client.get(f"{PRINCIPALS}/me", headers=auth(ADMIN_TOKEN))
            assert me.json()["role"] == "admin"
    with UnitOfWork(engine) as uow:
        admins = uow.session.exec(select(Principal).where(col(Principal.role) == "admin")).all()
    assert len(admins) == 1
