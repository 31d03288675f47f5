"""The console's routes, one module per page family, each router built with `ConsoleRoute`."""

from fastapi import APIRouter

from service.web.routes import acts, audit, candidates, inbox, login, principals, subscriptions

ROUTERS: tuple[APIRouter, ...] = (
    login.router,
    inbox.router,
    candidates.router,
    acts.router,
    audit.router,
    principals.router,
    subscriptions.router,
)
