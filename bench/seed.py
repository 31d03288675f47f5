"""Seeding a benchmark database through the service's own use cases: organisations, principals,
and candidates advanced into the pools of bench/scenario.py."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from bench.scenario import (
    APPLICANT_APPLIED_ON,
    APPLICATION,
    CYCLE_STARTS_ON,
    MIX,
    POOLS,
    SECRETARY,
)
from service.adapters.clock import SystemClock
from service.app.actors import Actor, Role
from service.app.acts import perform_act
from service.app.candidates import NewCandidate, create_candidate
from service.app.organizations import OrganizationKind, create_organization
from service.app.principals import register_principal
from service.settings import Settings

COMMITTEES = 4
BRANCHES_PER_COMMITTEE = 5


@dataclass
class SeededCandidate:
    id: int
    pool: str
    state: str
    version: int
    secretary: str
    reviewer: str


@dataclass
class SeededWorld:
    candidates: list[SeededCandidate] = field(default_factory=list)
    acts: int = 0


@dataclass(frozen=True)
class _Branch:
    id: int
    secretary: Actor
    secretary_token: str
    reviewer: Actor
    reviewer_token: str


def _branches(engine: Engine, clock: SystemClock) -> list[_Branch]:
    admin = register_principal(
        engine, clock, name="bench admin", role=Role.admin, organization_id=None
    )
    branches = []
    for c in range(COMMITTEES):
        committee = create_organization(
            engine,
            clock,
            admin.actor,
            name=f"县直工委{c}",
            kind=OrganizationKind.committee,
            parent_id=None,
        )
        assert committee.id is not None
        reviewer = register_principal(
            engine, clock, name=f"审查{c}", role=Role.reviewer, organization_id=committee.id
        )
        for b in range(BRANCHES_PER_COMMITTEE):
            branch = create_organization(
                engine,
                clock,
                admin.actor,
                name=f"党支部{c}-{b}",
                kind=OrganizationKind.branch,
                parent_id=committee.id,
            )
            assert branch.id is not None
            secretary = register_principal(
                engine, clock, name=f"书记{c}-{b}", role=Role.secretary, organization_id=branch.id
            )
            branches.append(
                _Branch(branch.id, secretary.actor, secretary.token, reviewer.actor, reviewer.token)
            )
    return branches


def _new_candidate(branch_id: int, number: int, *, applied_on: str) -> NewCandidate:
    data: dict[str, Any] = {**APPLICATION, "application_date": applied_on}
    return NewCandidate(
        branch_id=branch_id,
        name=f"候选人{number}",
        gender=data["gender"],
        birth_date=date.fromisoformat(data["birth_date"]),
        application_date=date.fromisoformat(data["application_date"]),
        ethnicity=data["ethnicity"],
        id_number=data["id_number"],
        education=data["education"],
        work_unit=data["work_unit"],
        phone=data["phone"],
    )


def seed(engine: Engine, settings: Settings, *, candidates: int) -> SeededWorld:
    """`candidates` candidates shared among the pools, spread over the branches."""
    clock = SystemClock()
    branches = itertools.cycle(_branches(engine, clock))
    world = SeededWorld()
    number = 0
    for pool, (share, journey, state) in POOLS.items():
        applied_on = (
            APPLICANT_APPLIED_ON if pool == "applicant" else APPLICATION["application_date"]
        )
        for _ in range(round(candidates * share)):
            number += 1
            branch = next(branches)
            candidate, _ = create_candidate(
                engine,
                clock,
                settings,
                branch.secretary,
                _new_candidate(branch.id, number, applied_on=applied_on),
            )
            assert candidate.id is not None
            version = candidate.version
            reached = candidate.state
            for trigger, who, on, evidence in journey:
                result = perform_act(
                    engine,
                    clock,
                    settings,
                    branch.secretary if who == SECRETARY else branch.reviewer,
                    candidate_id=candidate.id,
                    trigger=trigger,
                    evidence=evidence,
                    effective_date=date.fromisoformat(on),
                )
                version, reached = result.candidate.version, result.candidate.state
                world.acts += 1
            if reached != state:
                raise RuntimeError(f"candidate {candidate.id} reached {reached}, not {state}")
            world.candidates.append(
                SeededCandidate(
                    candidate.id,
                    pool,
                    state,
                    version,
                    branch.secretary_token,
                    branch.reviewer_token,
                )
            )
            world.acts += 1
    return world


def _lua(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ",".join(f"{key}={_lua(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "{" + ",".join(_lua(item) for item in value) + "}"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=True)
    return repr(value)


def write_plan(world: SeededWorld, path: Path, *, clients: int, today: date) -> None:
    """The Lua table acts.lua reads: per phase (warmup, measure) and wrk thread, its candidates.

    Every fifth candidate of each pool serves the warm-up only, so the measured run starts from
    the states the plan describes.
    """
    phases: dict[str, list[dict[str, list[dict[str, Any]]]]] = {
        phase: [{pool: [] for pool in POOLS} for _ in range(clients)]
        for phase in ("warmup", "measure")
    }
    for pool in POOLS:
        members = [c for c in world.candidates if c.pool == pool]
        warmup, measure = members[::5], [c for i, c in enumerate(members) if i % 5]
        for phase, chosen in (("warmup", warmup), ("measure", measure)):
            if len(chosen) < clients:
                raise ValueError(f"too few {pool} candidates for {clients} clients: seed more")
            for index, candidate in enumerate(chosen):
                phases[phase][index % clients][pool].append(
                    {
                        "id": candidate.id,
                        "v": candidate.version,
                        "s": candidate.secretary,
                        "r": candidate.reviewer,
                    }
                )
    plan = {
        "today": (today - timedelta(days=1)).isoformat(),
        "cycle_starts_on": CYCLE_STARTS_ON,
        "mix": [[kind, share] for kind, share in MIX.items()],
        "phases": phases,
    }
    path.write_text(f"return {_lua(plan)}\n", encoding="utf-8")
