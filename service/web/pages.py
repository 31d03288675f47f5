"""Rendering console pages: the Jinja2 environment (autoescape on), the security headers every
page carries, and the Chinese error page."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from service.app.chinese_dates import beijing_time, chinese_date
from service.workflow.words import (
    EVENT_OUTCOMES,
    LEDGER_COLUMNS,
    OUTCOMES,
    choice_label,
    field_label,
    state_label,
)

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

_environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_environment.filters["chinese_date"] = chinese_date
_environment.filters["beijing_time"] = beijing_time
_environment.globals["state_label"] = state_label
_environment.globals["role_label"] = choice_label
_environment.globals["field_label"] = field_label
_environment.globals["column_label"] = lambda key: LEDGER_COLUMNS[key].zh
_environment.globals["refused_label"] = EVENT_OUTCOMES["refused"].zh
_environment.globals["failed_label"] = OUTCOMES["failed"].zh

# Nothing but the service itself: no CDN, no font host, no inline script.
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'{styles}; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_INLINE_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def security_headers(html: str) -> dict[str, str]:
    """The page's headers; an inline <style> it carries (the printable dossier) is allowed by
    its hash, never by 'unsafe-inline'."""
    hashes = "".join(
        f" 'sha256-{base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()}'"
        for style in _INLINE_STYLE.findall(html)
    )
    return {
        "Content-Security-Policy": POLICY.format(styles=hashes),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cache-Control": "no-store",
    }


def html_page(html: str, *, status_code: int = 200) -> HTMLResponse:
    return HTMLResponse(html, status_code=status_code, headers=security_headers(html))


def render(
    request: Request, template: str, *, status_code: int = 200, **context: Any
) -> HTMLResponse:
    html = _environment.get_template(template).render(request=request, **context)
    return html_page(html, status_code=status_code)


def error_page(request: Request, status_code: int, title: str, message: str) -> HTMLResponse:
    return render(
        request,
        "error.html",
        status_code=status_code,
        title=title,
        message=message,
        signed_in=getattr(request.state, "signed_in", None),
    )
