"""Mounting the console on the app: its routes under /console and its static files."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from service.web.pages import STATIC
from service.web.routes import ROUTERS
from service.web.wiring import ConsoleWiring


def install_console(app: FastAPI, wiring: ConsoleWiring) -> None:
    app.state.console = wiring
    console = APIRouter(prefix="/console", include_in_schema=False)
    for router in ROUTERS:
        console.include_router(router)
    app.include_router(console)
    app.mount("/console/static", StaticFiles(directory=STATIC), name="console-static")
