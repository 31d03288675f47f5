"""Annual development plans (控制总量) as the workflow sees them: quota and admissions used."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col, select

from service.persistence.models import HistoryEvent, Organization, Plan
from service.workflow import PlanUsage


def _ancestor_ids(path: str) -> list[int]:
    return [int(part) for part in path.strip("/").split("/") if part]


def admissions_in_year(session: Session, *, organization_path: str, year: int) -> int:
    """Approvals applied in `year` (by effective date) for candidates of branches under the path."""
    statement = (
        select(sa.func.count())
        .select_from(HistoryEvent)
        .join(Organization, col(Organization.id) == col(HistoryEvent.organization_id))
        .where(
            HistoryEvent.trigger == "approve_admission",
            HistoryEvent.outcome == "applied",
            HistoryEvent.effective_date >= date(year, 1, 1),
            HistoryEvent.effective_date <= date(year, 12, 31),
            col(Organization.path).startswith(organization_path),
        )
    )
    return int(session.exec(statement).one())


def plans_covering(session: Session, *, branch_path: str, year: int) -> tuple[PlanUsage, ...]:
    """Every plan for `year` set on the branch or a committee above it, with its usage."""
    ids = _ancestor_ids(branch_path)
    rows = session.exec(
        select(Plan, Organization.path)
        .join(Organization, Organization.id == Plan.organization_id)  # type: ignore[arg-type]
        .where(Plan.year == year, Plan.organization_id.in_(ids))  # type: ignore[attr-defined]
    ).all()
    return tuple(
        PlanUsage(
            organization_id=plan.organization_id,
            year=year,
            quota=plan.quota,
            used=admissions_in_year(session, organization_path=path, year=year),
        )
        for plan, path in rows
    )
