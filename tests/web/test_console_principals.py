from __future__ import annotations

from fastapi.testclient import TestClient

from tests.support.factories import ADMIN_TOKEN, auth
from tests.web.conftest import People
from tests.web.console import hidden, sign_in

PAGE = "/console/principals"


def test_an_admin_revokes_and_rotates_from_the_console(client: TestClient, people: People) -> None:
    sign_in(client, ADMIN_TOKEN)
    page = client.get(PAGE)
    csrf = hidden(page.text, "csrf_token")
    assert page.status_code == 200
    assert "账号管理" in page.text
    assert "刘审计" in page.text
    assert "<td>系统管理员</td>\n    <td>系统管理员</td>" in page.text
    assert "<td>admin</td>" not in page.text
    assert "<td>刘审计</td>\n    <td>审计人员</td>\n    <td>县直机关工委</td>" in page.text

    revoked = client.post(
        f"{PAGE}/{people.reviewer_id}/revoke",
        data={"csrf_token": csrf, "reason": "调离岗位"},
        follow_redirects=False,
    )
    listed = client.get(PAGE).text
    rotated = client.post(f"{PAGE}/1/rotate", data={"csrf_token": csrf})

    assert revoked.status_code == 303
    assert client.get("/api/v1/principals/me", headers=auth(people.reviewer)).status_code == 401
    assert "已吊销" in listed
    assert rotated.status_code == 200
    assert "新令牌只显示这一次" in rotated.text
    assert "请用新令牌重新登录" in rotated.text
    assert client.get(PAGE, follow_redirects=False).headers["location"] == "/console/login"
    new_token = rotated.text.split('<p class="hash">')[1].split("</p>")[0]
    assert client.get("/api/v1/principals/me", headers=auth(new_token)).json()["id"] == 1
    assert client.get("/api/v1/principals/me", headers=auth(ADMIN_TOKEN)).status_code == 401


def test_the_last_admin_is_kept_and_others_see_no_such_page(
    client: TestClient, people: People
) -> None:
    sign_in(client, ADMIN_TOKEN)
    csrf = hidden(client.get(PAGE).text, "csrf_token")
    refused = client.post(f"{PAGE}/1/revoke", data={"csrf_token": csrf, "reason": "离职"})
    assert refused.status_code == 409
    assert "最后一个有效的系统管理员" in refused.text

    client.cookies.clear()
    sign_in(client, people.auditor)
    assert client.get(PAGE).status_code == 403
    assert "账号管理" not in client.get("/console/").text


def test_an_expiry_reads_in_beijing_time(client: TestClient, people: People) -> None:
    created = client.post(
        "/api/v1/principals",
        json={
            "name": "临时书记",
            "role": "secretary",
            "organization_id": people.branch_id,
            "expires_at": "2090-06-30T10:00:00Z",
        },
        headers=auth(ADMIN_TOKEN),
    )
    assert created.status_code == 201, created.text
    sign_in(client, ADMIN_TOKEN)
    page = client.get(PAGE).text
    assert "2090年6月30日 18:00（北京时间）" in page
    assert "UTC" not in page
    assert "2090-06-30T" not in page
