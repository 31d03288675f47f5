"""Redraw docs/screenshots/dossier.png and ledger.png from the demo, as a clerk sees them:
the dossier printed to A4 by Chromium, the ledger opened in LibreOffice Calc.

    python -m scripts.screenshots_documents [--pdf-too]

Needs /usr/bin/chromium, libreoffice and pdftoppm (poppler-utils). The demo is loaded into a
throwaway SQLite database on a fixed day, so the pictures only change when the documents do.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

from fastapi.testclient import TestClient
from playwright.sync_api import sync_playwright

from service.adapters.clock import FixedClock
from service.adapters.database import make_engine
from service.adapters.migrations import upgrade
from service.cli.demo import DemoLoaded, load_demo
from service.main import create_app
from service.settings import Settings

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
NOW = datetime(2026, 12, 4, 7, 30)  # 15:30 in Beijing
DOSSIER_OF = "卫娜"
CHROMIUM = "/usr/bin/chromium"


def _token(loaded: DemoLoaded, role: str) -> dict[str, str]:
    principal = next(p for p in loaded.principals if p.role == role)
    return {"Authorization": f"Bearer {principal.token}"}


def _first_page_png(pdf: Path, png: Path) -> None:
    stem = png.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", pdf, stem],
        check=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf-too", action="store_true", help="keep the PDFs beside the PNGs")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        url = f"sqlite:///{work / 'demo.db'}"
        upgrade(url)
        settings = Settings(database_url=url)
        engine = make_engine(url)
        clock = FixedClock(NOW)
        loaded = load_demo(engine, clock, settings)
        with TestClient(create_app(settings, clock=clock, engine=engine)) as client:
            secretary = _token(loaded, "secretary")
            found = client.get(
                "/api/v1/candidates", params={"name": DOSSIER_OF}, headers=secretary
            ).json()
            candidate_id = next(c["id"] for c in found["items"] if c["name"] == DOSSIER_OF)
            html = client.get(
                f"/api/v1/candidates/{candidate_id}/dossier",
                params={"format": "html"},
                headers=secretary,
            ).text
            ledger = client.get(
                "/api/v1/ledgers/activists",
                params={"format": "xlsx"},
                headers=_token(loaded, "reviewer"),
            ).content
        engine.dispose()
        dossier_pdf = work / "dossier.pdf"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page()
            page.set_content(html)
            page.pdf(path=str(dossier_pdf), prefer_css_page_size=True)
            browser.close()
        _first_page_png(dossier_pdf, OUT / "dossier.png")
        workbook = work / "ledger.xlsx"
        workbook.write_bytes(ledger)
        subprocess.run(
            ["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", work, workbook],
            check=True,
            capture_output=True,
        )
        _first_page_png(work / "ledger.pdf", OUT / "ledger.png")
        if args.pdf_too:
            shutil.copy(dossier_pdf, OUT / "dossier.pdf")
            shutil.copy(work / "ledger.pdf", OUT / "ledger.pdf")
    print(f"wrote {OUT / 'dossier.png'} and {OUT / 'ledger.png'}")


if __name__ == "__main__":
    main()
