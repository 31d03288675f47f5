"""推送订阅 in the console: admins see each subscription and its deliveries in Chinese, and put
a failed one back in the queue with the session's CSRF token; nobody else sees the pages."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy.engine import Engine

from service.adapters.clock import FixedClock
from service.app.actors import Role
from service.app.candidates import candidate_names
from service.app.organizations import OrganizationKind
from service.app.webhooks.deliveries import Order, list_deliveries
from service.app.webhooks.delivery import deliver_due
from service.app.webhooks.outbox import EVENT_TYPES
from service.app.webhooks.reminders import send_reminders
from service.settings import Settings
from service.workflow.words import WEBHOOK_EVENTS
from tests.support.factories import ADMIN_TOKEN, MakeOrg, MakePrincipal, auth
from tests.support.http_journey import APPLICATION
from tests.support.webhook_receiver import Answering
from tests.web.conftest import People
from tests.web.console import hidden, sign_in

PAGE = "/console/subscriptions"
_CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.DOTALL)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        admin_token=SecretStr(ADMIN_TOKEN),
        webhook_retry_seconds="5",
    )


def _register(client: TestClient, people: People, name: str, **changes: Any) -> int:
    application = {**APPLICATION, "branch_id": people.branch_id, "name": name, **changes}
    created = client.post(
        "/api/v1/candidates",
        json={**application, "id_number": None},
        headers=auth(people.secretary),
    )
    assert created.status_code == 201, created.text
    identifier: int = created.json()["id"]
    return identifier


def _subscribe(client: TestClient, people: People, types: list[str], **fields: str) -> int:
    created = client.post(
        "/api/v1/subscriptions",
        json={
            "url": "https://hooks.example.cn/recruitflow",
            "organization_id": people.branch_id,
            "types": types,
            **fields,
        },
        headers=auth(ADMIN_TOKEN),
    )
    assert created.status_code == 201, created.text
    identifier: int = created.json()["id"]
    return identifier


def _subscription_with_deliveries(
    client: TestClient, people: People, engine: Engine, settings: Settings, clock: FixedClock
) -> int:
    """Three registrations: 张三丰's failed (two 503s), the second's delivered, 李四's pending."""
    identifier = _subscribe(
        client,
        people,
        ["recruitflow.candidate.registered"],
        url="https://hooks.example.cn/recruitflow?from=<console>",
        description="<b>党员信息库</b>",
    )

    def step(status: int) -> None:
        deliver_due(engine, settings, Answering(status), clock=clock, worker="test")

    _register(client, people, "张三丰")
    step(503)
    clock.advance(timedelta(seconds=5))
    step(503)
    _register(client, people, "<b>王五</b>")
    step(200)
    _register(client, people, "李四")
    return identifier


def _deliveries(client: TestClient, subscription_id: int) -> list[dict[str, Any]]:
    listed = client.get(
        f"/api/v1/subscriptions/{subscription_id}/deliveries", headers=auth(ADMIN_TOKEN)
    )
    assert listed.status_code == 200, listed.text
    items: list[dict[str, Any]] = listed.json()["items"]
    return items


def _rows(page: str) -> list[list[str]]:
    """The deliveries table's cells after the id, tags dropped (entities kept)."""
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    return [
        [" ".join(re.sub(r"<[^>]+>", "", cell).split()) for cell in _CELL.findall(row)][1:]
        for row in body.split("<tr")[1:]
    ]


def test_every_event_type_has_its_words() -> None:
    assert set(WEBHOOK_EVENTS) == set(EVENT_TYPES)


def test_candidate_names_are_only_those_the_actor_may_read(
    client: TestClient,
    people: People,
    engine: Engine,
    make_org: MakeOrg,
    make_principal: MakePrincipal,
) -> None:
    first, second = _register(client, people, "张三丰"), _register(client, people, "李四")
    admin, _ = make_principal(Role.admin)
    elsewhere = make_org("市直机关工委", kind=OrganizationKind.committee)
    auditor, _ = make_principal(Role.auditor, elsewhere)

    assert candidate_names(engine, admin, {first, second, second + 1}) == {
        first: "张三丰",
        second: "李四",
    }
    assert candidate_names(engine, auditor, {first, second}) == {}
    assert candidate_names(engine, admin, set()) == {}


