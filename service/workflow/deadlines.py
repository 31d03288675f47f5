"""What falls due for one candidate, and when, by the profile numbers and calendar the rules use.

Each item names the rule that will judge the step, so an organiser's reminder and the service's
refusal cite the same id. Pure: the shell supplies the record, profile, calendar and today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from service.workflow.calendar import WorkingCalendar, add_months, add_years
from service.workflow.profiles import RuleProfile
from service.workflow.record import Notice, Record
from service.workflow.rules.cultivation import assessments_recorded
from service.workflow.words import DEADLINES

PROBATION_STATES = ("probationary_member", "conversion_publicity")


@dataclass(frozen=True, slots=True)
class Due:
    """One step that falls due on `due_date`; `rule` is the id that judges it."""

    what: str
    due_date: date
    rule: str
    provisional: bool = False

    @property
    def label_zh(self) -> str:
        return DEADLINES[self.what].zh

    @property
    def label_en(self) -> str:
        return DEADLINES[self.what].en

    def days_left(self, today: date) -> int:
        return (self.due_date - today).days


def notice_end(notice: Notice, profile: RuleProfile, calendar: WorkingCalendar) -> Due:
    """A running notice's end; a provisional one is judged by the calendar in force now."""
    ends_on, provisional = notice.ends_on, notice.provisional
    if provisional:
        end = calendar.nth_working_day(notice.starts_on, profile.notice_working_days)
        ends_on = max(ends_on, end.day) if end.provisional else end.day
        provisional = end.provisional
    return Due("notice_end", ends_on, "publicity.complete", provisional)


def _applicant(record: Record, profile: RuleProfile) -> list[Due]:
    if record.talks:
        return []
    due = add_months(record.application_date, profile.talk_within_months)
    return [Due("talk", due, "talk.after_application")]


def _activist(record: Record, profile: RuleProfile) -> list[Due]:
    since = record.activist_since
    if since is None:
        return []
    recorded = len(assessments_recorded(record))
    interval = profile.assessment_interval_months
    return [
        Due(
            "assessment",
            add_months(since, (recorded + 1) * interval),
            "assessment.half_yearly",
        ),
        Due(
            "cultivation_year",
            add_years(since, profile.cultivation_years),
            "cultivation.one_year",
        ),
    ]


def _approval(record: Record, profile: RuleProfile, *, conversion: bool) -> list[Due]:
    ballot = record.conversion_ballot if conversion else record.admission_ballot
    if ballot is None:
        return []
    what = "conversion_approval" if conversion else "admission_approval"
    due = add_months(ballot.held_on, profile.approval_months)
    return [Due(what, due, "approval.deadline")]


def due_items(
    state: str, record: Record, *, profile: RuleProfile, calendar: WorkingCalendar
) -> tuple[Due, ...]:
    """Every step with a date that the candidate's current state waits for."""
    items: list[Due] = []
    if state == "applicant":
        items += _applicant(record, profile)
    if state == "activist":
        items += _activist(record, profile)
    if record.notice is not None and record.notice.closed_on is None:
        items.append(notice_end(record.notice, profile, calendar))
    if state == "awaiting_approval":
        items += _approval(record, profile, conversion=False)
    if state in PROBATION_STATES and record.probation_ends is not None:
        items.append(Due("probation_end", record.probation_ends, "probation.ended"))
    if state == "awaiting_conversion_approval":
        items += _approval(record, profile, conversion=True)
    return tuple(sorted(items, key=lambda item: (item.due_date, item.what)))


def within(items: tuple[Due, ...], *, today: date, days: int) -> tuple[Due, ...]:
    """Items overdue or due in the next `days` days (today included)."""
    return tuple(item for item in items if item.days_left(today) <= days)
