"""Which history events an auditor asked for: the filters, who may ask, and one page of them.

Without a candidate, the events are those recorded under an organisation's subtree (the
candidate's branch when the act happened); with a candidate, its whole chain, wherever it was.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from service.adapters.clock import SHANGHAI
from service.adapters.database import UnitOfWork
from service.adapters.tables import HistoryEvent, Organization
from service.app.actors import Actor, Role
from service.app.candidates import readable_candidate
from service.app.errors import PermissionDenied
from service.app.history import EVENT_COLUMNS, content_of
from service.app.organizations import resolve_scope

EVENTS: sa.Table = HistoryEvent.__table__  # type: ignore[attr-defined]
ORGANIZATIONS: sa.Table = Organization.__table__  # type: ignore[attr-defined]
# Selected in this order, a row is what service.app.history's `content_of` reads.
EVENT_VALUES = tuple(EVENTS.c[name] for name in EVENT_COLUMNS)


@dataclass(frozen=True, slots=True)
class EventQuery:
    """The filters of the events list and of the export; None means any."""

    organization_id: int | None = None
    candidate_id: int | None = None
    trigger: str | None = None
    outcome: str | None = None
    actor_id: int | None = None
    effective_from: date | None = None
    effective_to: date | None = None
    recorded_from: date | None = None
    recorded_to: date | None = None
    rule: str | None = None

    def described(self) -> dict[str, Any]:
        """The filters that were set, as JSON values (the export's final line records them)."""
        return {
            key: value.isoformat() if isinstance(value, date) else value
            for key, value in asdict(self).items()
            if value is not None
        }


@dataclass(frozen=True, slots=True)
class EventScope:
    """Where the events may come from: an organisation subtree (None: anywhere)."""

    organization_path: str | None


@dataclass(frozen=True, slots=True)
class EventPage:
    items: list[dict[str, Any]]
    next_cursor: str | None


def require_auditor(actor: Actor) -> None:
    if actor.role not in (Role.auditor, Role.admin):
        raise PermissionDenied(
            "the audit trail is for auditors and admins",
            detail_zh="只有审计人员和系统管理员可以查看审计记录",
        )


def resolve(session: Session, actor: Actor, query: EventQuery) -> EventScope:
    """Check the caller may read what the query names; the subtree the events come from."""
    require_auditor(actor)
    if query.candidate_id is not None:
        readable_candidate(session, actor, query.candidate_id)
        if query.organization_id is None:
            return EventScope(None)
    organization = resolve_scope(session, actor, query.organization_id)
    return EventScope(organization.path if organization is not None else None)


def organizations_under(path: str) -> sa.Select[tuple[int]]:
    return sa.select(ORGANIZATIONS.c.id).where(ORGANIZATIONS.c.path.startswith(path))


def conditions(query: EventQuery, scope: EventScope) -> list[sa.ColumnElement[bool]]:
    """The WHERE clauses of the query over the history table."""
    columns = EVENTS.c
    found: list[sa.ColumnElement[bool]] = []
    if scope.organization_path is not None:
        found.append(columns.organization_id.in_(organizations_under(scope.organization_path)))
    equal = {
        "candidate_id": query.candidate_id,
        "trigger": query.trigger,
        "outcome": query.outcome,
        "actor_id": query.actor_id,
    }
    found += [columns[name] == value for name, value in equal.items() if value is not None]
    if query.effective_from is not None:
        found.append(columns.effective_date >= query.effective_from)
    if query.effective_to is not None:
        found.append(columns.effective_date <= query.effective_to)
    if query.recorded_from is not None:
        found.append(columns.recorded_at >= _utc_start_of(query.recorded_from))
    if query.recorded_to is not None:
        found.append(columns.recorded_at < _utc_start_of(query.recorded_to + timedelta(days=1)))
    if query.rule is not None:
        # Violations and warnings are canonical JSON, so a rule id appears exactly like this.
        escaped = query.rule.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f'%"rule":"{escaped}"%'
        found.append(
            sa.or_(
                columns.violations.like(pattern, escape="\\"),
                columns.warnings.like(pattern, escape="\\"),
            )
        )
    return found


def _utc_start_of(day: date) -> datetime:
    """Midnight in Asia/Shanghai as stored (naive UTC): recorded dates are local days."""
    return datetime.combine(day, time(), tzinfo=SHANGHAI).astimezone(UTC).replace(tzinfo=None)


def list_events(
    engine: Engine,
    actor: Actor,
    query: EventQuery,
    *,
    newest_first: bool = True,
    after: int | None = None,
    limit: int = 100,
) -> EventPage:
    """One page of the events, newest or oldest first; the cursor is the last global_seq."""
    order = EVENTS.c.global_seq.desc() if newest_first else EVENTS.c.global_seq.asc()
    with UnitOfWork(engine) as uow:
        scope = resolve(uow.session, actor, query)
        statement = sa.select(*EVENT_VALUES).where(*conditions(query, scope)).order_by(order)
        if after is not None:
            beyond = EVENTS.c.global_seq < after if newest_first else EVENTS.c.global_seq > after
            statement = statement.where(beyond)
        rows = uow.session.connection().execute(statement.limit(limit + 1)).all()
    items = [content_of(row) for row in rows[:limit]]
    more = len(rows) > limit
    return EventPage(items, str(items[-1]["global_seq"]) if more and items else None)
