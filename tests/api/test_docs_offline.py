"""/docs and /redoc on an intranet: their assets served by the service, a policy keeping every
fetch to its origin; checked over HTTP, then rendered in Chromium (skipped where there is none)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.main import create_app
from service.settings import Settings
from tests.support.databases import sqlite_url
from tests.web.served import serving

CHROMIUM = Path("/usr/bin/chromium")
PAGES = ("/docs", "/redoc")


@pytest.fixture(scope="module")
def docs_app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    """The pages read no database: an empty one will do."""
    database = tmp_path_factory.mktemp("docs") / "docs.db"
    return create_app(Settings(database_url=sqlite_url(database)))


@pytest.fixture(scope="module")
def docs_client(docs_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(docs_app) as client:
        yield client


@pytest.mark.parametrize("path", PAGES)
def test_the_pages_load_everything_from_the_service(docs_client: TestClient, path: str) -> None:
    response = docs_client.get(path)
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert policy.startswith("default-src 'self'; script-src 'self'")
    assert "img-src 'self' data:;" in policy
    sources = re.findall(r'(?:src|href)="([^"]+)"', response.text)
    assert sources
    assert all(source.startswith("/static/docs/") for source in sources), sources
    assert "http" not in response.text.replace("http-equiv", "")
    for source in sources:
        asset = docs_client.get(source)
        assert asset.status_code == 200, source
        assert len(asset.content) > 1000


def test_swagger_uis_inline_start_is_admitted_by_its_hash_and_nothing_else(
    docs_client: TestClient,
) -> None:
    swagger = docs_client.get("/docs").headers["content-security-policy"]
    redoc = docs_client.get("/redoc").headers["content-security-policy"]
    assert len(re.findall(r"'sha256-[A-Za-z0-9+/=]{44}'", swagger)) == 1
    assert "sha256" not in redoc
    assert "unsafe-eval" not in swagger + redoc
    assert "'unsafe-inline'" not in swagger.split("script-src")[1].split(";")[0]


@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="no Chromium at /usr/bin/chromium (Debian package `chromium`)"
)
def test_docs_and_redoc_render_in_chromium_with_no_request_elsewhere(docs_app: FastAPI) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with serving(docs_app) as base, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        context = browser.new_context()
        requested: list[str] = []
        blocked: list[str] = []
        context.on("request", lambda request: requested.append(request.url))
        context.on(
            "requestfailed",
            lambda request: blocked.append(request.url) if request.failure == "csp" else None,
        )
        swagger, redoc = context.new_page(), context.new_page()
        swagger.goto(f"{base}/docs")
        redoc.goto(f"{base}/redoc")
        operation = swagger.locator(".opblock-summary-path", has_text="/api/v1/tasks")
        sync_api.expect(operation).to_be_visible(timeout=15_000)
        sync_api.expect(redoc.locator("h1").first).to_contain_text("recruitflow", timeout=15_000)
        browser.close()
    own = (base, f"blob:{base}")
    elsewhere = [url for url in requested if not url.startswith(own) and url not in blocked]
    assert elsewhere == []
    assert f"{base}/static/docs/swagger-ui-bundle.js" in requested
    assert f"{base}/static/docs/redoc.standalone.js" in requested
