"""The console in Chromium (Debian's package, driven by Playwright), as its people use it: a
reviewer approves a pre-review found in 待办, a secretary's refused act keeps what was typed, an
auditor's 校验 shows 完整; no page fetches anything from elsewhere; a POST without its CSRF token
is refused. One served app and one browser for the module (SQLite)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from service.adapters.clock import FixedClock
from service.adapters.database import make_engine
from service.app import organizations, principals
from service.app.actors import Role
from service.app.organizations import OrganizationKind
from service.main import create_app
from service.settings import Settings
from service.workflow import RULES
from service.workflow.words import act_label, state_label
from tests.support.databases import copy_sqlite
from tests.support.factories import ADMIN_TOKEN, auth
from tests.support.http_journey import APPLICATION, REVIEWER, SECRETARY, run_journey
from tests.web.console import fill_recommendation_vote
from tests.web.served import serving

CHROMIUM = Path("/usr/bin/chromium")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
if not CHROMIUM.exists() and shutil.which("chromium") is None:
    pytest.skip(
        "no Chromium on this machine (Debian package `chromium`): browser tests skipped",
        allow_module_level=True,
    )
expect = sync_api.expect
# The pre-review was submitted on 2024-05-20 (tests.support.http_journey): a week later.
TODAY = date(2024, 5, 28)


@dataclass(frozen=True)
class Site:
    base_url: str
    tokens: dict[str, str]
    in_pre_review: int
    talked_to: int


def _candidate(http: httpx.Client, secretary: str, branch_id: int, name: str) -> int:
    created = http.post(
        "/api/v1/candidates",
        json={"branch_id": branch_id, **APPLICATION, "name": name},
        headers=auth(secretary),
    )
    assert created.status_code == 201, created.text
    identifier: int = created.json()["id"]
    return identifier


@pytest.fixture(scope="module")
def site(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    url = copy_sqlite(sqlite_template, tmp_path_factory.mktemp("console") / "console.db")
    engine = make_engine(url)
    clock = FixedClock.on(TODAY)
    settings = Settings(database_url=url, admin_token=SecretStr(ADMIN_TOKEN))
    setup = principals.register_principal(
        engine, clock, name="setup", role=Role.admin, organization_id=None
    ).actor
    committee = organizations.create_organization(
        engine, clock, setup, name="县直机关工委", kind=OrganizationKind.committee, parent_id=None
    )
    branch = organizations.create_organization(
        engine,
        clock,
        setup,
        name="财政局党支部",
        kind=OrganizationKind.branch,
        parent_id=committee.id,
    )
    assert branch.id is not None
    tokens = {
        role: principals.register_principal(
            engine, clock, name=name, role=Role(role), organization_id=home
        ).token
        for role, name, home in (
            (SECRETARY, "王书记", branch.id),
            (REVIEWER, "陈审查", committee.id),
            ("auditor", "刘审计", committee.id),
        )
    }
    app = create_app(settings, clock=clock, engine=engine)
    with serving(app) as base_url, httpx.Client(base_url=base_url) as http:
        headers = {role: auth(token) for role, token in tokens.items()}
        in_pre_review = _candidate(http, tokens[SECRETARY], branch.id, "张三丰")
        run_journey(http, in_pre_review, headers, until="pre_review")
        talked_to = _candidate(http, tokens[SECRETARY], branch.id, "李四海")
        run_journey(http, talked_to, headers, until="applicant")
        yield Site(base_url, tokens, in_pre_review, talked_to)
    engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, site: Site) -> Iterator[Any]:
    context = browser.new_context(base_url=site.base_url, locale="zh-CN")
    yield context.new_page()
    context.close()


def sign_in(page: Any, token: str) -> None:
    page.goto("/console/")
    page.get_by_label("访问令牌").fill(token)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="待办")).to_be_visible()


def test_a_reviewer_approves_the_pre_review_waiting_in_待办(page: Any, site: Site) -> None:
    sign_in(page, site.tokens[REVIEWER])
    page.get_by_role("link", name="张三丰").click()
    page.get_by_role("link", name=act_label("approve_pre_review")).click()
    expect(page.get_by_label("审查人")).to_have_value("陈审查")
    expect(page.get_by_label("生效日期")).to_have_value(TODAY.isoformat())
    page.get_by_label("预审意见").fill("材料齐全，同意")
    page.get_by_role("button", name="提交").click()
    expect(page.locator("dd.state")).to_have_text(state_label("pre_review_passed"))
    expect(page.locator("ol.timeline li").first).to_contain_text("材料齐全，同意")


def test_a_secretarys_refused_act_shows_the_rule_and_keeps_the_input(page: Any, site: Site) -> None:
    sign_in(page, site.tokens[SECRETARY])
    page.goto(f"/console/candidates/{site.talked_to}")
    page.get_by_role("link", name=act_label("record_recommendation_vote")).click()
    fill_recommendation_vote(page, method="show_of_hands")
    page.get_by_role("button", name="提交").click()
    rule = RULES["recommendation.secret_ballot"].message_zh.split("（")[0]
    expect(page.get_by_role("alert")).to_contain_text(rule)
    expect(page.get_by_label("推荐方式")).to_have_value("show_of_hands")
    expect(page.get_by_label("推荐票数", exact=True)).to_have_value("15")


def test_an_auditors_校验_shows_完整(page: Any, site: Site) -> None:
    sign_in(page, site.tokens["auditor"])
    page.get_by_role("navigation").get_by_role("link", name="审计").click()
    page.get_by_role("button", name="校验").click()
    expect(page.get_by_role("status")).to_contain_text("完整")


def test_no_page_fetches_anything_from_outside_the_service(page: Any, site: Site) -> None:
    requested: list[str] = []
    page.context.on("request", lambda request: requested.append(request.url))
    sign_in(page, site.tokens["auditor"])
    for path in (
        f"/console/candidates/{site.in_pre_review}",
        f"/console/candidates/{site.in_pre_review}/dossier",
        "/console/audit",
        "/console/candidates?q=张",
    ):
        page.goto(path)
    assert any(url.endswith("/console/static/console.css") for url in requested)
    outside = [url for url in requested if not url.startswith(site.base_url + "/")]
    assert outside == []


def test_a_post_without_its_csrf_token_is_403_and_changes_nothing(page: Any, site: Site) -> None:
    sign_in(page, site.tokens[SECRETARY])
    history = f"{site.base_url}/api/v1/candidates/{site.talked_to}/history"
    headers = auth(site.tokens[SECRETARY])
    before = httpx.get(history, headers=headers).json()["items"]
    response = page.request.post(
        f"/console/candidates/{site.talked_to}/acts/record_talk",
        form={"effective_date": TODAY.isoformat(), "talker": "王书记", "summary": "再次谈话"},
    )
    assert response.status == 403
    assert httpx.get(history, headers=headers).json()["items"] == before
