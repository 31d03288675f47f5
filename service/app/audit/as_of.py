"""A candidate as it stood on a past date, rebuilt from its applied history alone."""

from __future__ import annotations

from datetime import date

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from service.adapters.database import UnitOfWork
from service.adapters.tables import Candidate, Organization
from service.app.actors import Actor
from service.app.audit.events import EVENTS
from service.app.candidates import readable_candidate
from service.app.definitions import profile_by_hash
from service.app.errors import NotFound
from service.app.history import APPLIED, applied_act
from service.workflow.replay import replay


def candidate_as_of(
    engine: Engine, actor: Actor, candidate_id: int, day: date
) -> tuple[Candidate, Candidate, Organization]:
    """(then, now, now's branch): `then` is a detached copy of the candidate with the state,
    record and branch of `day` (by effective dates); personal data and version stay today's."""
    with UnitOfWork(engine) as uow:
        candidate, branch = readable_candidate(uow.session, actor, candidate_id)
        statement = (
            sa.select(EVENTS)
            .where(EVENTS.c.candidate_id == candidate_id, EVENTS.c.outcome == APPLIED)
            .order_by(EVENTS.c.seq)
        )
        rows = uow.connection.execute(statement).all()
    acts = [applied_act(row) for row in rows]
    # Each act was decided under the profile it records; the latest one up to `day` rules.
    in_force = [row.definition_hash for row in rows if row.effective_date <= day]
    profile = profile_by_hash(engine, in_force[-1] if in_force else rows[0].definition_hash)
    rebuilt = replay(acts, profile=profile, until=day)
    if rebuilt is None:
        raise NotFound(
            f"candidate {candidate_id} had not applied by {day.isoformat()}",
            detail_zh=f"入党申请人（编号 {candidate_id}）在 {day.isoformat()} 前尚未递交入党申请",
        )
    state, record = rebuilt
    then = Candidate(**candidate.model_dump())
    then.state, then.branch_id = state, record.branch_id
    then.record = orjson.dumps(record.to_data()).decode()
    return then, candidate, branch
