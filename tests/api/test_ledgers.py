from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import World
from tests.support.http_journey import APPLICATION, run_journey

ID_NUMBER = APPLICATION["id_number"]
ACTIVIST_HEADERS = [
    "姓名",
    "性别",
    "民族",
    "出生年月",
    "学历",
    "工作单位",
    "公民身份号码",
    "联系电话",
    "申请入党时间",
    "确定为入党积极分子时间",
    "培养联系人",
    "考察次数",
    "所在党支部",
]


def candidate(client: TestClient, world: World, name: str, until: str | None) -> int:
    response = client.post(
        "/api/v1/candidates", json=world.application(name=name), headers=world.secretary
    )
    assert response.status_code == 201, response.text
    candidate_id: int = response.json()["id"]
    if until is not None:
        run_journey(client, candidate_id, world.roles, until=until)
    return candidate_id


@pytest.fixture
def branch_with_candidates(client: TestClient, world: World) -> World:
    candidate(client, world, "申请人甲", None)
    candidate(client, world, "积极分子乙", "activist")
    candidate(client, world, "预备党员丙", "probationary_member")
    candidate(client, world, "正式党员丁", "full_member")
    return world


def ledger(
    client: TestClient, headers: dict[str, str], kind: str, **params: object
) -> dict[str, Any]:
    response = client.get(f"/api/v1/ledgers/{kind}", params=params, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_the_activist_roster_as_xlsx_opens_with_chinese_headers_and_the_activists(
    client: TestClient, branch_with_candidates: World
) -> None:
    world = branch_with_candidates
    response = client.get(
        "/api/v1/ledgers/activists", params={"format": "xlsx"}, headers=world.secretary
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response.headers["content-disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    sheet = workbook["入党积极分子花名册"]
    rows = [tuple(cell for cell in row) for row in sheet.iter_rows(values_only=True)]
    assert list(rows[1]) == ["序号", *ACTIVIST_HEADERS]
    assert len(rows) == 3
    assert rows[2][0] == 1
    activist = dict(zip(ACTIVIST_HEADERS, rows[2][1:], strict=True))
    assert activist["姓名"] == "积极分子乙"
    assert activist["性别"] == "男"
    assert activist["出生年月"] == "1995年5月"
    assert activist["公民身份号码"] == ID_NUMBER
    assert activist["确定为入党积极分子时间"].date().isoformat() == "2023-04-18"
    assert activist["所在党支部"] == "财政局党支部"


def test_the_csv_roster_starts_with_a_bom_and_round_trips_chinese(
    client: TestClient, branch_with_candidates: World
) -> None:
    world = branch_with_candidates
    response = client.get(
        "/api/v1/ledgers/probationary_members", params={"format": "csv"}, headers=world.reviewer
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(row["姓名"], row["预备期起止"], row["入党介绍人"]) for row in rows] == [
        ("预备党员丙", "2024-06-05 至 2025-06-05", "李四、孙七")
    ]
    assert rows[0]["当前阶段"] == "预备党员"


def test_an_auditor_sees_id_numbers_and_phones_masked(
    client: TestClient, branch_with_candidates: World
) -> None:
    world = branch_with_candidates
    body = ledger(client, world.auditor, "applicants", organization_id=world.committee.id)
    assert [item["name"] for item in body["items"]] == ["申请人甲"]
    assert body["items"][0]["id_number"] == "110105********002X"
    assert body["items"][0]["phone"] == "138****5678"
    own = ledger(client, world.secretary, "applicants")
    assert own["items"][0]["id_number"] == ID_NUMBER
    assert own["organization_id"] == world.branch.id


def test_the_full_members_of_a_year_are_those_whose_probation_ended_in_it(
    client: TestClient, branch_with_candidates: World
) -> None:
    world = branch_with_candidates
    this_year = ledger(client, world.reviewer, "full_members_this_year")
    assert this_year["title"] == "2025年转正党员名册"
    assert [(i["name"], i["full_member_since"]) for i in this_year["items"]] == [
        ("正式党员丁", "2025-06-05")
    ]
    assert ledger(client, world.reviewer, "full_members_this_year", year=2024)["items"] == []


def test_a_ledger_outside_the_callers_organisation_is_forbidden(
    client: TestClient, world: World
) -> None:
    response = client.get(
        "/api/v1/ledgers/activists",
        params={"organization_id": world.branch.id},
        headers=world.other_secretary,
    )
    assert response.status_code == 403
    assert client.get("/api/v1/ledgers/members", headers=world.secretary).status_code == 422
