"""Reading the security log back: pages of it, filtered; its verification; its export.

Admins read it all; auditors read the events of their organisation's subtree. Verification
checks the chain over every event's stored hashes (they reveal nothing, so a deletion elsewhere
is still noticed) and re-hashes the content of the events in scope.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from service.adapters.clock import SHANGHAI
from service.adapters.database import UnitOfWork
from service.app.actors import Actor
from service.app.audit.chains import Break, GlobalChain
from service.app.audit.events import organizations_under, require_auditor
from service.app.audit.hashes import canonical
from service.app.audit.rows import partitions
from service.app.organizations import resolve_scope
from service.app.security import (
    SECURITY_COLUMNS,
    SECURITY_EVENTS,
    SECURITY_HEAD,
    security_content,
    security_hash,
)

COLUMNS = SECURITY_EVENTS.c


@dataclass(frozen=True, slots=True)
class SecurityQuery:
    """The filters of the list and the export; None means any."""

    kind: str | None = None
    principal_id: int | None = None
    recorded_from: date | None = None
    recorded_to: date | None = None


@dataclass(frozen=True, slots=True)
class SecurityPage:
    items: list[dict[str, Any]]
    next_cursor: str | None


@dataclass(frozen=True, slots=True)
class SecurityVerification:
    events_checked: int
    chain_checked: int
    head_seq: int
    head_hash: str
    first_broken: Break | None

    @property
    def ok(self) -> bool:
        return self.first_broken is None


def list_security_events(
    engine: Engine,
    actor: Actor,
    query: SecurityQuery,
    *,
    newest_first: bool = True,
    after: int | None = None,
    limit: int = 100,
) -> SecurityPage:
    """One page, newest or oldest first; the cursor is the last seq."""
    require_auditor(actor)
    order = COLUMNS.seq.desc() if newest_first else COLUMNS.seq.asc()
    with UnitOfWork(engine) as uow:
        path = _scope_path(uow, actor)
        statement = sa.select(*SECURITY_COLUMNS).where(*_conditions(query, path)).order_by(order)
        if after is not None:
            statement = statement.where(
                COLUMNS.seq < after if newest_first else COLUMNS.seq > after
            )
        rows = uow.connection.execute(statement.limit(limit + 1)).all()
    items = [security_content(row) for row in rows[:limit]]
    more = len(rows) > limit
    return SecurityPage(items, str(items[-1]["seq"]) if more and items else None)


def export_security_events(
    engine: Engine, actor: Actor, query: SecurityQuery, *, exported_at: str
) -> Iterator[bytes]:
    """JSON lines, oldest first, each event with its hashes; then a line with the head. Who may
    read what is settled before the first line (an answer once started cannot turn into 403)."""
    require_auditor(actor)
    with UnitOfWork(engine) as uow:
        path = _scope_path(uow, actor)
    return _exported(engine, query, path, exported_at=exported_at)


def _exported(
    engine: Engine, query: SecurityQuery, path: str | None, *, exported_at: str
) -> Iterator[bytes]:
    with UnitOfWork(engine, snapshot=True) as uow:
        statement = (
            sa.select(*SECURITY_COLUMNS).where(*_conditions(query, path)).order_by(COLUMNS.seq)
        )
        for rows in partitions(uow.connection, statement):
            yield b"".join(canonical(security_content(row, raw=True)) + b"\n" for row in rows)
        seq, chain_hash = uow.connection.execute(
            sa.select(SECURITY_HEAD.c.seq, SECURITY_HEAD.c.chain_hash)
        ).one()
    yield canonical({"head": {"seq": seq, "chain_hash": chain_hash}, "exported_at": exported_at})
    yield b"\n"


def verify_security_log(engine: Engine, actor: Actor) -> SecurityVerification:
    require_auditor(actor)
    with UnitOfWork(engine, snapshot=True) as uow:
        path = _scope_path(uow, actor)
        in_scope = _organizations(uow.connection, path)
        head_seq, head_hash = uow.connection.execute(
            sa.select(SECURITY_HEAD.c.seq, SECURITY_HEAD.c.chain_hash)
        ).one()
        chain = GlobalChain()
        statement = sa.select(*SECURITY_COLUMNS).order_by(COLUMNS.seq)
        checked, chain_checked, first = 0, 0, None
        for rows in partitions(uow.connection, statement):
            for row in rows:
                if in_scope is None or row.organization_id in in_scope:
                    checked += 1
                    first = first or _content_break(row)
            chain_checked += len(rows)
            links = ((r.seq, r.hash, r.prev_hash, r.chain_hash, None, None) for r in rows)
            first = first or chain.events(links)
        first = first or chain.end(head_seq=head_seq, head_hash=head_hash, complete=True)
    return SecurityVerification(checked, chain_checked, head_seq, head_hash, first)


def _content_break(row: Any) -> Break | None:
    if security_hash(security_content(row, raw=True)) == row.hash:
        return None
    return Break(
        "hash_mismatch", "the event's content does not hash to its hash", global_seq=row.seq
    )


def _scope_path(uow: UnitOfWork, actor: Actor) -> str | None:
    organization = resolve_scope(uow.session, actor, None)
    return organization.path if organization is not None else None


def _organizations(connection: Connection, path: str | None) -> set[int] | None:
    if path is None:
        return None
    return {cast(int, id_) for id_ in connection.execute(organizations_under(path)).scalars()}


def _conditions(query: SecurityQuery, path: str | None) -> list[sa.ColumnElement[bool]]:
    found: list[sa.ColumnElement[bool]] = []
    if path is not None:
        found.append(COLUMNS.organization_id.in_(organizations_under(path)))
    if query.kind is not None:
        found.append(COLUMNS.kind == query.kind)
    if query.principal_id is not None:
        found.append(
            sa.or_(
                COLUMNS.principal_id == query.principal_id,
                COLUMNS.actor_id == query.principal_id,
            )
        )
    if query.recorded_from is not None:
        found.append(COLUMNS.recorded_at >= _utc_midnight(query.recorded_from))
    if query.recorded_to is not None:
        found.append(COLUMNS.recorded_at < _utc_midnight(query.recorded_to + timedelta(days=1)))
    return found


def _utc_midnight(day: date) -> datetime:
    """Recorded days are days in Asia/Shanghai; the column holds naive UTC."""
    return datetime.combine(day, time(), tzinfo=SHANGHAI).astimezone(UTC).replace(tzinfo=None)
