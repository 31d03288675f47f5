"""The README's screenshots of the console, taken in Chromium from the demonstration data:
`python -m tests.web.screenshots [directory]` (default docs/screenshots)."""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import ViewportSize, sync_playwright
from pydantic import SecretStr
from sqlalchemy.engine import Engine

from service.adapters.clock import FixedClock
from service.adapters.database import make_engine
from service.adapters.migrations import upgrade
from service.app.webhooks.delivery import deliver_due, retry_schedule
from service.app.webhooks.reminders import send_reminders
from service.cli.demo import load_demo
from service.main import create_app
from service.settings import Settings
from service.workflow.words import act_label
from tests.support.http_journey import APPLICATION
from tests.support.webhook_receiver import Answering
from tests.web.console import fill_recommendation_vote
from tests.web.served import serving

TODAY = date(2026, 11, 26)
VIEWPORT = ViewportSize(width=1280, height=800)


def _sign_in(page: Any, token: str) -> None:
    page.goto("/console/login")
    page.get_by_label("访问令牌").fill(token)
    page.get_by_role("button", name="登录").click()


def _candidate(page: Any, name: str) -> None:
    page.goto("/console/candidates?q=" + name)
    page.get_by_role("link", name=name).click()


def take(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{scratch}/demo.db"
        upgrade(url)
        engine = make_engine(url)
        clock = FixedClock.on(TODAY)
        settings = Settings(database_url=url, admin_token=SecretStr("screenshots-" + "x" * 40))
        loaded = load_demo(engine, clock, settings)
        # The first principal of each role: the first branch's secretary has the most to do.
        tokens: dict[str, str] = {}
        for principal in loaded.principals:
            tokens.setdefault(principal.role, principal.token)
        app = create_app(settings, clock=clock, engine=engine)
        shots = []
        with (
            serving(app) as base_url,
            sync_playwright() as playwright,
        ):
            _subscribe(base_url, tokens["admin"], loaded.committee_id)
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--lang=zh-CN"],
                env={**os.environ, "LANG": "zh_CN.UTF-8", "LANGUAGE": "zh_CN"},
            )
            outbox = _Outbox(
                engine, clock, settings, base_url, tokens["secretary"], loaded.branch_ids[0]
            )
            admin = partial(_admin, outbox)
            for role, steps in (("secretary", _secretary), ("auditor", _auditor), ("admin", admin)):
                context = browser.new_context(base_url=base_url, viewport=VIEWPORT, locale="zh-CN")
                page = context.new_page()
                _sign_in(page, tokens[role])
                shots += steps(page, directory)
                context.close()
            browser.close()
        engine.dispose()
    return shots


def _secretary(page: Any, directory: Path) -> list[Path]:
    inbox = directory / "inbox.png"
    page.screenshot(path=inbox, full_page=True)
    rows = page.locator("table.list tbody tr")
    rows.filter(has_text=act_label("designate_development_target")).first.locator("a").click()
    candidate = directory / "candidate.png"
    page.screenshot(path=candidate, full_page=True)
    page.get_by_role("navigation").get_by_role("link", name="待办").click()
    rows.filter(has_text=act_label("record_recommendation_vote")).first.locator("a").click()
    page.get_by_role("link", name=act_label("record_recommendation_vote")).click()
    fill_recommendation_vote(page, method="show_of_hands")
    page.get_by_role("button", name="提交").click()
    refused = directory / "act-refused.png"
    page.screenshot(path=refused, full_page=True)
    return [inbox, candidate, refused]


def _auditor(page: Any, directory: Path) -> list[Path]:
    page.get_by_role("navigation").get_by_role("link", name="审计").click()
    page.get_by_role("button", name="校验").click()
    audit = directory / "audit.png"
    page.screenshot(path=audit, full_page=True)
    return [audit]


def _subscribe(base_url: str, token: str, organization_id: int) -> None:
    created = httpx.post(
        f"{base_url}/api/v1/subscriptions",
        json={
            "url": "https://dangyuan.example.gov.cn/hooks/recruitflow",
            "organization_id": organization_id,
            "description": "党员信息库",
        },
        headers={"Authorization": f"Bearer {token}"},
    )
    created.raise_for_status()


@dataclass(frozen=True)
class _Outbox:
    """The day's reminders and a receiver that takes each candidate's first event, then answers
    503 until the second is out of retries; an applicant registered afterwards still waits."""

    engine: Engine
    clock: FixedClock
    settings: Settings
    base_url: str
    secretary: str
    branch_id: int

    def drain(self) -> None:
        send_reminders(self.engine, self.clock, self.settings)
        self._step(200)
        for wait in (0, *retry_schedule(self.settings)):
            self.clock.advance(timedelta(seconds=wait))
            self._step(503)
        registered = httpx.post(
            f"{self.base_url}/api/v1/candidates",
            json={**APPLICATION, "branch_id": self.branch_id, "name": "赵文静", "id_number": None},
            headers={"Authorization": f"Bearer {self.secretary}"},
        )
        registered.raise_for_status()

    def _step(self, status: int) -> None:
        deliver_due(self.engine, self.settings, Answering(status), clock=self.clock, worker="demo")


def _admin(outbox: _Outbox, page: Any, directory: Path) -> list[Path]:
    outbox.drain()
    page.get_by_role("navigation").get_by_role("link", name="推送订阅").click()
    page.get_by_role("link", name="全部").first.click()
    deliveries = directory / "deliveries.png"
    page.screenshot(path=deliveries, full_page=True)
    return [deliveries]


if __name__ == "__main__":
    for shot in take(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")):
        sys.stdout.write(f"{shot}\n")
