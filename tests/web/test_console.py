"""The console over HTTP, as a browser without JavaScript uses it: sessions, CSRF, forms, pages."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy.engine import Engine

from service.adapters.clock import FixedClock
from service.app.principal_lifecycle import revoke_principal
from service.main import create_app
from service.settings import Settings
from service.workflow import EVIDENCE
from service.workflow.words import EVENT_OUTCOMES, INPUT_ERRORS, PROBLEMS, choice_label
from tests.support.factories import auth
from tests.support.http_journey import APPLICATION, SECRETARY, run_journey
from tests.web.conftest import People
from tests.web.console import hidden, sign_in


def _history_length(client: TestClient, candidate_id: int, token: str) -> int:
    response = client.get(f"/api/v1/candidates/{candidate_id}/history", headers=auth(token))
    assert response.status_code == 200, response.text
    return len(response.json()["items"])


def _candidate(client: TestClient, people: People, **changes: str) -> int:
    created = client.post(
        "/api/v1/candidates",
        json={"branch_id": people.branch_id, **APPLICATION, **changes},
        headers=auth(people.secretary),
    )
    assert created.status_code == 201, created.text
    identifier: int = created.json()["id"]
    return identifier


def _vote(
    client: TestClient, candidate_id: int, *, version: int, method: str, votes_for: int
) -> Response:
    """The recommendation vote (12 members, 8 representatives, 20 ballots) sent by its form."""
    url = f"/console/candidates/{candidate_id}/acts/record_recommendation_vote"
    form = client.get(url).text
    response: Response = client.post(
        url,
        data={
            "csrf_token": hidden(form, "csrf_token"),
            "version": str(version),
            "effective_date": "2023-04-10",
            "method": method,
            "party_members": "12",
            "mass_representatives": "8",
            "ballots_cast": "20",
            "votes_for": str(votes_for),
        },
    )
    return response


def test_the_console_without_a_session_sends_the_browser_to_the_login_form(
    client: TestClient,
) -> None:
    response = client.get("/console/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/console/login"
    form = client.get("/console/login").text
    assert 'type="password"' in form
    assert "访问令牌" in form
    assert ">登录</button>" in form


def test_a_good_token_starts_a_session_that_holds_no_token(
    client: TestClient, people: People
) -> None:
    response = sign_in(client, people.reviewer)
    assert response.status_code == 303
    assert response.headers["location"] == "/console/"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert people.reviewer not in cookie
    again = client.get("/console/login", follow_redirects=False)
    assert again.headers["location"] == "/console/"
    inbox = client.get("/console/")
    assert inbox.status_code == 200
    assert "陈审查" in inbox.text
    assert people.reviewer not in inbox.text


def test_a_bad_token_shows_a_chinese_error_and_starts_nothing(
    client: TestClient, people: People
) -> None:
    response = sign_in(client, "not-a-token")
    assert response.status_code == 401
    assert "访问令牌无效或已停用" in response.text
    assert "recruitflow_console" not in response.headers.get("set-cookie", "")
    assert client.get("/console/", follow_redirects=False).status_code == 303


def test_failed_logins_count_toward_the_api_throttle(
    settings: Settings, clock: FixedClock, engine: Engine, people: People
) -> None:
    strict = settings.model_copy(update={"auth_failure_limit": 2})
    with TestClient(create_app(strict, clock=clock, engine=engine)) as client:
        for _ in range(2):
            assert sign_in(client, "wrong").status_code == 401
        assert client.get("/api/v1/tasks", headers=auth(people.reviewer)).status_code == 429
        throttled = sign_in(client, people.reviewer)
        assert throttled.status_code == 429
        assert "失败次数过多" in throttled.text


def test_退出_ends_the_session_on_the_server(client: TestClient, people: People) -> None:
    sign_in(client, people.secretary)
    old_cookie = client.cookies.get("recruitflow_console")
    token = hidden(client.get("/console/").text, "csrf_token")
    response = client.post("/console/logout", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/console/login"
    client.cookies.set("recruitflow_console", str(old_cookie), path="/console")
    assert client.get("/console/", follow_redirects=False).status_code == 303


def test_a_revoked_principals_session_stops_working(
    client: TestClient, people: People, engine: Engine, clock: FixedClock
) -> None:
    sign_in(client, people.reviewer)
    assert client.get("/console/", follow_redirects=False).status_code == 200
    revoke_principal(engine, clock, None, people.reviewer_id, reason="调离")
    assert client.get("/console/", follow_redirects=False).status_code == 303


def test_a_post_without_the_csrf_token_is_403_and_changes_nothing(
    client: TestClient, people: People
) -> None:
    candidate_id = _candidate(client, people)
    sign_in(client, people.secretary)
    before = _history_length(client, candidate_id, people.secretary)
    for token in ({}, {"csrf_token": "forged"}):
        response = client.post(
            f"/console/candidates/{candidate_id}/acts/record_talk",
            data={"effective_date": "2025-06-01", "talker": "王书记", "summary": "谈话", **token},
        )
        assert response.status_code == 403
        assert "请求已拒绝" in response.text
    assert _history_length(client, candidate_id, people.secretary) == before


def test_an_act_from_the_console_names_the_principal_in_the_history(
    client: TestClient, people: People
) -> None:
    candidate_id = _candidate(client, people)
    sign_in(client, people.secretary)
    form = client.get(f"/console/candidates/{candidate_id}/acts/record_talk").text
    assert 'type="date"' in form
    assert 'value="2025-06-20"' in form
    assert "谈话人" in form
    response = client.post(
        f"/console/candidates/{candidate_id}/acts/record_talk",
        data={
            "csrf_token": hidden(form, "csrf_token"),
            "version": "1",
            "effective_date": "2023-03-20",
            "talker": "王书记",
            "summary": "了解入党动机",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    history = client.get(
        f"/api/v1/candidates/{candidate_id}/history", headers=auth(people.secretary)
    ).json()["items"]
    assert history[-1]["trigger"] == "record_talk"
    assert history[-1]["actor"]["name"] == "王书记"
    assert history[-1]["evidence"]["talker"]["name"] == "王书记"
    page = client.get(response.headers["location"]).text
    assert "已登记“登记谈话”" in page
    assert "了解入党动机" in page


def test_a_refused_act_shows_every_rule_and_keeps_what_was_typed(
    client: TestClient, people: People
) -> None:
    candidate_id = _candidate(client, people)
    sign_in(client, people.secretary)
    response = _vote(client, candidate_id, version=1, method="show_of_hands", votes_for=15)
    assert response.status_code == 422
    assert "未能办理" in response.text
    assert "谈话" in response.text  # talk.required
    assert "无记名投票" in response.text
    assert '<option value="show_of_hands" selected>' in response.text
    assert 'name="votes_for" type="number" min="0" step="1" value="15"' in response.text
    timeline = client.get(f"/console/candidates/{candidate_id}").text
    assert EVENT_OUTCOMES["refused"].zh in timeline
    assert "推荐入党积极分子须采取无记名投票方式" in timeline


def test_a_form_error_names_the_field_in_chinese(client: TestClient, people: People) -> None:
    candidate_id = _candidate(client, people)
    sign_in(client, people.secretary)
    url = f"/console/candidates/{candidate_id}/acts/record_talk"
    form = client.get(url).text
    before = _history_length(client, candidate_id, people.secretary)
    response = client.post(
        url,
        data={"csrf_token": hidden(form, "csrf_token"), "version": "1", "effective_date": "x"},
    )
    assert response.status_code == 422
    assert INPUT_ERRORS["day_format"].zh in response.text
    assert INPUT_ERRORS["missing"].zh in response.text
    assert _history_length(client, candidate_id, people.secretary) == before


def test_a_failed_recommendation_vote_is_marked_未通过(client: TestClient, people: People) -> None:
    candidate_id = _candidate(client, people)
    run_journey(client, candidate_id, {SECRETARY: auth(people.secretary)}, until="applicant")
    sign_in(client, people.secretary)
    response = _vote(client, candidate_id, version=2, method="secret_ballot", votes_for=5)
    assert response.status_code == 200
    assert "表决未通过" in response.text
    assert "入党申请人" in response.text


def test_names_are_shown_as_text_and_pages_keep_to_the_service(
    client: TestClient, people: People
) -> None:
    candidate_id = _candidate(client, people, name="<script>alert(1)</script>")
    sign_in(client, people.secretary)
    page = client.get(f"/console/candidates/{candidate_id}")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<script>alert" not in page.text
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_a_secretary_registers_an_applicant_and_finds_it(
    client: TestClient, people: People
) -> None:
    sign_in(client, people.secretary)
    form = client.get("/console/candidates/new").text
    assert ">登记</button>" in form
    response = client.post(
        "/console/candidates/new",
        data={
            "csrf_token": hidden(form, "csrf_token"),
            "name": "李小红",
            "gender": "female",
            "birth_date": "1998-02-03",
            "application_date": "2025-06-01",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "入党申请人" in client.get(response.headers["location"]).text
    found = client.get("/console/candidates", params={"q": "小红"}).text
    assert "李小红" in found
    assert "财政局党支部" in found
    assert "李小红" not in client.get("/console/candidates", params={"q": "张"}).text


def test_an_auditor_verifies_exports_and_prints(client: TestClient, people: People) -> None:
    candidate_id = _candidate(client, people)
    sign_in(client, people.auditor)
    audit = client.get("/console/audit").text
    for words in ("校验", "导出 JSONL", "导出 CSV", "台账 XLSX"):
        assert words in audit
    assert "完整" in client.get("/console/audit/verify").text
    jsonl = client.get("/console/audit/export", params={"format": "jsonl"})
    assert jsonl.status_code == 200
    assert b'"submit_application"' in jsonl.content
    assert client.get("/console/audit/export", params={"format": "csv"}).status_code == 200
    ledger = client.get("/console/ledgers/applicants.xlsx")
    assert ledger.status_code == 200
    assert ledger.content.startswith(b"PK")
    served = client.get(
        "/api/v1/ledgers/applicants", params={"format": "xlsx"}, headers=auth(people.auditor)
    )
    assert ledger.headers["content-disposition"] == served.headers["content-disposition"]
    assert 'filename="ledger-applicants-' in ledger.headers["content-disposition"]
    dossier = client.get(f"/console/candidates/{candidate_id}/dossier")
    assert dossier.status_code == 200
    assert "张三丰" in dossier.text
    assert "'sha256-" in dossier.headers["content-security-policy"]


def test_a_secretary_may_not_open_the_audit_page(client: TestClient, people: People) -> None:
    sign_in(client, people.secretary)
    response = client.get("/console/audit")
    assert response.status_code == 403
    assert PROBLEMS["forbidden"].zh in response.text


def test_every_act_has_a_form_with_an_input_per_evidence_field(
    client: TestClient, people: People
) -> None:
    candidate_id = _candidate(client, people)
    sign_in(client, people.secretary)
    for trigger, fields in EVIDENCE.items():
        form = client.get(f"/console/candidates/{candidate_id}/acts/{trigger}")
        assert form.status_code == 200, trigger
        for field in fields:
            assert f'name="{field.name}"' in form.text, (trigger, field.name)
            assert field.label.zh in form.text, (trigger, field.name)
            for choice in field.choices:
                assert f">{choice_label(choice)}</option>" in form.text, (trigger, choice)
    unknown = client.get(f"/console/candidates/{candidate_id}/acts/fly_to_the_moon")
    assert unknown.status_code == 404


def test_people_and_flags_typed_in_a_form_reach_the_history_as_the_api_sends_them(
    client: TestClient, people: People
) -> None:
    candidate_id = _candidate(client, people)
    run_journey(client, candidate_id, {SECRETARY: auth(people.secretary)}, until="activist")
    sign_in(client, people.secretary)
    for trigger, typed in (
        ("assign_mentors", {"mentors": "李四、赵六"}),
        (
            "record_training",
            {
                "provider": "县直工委党校",
                "starts_on": "2024-04-08",
                "ends_on": "2024-04-12",
                "days": "5",
                "hours": "40",
                "completed": "true",
            },
        ),
    ):
        url = f"/console/candidates/{candidate_id}/acts/{trigger}"
        form = client.get(url).text
        response = client.post(
            url,
            data={
                "csrf_token": hidden(form, "csrf_token"),
                "version": hidden(form, "version"),
                "effective_date": "2024-04-20",
                **typed,
            },
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
    history = client.get(
        f"/api/v1/candidates/{candidate_id}/history", headers=auth(people.secretary)
    ).json()["items"]
    assert [person["name"] for person in history[-2]["evidence"]["mentors"]] == ["李四", "赵六"]
    assert history[-1]["evidence"]["completed"] is True
    assert history[-1]["evidence"]["hours"] == 40


def test_a_session_unused_for_its_minutes_ends_and_use_keeps_it(
    client: TestClient, people: People, clock: FixedClock, settings: Settings
) -> None:
    sign_in(client, people.reviewer)
    almost = timedelta(minutes=settings.console_session_minutes - 1)
    clock.advance(almost)
    assert client.get("/console/", follow_redirects=False).status_code == 200
    clock.advance(almost)
    assert client.get("/console/", follow_redirects=False).status_code == 200
    clock.advance(almost + timedelta(minutes=2))
    assert client.get("/console/", follow_redirects=False).status_code == 303


def test_a_form_sent_twice_applies_once(client: TestClient, people: People) -> None:
    candidate_id = _candidate(client, people)
    sign_in(client, people.secretary)
    url = f"/console/candidates/{candidate_id}/acts/record_talk"
    form = client.get(url).text
    typed = {
        "csrf_token": hidden(form, "csrf_token"),
        "version": hidden(form, "version"),
        "effective_date": "2023-03-20",
        "talker": "王书记",
        "summary": "了解入党动机",
    }
    assert client.post(url, data=typed, follow_redirects=False).status_code == 303
    after_first = _history_length(client, candidate_id, people.secretary)
    again = client.post(url, data=typed, follow_redirects=False)
    assert again.status_code == 409
    assert "这张表单已经提交过" in again.text
    assert _history_length(client, candidate_id, people.secretary) == after_first


def test_a_reviewer_who_leaves_审查人_empty_is_named_in_the_history(
    client: TestClient, people: People, in_pre_review: int
) -> None:
    sign_in(client, people.reviewer)
    url = f"/console/candidates/{in_pre_review}/acts/approve_pre_review"
    form = client.get(url).text
    assert 'value="陈审查"' in form
    version = client.get(
        f"/api/v1/candidates/{in_pre_review}", headers=auth(people.reviewer)
    ).json()["version"]
    response = client.post(
        url,
        data={
            "csrf_token": hidden(form, "csrf_token"),
            "version": str(version),
            "effective_date": "2024-05-28",
            "reviewer": "",
            "opinion": "材料齐全，同意",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    history = client.get(
        f"/api/v1/candidates/{in_pre_review}/history", headers=auth(people.reviewer)
    ).json()["items"]
    assert history[-1]["trigger"] == "approve_pre_review"
    assert history[-1]["evidence"]["reviewer"]["name"] == "陈审查"
