"""The candidate page's content, read through the use cases: the file's facts (dossier), the
history in Chinese (refused attempts with their reasons), and the acts judged today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson
from sqlalchemy.engine import Engine

from service.adapters.clock import Clock
from service.app import acts, dossier, organizations
from service.app.actors import Actor
from service.app.dossier import Dossier, evidence_lines
from service.app.history import REFUSED
from service.settings import Settings
from service.workflow.words import act_label, choice_label, state_label

FAILED = "failed"
HISTORY_LIMIT = 1000


@dataclass(frozen=True, slots=True)
class Step:
    """One event of the history as a clerk reads it."""

    seq: int
    title: str
    effective_date: date
    actor: str
    refused: bool
    moved: str | None
    lines: list[tuple[str, str]]
    reasons: list[str]
    warnings: list[str]
    vote_failed: bool


@dataclass(frozen=True, slots=True)
class ActChoice:
    trigger: str
    title: str
    actor: str
    allowed: bool
    mine: bool
    reasons: list[str]


@dataclass(frozen=True, slots=True)
class CandidateView:
    file: Dossier
    version: int
    steps: list[Step]
    choices: list[ActChoice]

    @property
    def key_dates(self) -> list[tuple[str, date]]:
        return [
            (dossier.KEY_DATE_LABELS[key], day)
            for key, day in self.file.key_dates.items()
            if day is not None
        ]


def _step(event: dict[str, Any], names: dict[int, str]) -> Step:
    refused = event["outcome"] == REFUSED
    before, after = event["from_state"], event["to_state"]
    moved = None
    if not refused and after is not None and after != before:
        moved = f"{state_label(before)} → {state_label(after)}" if before else state_label(after)
    actor = event["actor"]
    return Step(
        seq=event["seq"],
        title=act_label(event["trigger"], before),
        effective_date=date.fromisoformat(event["effective_date"]),
        actor=f"{actor['name']}（{choice_label(actor['role'])}）",
        refused=refused,
        moved=moved,
        lines=[] if refused else evidence_lines(event["trigger"], event["evidence"], names),
        reasons=[violation["message_zh"] for violation in event["violations"]],
        warnings=[warning["message_zh"] for warning in event["warnings"]],
        vote_failed=event["notes"].get("outcome") == FAILED,
    )


def candidate_view(
    engine: Engine, clock: Clock, settings: Settings, actor: Actor, candidate_id: int
) -> CandidateView:
    file = dossier.build_dossier(engine, actor, candidate_id)
    candidate, explanations = acts.explain_candidate(engine, clock, settings, actor, candidate_id)
    page = acts.candidate_history(engine, actor, candidate_id, limit=HISTORY_LIMIT)
    # The stored JSON comes spliced in as it is: one round trip through orjson parses it.
    events: list[dict[str, Any]] = orjson.loads(orjson.dumps(page.items))
    choices = [
        ActChoice(
            trigger=explanation.trigger,
            title=act_label(explanation.trigger, candidate.state),
            actor=choice_label(explanation.actor),
            allowed=explanation.allowed,
            mine=explanation.actor == actor.role,
            reasons=[violation.message_zh for violation in explanation.violations],
        )
        for explanation in explanations
    ]
    # Organisations named in evidence (the branch applied to, transfers), as the reader sees them.
    names = {
        organization.id: organization.name
        for organization in organizations.list_organizations(engine, actor)
        if organization.id is not None
    }
    return CandidateView(
        file=file,
        version=candidate.version,
        steps=[_step(event, names) for event in reversed(events)],
        choices=choices,
    )