def test_an_admin_sees_the_subscription_and_its_deliveries_in_chinese(
    client: TestClient, people: People, engine: Engine, settings: Settings, clock: FixedClock
) -> None:
    subscription_id = _subscription_with_deliveries(client, people, engine, settings, clock)
    sign_in(client, ADMIN_TOKEN)

    listing = client.get(PAGE)
    assert listing.status_code == 200
    assert ">推送订阅</a>" in listing.text
    assert "https://hooks.example.cn/recruitflow?from=&lt;console&gt;" in listing.text
    assert "<td>财政局党支部</td>" in listing.text
    assert "登记入党申请人" in listing.text
    assert "&lt;b&gt;党员信息库&lt;/b&gt;" in listing.text
    assert "<b>" not in listing.text
    assert "2025年6月20日 12:00" in listing.text
    assert "订阅的新建与删除请通过接口办理" in listing.text
    assert f'href="{PAGE}/{subscription_id}"' in listing.text

    page = client.get(f"{PAGE}/{subscription_id}")
    assert page.status_code == 200
    assert _rows(page.text) == [  # newest first
        ["登记入党申请人：李四", "待发送", "0", "—", "2025年6月20日 12:00", "—"],
        ["登记入党申请人：&lt;b&gt;王五&lt;/b&gt;", "已送达", "1", "200", "—", "—"],
        ["登记入党申请人：张三丰", "失败（接收方答复 HTTP 503）", "2", "503", "—", "重新发送"],
    ]
    assert page.text.count("重新发送</button>") == 1
    assert "<b>" not in page.text

    failed_only = client.get(f"{PAGE}/{subscription_id}?status=failed").text
    assert [row[1] for row in _rows(failed_only)] == ["失败（接收方答复 HTTP 503）"]
    assert client.get(f"{PAGE}/{subscription_id + 1}").status_code == 404


def test_pages_of_deliveries_run_oldest_or_newest_first_from_their_cursor(
    client: TestClient,
    people: People,
    engine: Engine,
    settings: Settings,
    clock: FixedClock,
    make_principal: MakePrincipal,
) -> None:
    subscription_id = _subscription_with_deliveries(client, people, engine, settings, clock)
    first, second, third = (item["id"] for item in _deliveries(client, subscription_id))
    admin, _ = make_principal(Role.admin)

    def pages(order: Order) -> list[list[int]]:
        ids: list[list[int]] = []
        cursor: int | None = None
        while True:
            page = list_deliveries(
                engine, admin, subscription_id, cursor=cursor, order=order, limit=2
            )
            ids.append([delivery.id for delivery in page.items])
            if page.next_cursor is None:
                return ids
            cursor = int(page.next_cursor)

    assert pages("oldest") == [[first, second], [third]]
    assert pages("newest") == [[third, second], [first]]


def test_a_reminder_names_its_deadline_and_due_date(
    client: TestClient, people: People, engine: Engine, settings: Settings, clock: FixedClock
) -> None:
    subscription_id = _subscribe(client, people, ["recruitflow.deadline.overdue"])
    clock.set_date("2025-09-30")
    _register(client, people, "王芳", application_date="2025-08-01")
    assert [reminder.deadline for reminder in send_reminders(engine, clock, settings)] == ["talk"]
    sign_in(client, ADMIN_TOKEN)

    page = client.get(f"{PAGE}/{subscription_id}")
    assert [row[0] for row in _rows(page.text)] == [
        "办理期限已过提醒：王芳（与入党申请人谈话，2025年9月1日到期）"
    ]


def test_a_secretary_gets_the_forbidden_page(
    client: TestClient, people: People, engine: Engine, settings: Settings, clock: FixedClock
) -> None:
    subscription_id = _subscription_with_deliveries(client, people, engine, settings, clock)
    [failed, *_] = _deliveries(client, subscription_id)
    sign_in(client, people.secretary)
    csrf = hidden(client.get("/console/").text, "csrf_token")

    assert "推送订阅" not in client.get("/console/").text
    for path in (PAGE, f"{PAGE}/{subscription_id}"):
        refused = client.get(path)
        assert refused.status_code == 403
        assert "您的账号无权查看或办理此项" in refused.text
    resend = f"{PAGE}/{subscription_id}/deliveries/{failed['id']}/retry"
    assert client.post(resend, data={"csrf_token": csrf}).status_code == 403
    assert _deliveries(client, subscription_id)[0]["status"] == "failed"


def test_resending_needs_the_csrf_token_and_queues_the_failed_delivery_again(
    client: TestClient, people: People, engine: Engine, settings: Settings, clock: FixedClock
) -> None:
    subscription_id = _subscription_with_deliveries(client, people, engine, settings, clock)
    [failed, *_] = _deliveries(client, subscription_id)
    sign_in(client, ADMIN_TOKEN)
    page = f"{PAGE}/{subscription_id}"
    resend = f"{page}/deliveries/{failed['id']}/retry"

    forged = client.post(resend, data={"csrf_token": "forged"})
    assert forged.status_code == 403
    assert "表单已过期" in forged.text
    assert client.post(resend).status_code == 403
    assert _deliveries(client, subscription_id)[0] == failed

    csrf = hidden(client.get(page).text, "csrf_token")
    resent = client.post(resend, data={"csrf_token": csrf}, follow_redirects=False)
    assert resent.status_code == 303
    assert resent.headers["location"] == f"{page}?retried={failed['id']}"
    notice = client.get(resent.headers["location"]).text
    assert f"第 {failed['id']} 号投递已重新排队" in notice
    again = _deliveries(client, subscription_id)[0]
    assert (again["id"], again["status"], again["attempts"]) == (failed["id"], "pending", 0)
    assert again["event_id"] == failed["event_id"]
    assert "重新发送</button>" not in notice
