"""What `create_app` hands the console: settings, engine and clock, and what it shares with the
API without importing it — the bearer-token check, the request models, the printable dossier."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from pydantic import BaseModel
from sqlalchemy.engine import Engine

from service.adapters.clock import Clock
from service.app.actors import Actor
from service.app.dossier import Dossier
from service.settings import Settings

# (client address, token) → the actor; raises NotAuthenticated or TooManyRequests, counting a
# failure toward the same per-client limit as the API's bearer tokens.
Authenticate = Callable[[str, str], Actor]
RenderDossier = Callable[[Dossier, datetime], str]
# trigger → the model an act's JSON body must satisfy (effective_date and the evidence).
EvidenceModel = Callable[[str], type[BaseModel]]


class EvidenceOf(Protocol):
    """A validated act body → the evidence as the history stores it; a reviewer's own person
    field left empty names `principal`."""

    def __call__(self, body: BaseModel, *, principal: str | None = None) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class ConsoleWiring:
    settings: Settings
    engine: Engine
    clock: Clock
    authenticate: Authenticate
    evidence_model: EvidenceModel
    evidence_of: EvidenceOf
    candidate_model: type[BaseModel]
    render_dossier: RenderDossier
