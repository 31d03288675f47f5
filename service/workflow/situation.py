"""The frozen snapshot a decision is made on: state, record, evidence, dates and settings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from service.workflow.calendar import WorkingCalendar
from service.workflow.profiles import RuleProfile
from service.workflow.record import Notice, Record


@dataclass(frozen=True, slots=True)
class PlanUsage:
    """An annual plan (控制总量) that covers the candidate's branch, and admissions counted."""

    organization_id: int
    year: int
    quota: int
    used: int


@dataclass(frozen=True, slots=True)
class Situation:
    """Everything a guard may look at. `evidence` is None when only explaining."""

    state: str
    trigger: str
    record: Record
    effective_date: date
    today: date
    profile: RuleProfile
    calendar: WorkingCalendar
    evidence: Mapping[str, Any] | None = None
    plans: tuple[PlanUsage, ...] = ()

    def given(self, name: str) -> Any:
        """An evidence value, or None when absent or when explaining."""
        return None if self.evidence is None else self.evidence.get(name)

    @property
    def notice(self) -> Notice | None:
        return self.record.notice
