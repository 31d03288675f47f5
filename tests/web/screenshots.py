"""The README's screenshots of the console, taken in Chromium from the demonstration data:
`python -m tests.web.screenshots [directory]` (default docs/screenshots)."""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from playwright.sync_api import ViewportSize, sync_playwright
from pydantic import SecretStr

from service.adapters.clock import FixedClock
from service.adapters.database import make_engine
from service.adapters.migrations import upgrade
from service.cli.demo import load_demo
from service.main import create_app
from service.settings import Settings
from service.workflow.words import act_label
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
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--lang=zh-CN"],
                env={**os.environ, "LANG": "zh_CN.UTF-8", "LANGUAGE": "zh_CN"},
            )
            for role, steps in (("secretary", _secretary), ("auditor", _auditor)):
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


if __name__ == "__main__":
    for shot in take(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")):
        sys.stdout.write(f"{shot}\n")
